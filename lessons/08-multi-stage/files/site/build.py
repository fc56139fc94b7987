# Turns every pages/*.txt into an HTML page in out/: the first line is the title, the rest are
# paragraphs separated by blank lines. Usage: python build.py pages out
import html, pathlib, sys

src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for page in sorted(src.glob("*.txt")):
    title, _, body = page.read_text().partition("\n")
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>\n" for p in body.split("\n\n") if p.strip())
    (out / f"{page.stem}.html").write_text(
        f"<!doctype html>\n<title>{html.escape(title)}</title>\n<h1>{html.escape(title)}</h1>\n{paragraphs}")
    print(f"built {page.stem}.html")
