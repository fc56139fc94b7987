"""hits: a web page that counts its visits in Redis, the classic first Compose app."""
import http.server
import os
import socket

REDIS_HOST = os.environ.get("REDIS_HOST", "localhost")
GREETING = "Hello from"


def count_visit():
    """INCR hits in Redis, speaking its protocol directly (no client library needed)."""
    with socket.create_connection((REDIS_HOST, 6379), timeout=5) as redis:
        redis.sendall(b"INCR hits\r\n")
        reply = redis.recv(64)  # an integer reply looks like b":42\r\n"
    return int(reply[1:].strip())


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        try:
            body = f"{GREETING} {socket.gethostname()}! This page has been viewed {count_visit()} times.\n"
            status = 200
        except OSError as error:
            body, status = f"Cannot reach Redis at {REDIS_HOST}:6379 ({error})\n", 503
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


print(f"hits: listening on port 8000, counting in Redis at {REDIS_HOST}", flush=True)
http.server.ThreadingHTTPServer(("", 8000), Handler).serve_forever()
