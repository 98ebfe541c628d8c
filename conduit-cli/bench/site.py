"""A generated website for compare-wget, served on 127.0.0.1 with a fixed latency per request.

    python3 site.py DIR PAGES             writes the site into DIR/site
    python3 site.py DIR --serve PORT MS   serves DIR on 127.0.0.1:PORT, each answer MS ms late

Pages form a tree of branching 5 (so 400 pages are 5 levels deep, the start page being 0), and
each links to its children, its parent, the start page and a sibling directory's index (so
pages are found more than once, at several depths); each has a picture and a srcset, and all
share a style sheet. HTTP/1.1 with keep-alive, one thread per connection.
"""
import os
import sys
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from functools import partial


def page_path(i):
    return "index.html" if i == 0 else f"d{i % 7}/p{i}.html"


def generate(root, pages):
    site = os.path.join(root, "site")
    os.makedirs(os.path.join(site, "img"), exist_ok=True)
    for d in range(7):
        os.makedirs(os.path.join(site, f"d{d}"), exist_ok=True)
    with open(os.path.join(site, "style.css"), "w") as f:
        f.write("body { font-family: sans-serif; }\n" * 20)
    for i in range(pages):
        links = [5 * i + k for k in range(1, 6) if 5 * i + k < pages]
        parent = (i - 1) // 5 if i > 0 else 0
        body = [f"<html><head><title>page {i}</title><link rel=stylesheet href=\"/site/style.css\"></head><body>",
                f"<h1>Page {i}</h1>", "<p>" + ("Lorem ipsum dolor sit amet. " * 40) + "</p>",
                f"<img src=\"/site/img/i{i}.png\" srcset=\"/site/img/i{i}.png 1x, /site/img/i{i}.png 2x\">",
                f"<a href=\"/site/{page_path(parent)}\">up</a> <a href=\"/site/index.html#top\">home</a>",
                f"<a href=\"/site/d{(i + 1) % 7}/\">next directory</a>"]
        body += [f"<a href=\"/site/{page_path(c)}\">page {c}</a>" for c in links]
        body.append("</body></html>\n")
        with open(os.path.join(site, page_path(i)), "w") as f:
            f.write("\n".join(body))
        with open(os.path.join(site, "img", f"i{i}.png"), "wb") as f:
            f.write(os.urandom(2048 + 37 * i % 4096))
    for d in range(7):  # a directory's own page, reached as /site/dN/
        with open(os.path.join(site, f"d{d}", "index.html"), "w") as f:
            f.write(f"<html><body>directory {d} <a href=\"/site/index.html\">home</a></body></html>\n")


class SlowHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes: without this, Nagle's algorithm and the client's
    # delayed ACK add 40 ms to every answer on a kept-alive connection
    disable_nagle_algorithm = True
    latency = 0.01

    def do_GET(self):
        time.sleep(self.latency)
        super().do_GET()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[2] == "--serve":
        SlowHandler.latency = int(sys.argv[4]) / 1000.0
        handler = partial(SlowHandler, directory=sys.argv[1])
        ThreadingHTTPServer.daemon_threads = True
        ThreadingHTTPServer(("127.0.0.1", int(sys.argv[3])), handler).serve_forever()
    else:
        generate(sys.argv[1], int(sys.argv[2]))
