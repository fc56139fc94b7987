"""webapp: a tiny web server. It serves the site/ folder, and /hello counts its visits in /data."""
import http.server
import os
import pwd
from pathlib import Path

GREETING = os.environ.get("GREETING", "Hello")
VISITS = Path("/data/visits.txt")


def user():
    return pwd.getpwuid(os.getuid()).pw_name


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory="site", **kwargs)

    def do_GET(self):
        if self.path != "/hello":
            return super().do_GET()
        visits = int(VISITS.read_text()) + 1 if VISITS.exists() else 1
        VISITS.write_text(str(visits))
        body = f"{GREETING}! Visit number {visits}, served by user {user()}.\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


print(f"webapp: listening on port 8000 as user {user()}", flush=True)
http.server.ThreadingHTTPServer(("", 8000), Handler).serve_forever()
