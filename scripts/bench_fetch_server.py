#!/usr/bin/env python3
"""The web server of scripts/bench-fetch.sh: answers every GET with a news article page (a
readable article among navigation and comments, about 3 KB) after a delay, one thread per
request, on 127.0.0.1 and on the extra loopback addresses given, all on one port. Prints the
port, then serves until its standard input closes.

    bench_fetch_server.py --delay-ms 100 --aliases 127.0.0.2 127.0.0.3 127.0.0.4
"""
import argparse, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Bench Times</title>
<meta property="og:site_name" content="The Bench Times"><meta name="author" content="Ana Pérez">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<main><article><h1>{title}</h1>
""" + "".join(
    f"<p>Paragraph {n}: across the old town, café owners are preparing for a winter that many expect "
    "to be the hardest in a decade, with energy prices still high and fewer tourists, and they say so.</p>\n"
    for n in range(1, 13)) + """</article></main>
<section class="comments"><div class="comment">First!</div></section>
<footer>© The Bench Times.</footer></body></html>
"""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    delay = 0.1
    # Headers and body leave in one write, without Nagle's algorithm: written apart, the body
    # waited for the client's delayed ACK of the headers (40 ms a page on reused connections).
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        time.sleep(self.delay)
        body = PAGE.format(title="Story " + self.path.rsplit("/", 1)[-1]).encode("utf-8")
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
        self.wfile.write(head.encode("ascii") + body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay-ms", type=int, default=100)
    parser.add_argument("--aliases", nargs="*", default=[])
    options = parser.parse_args()
    Handler.delay = options.delay_ms / 1000
    server = Server(("127.0.0.1", 0), Handler)
    servers = [server] + [Server((address, server.server_address[1]), Handler) for address in options.aliases]
    for each in servers:
        threading.Thread(target=each.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
