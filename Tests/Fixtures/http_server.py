#!/usr/bin/env python3
"""A loopback HTTP server for the transport tests. Prints its port, then serves:

  /ok                 200 "hello"
  /gzip               a gzip-compressed body (Content-Encoding: gzip)
  /flaky?key=K&n=N    503 with Retry-After: 0 for the first N requests of key K, then 200
                      with the number of requests seen as the body
  /status?code=C      that status
  /slow?seconds=S     waits S seconds, then 200
  /big?bytes=B        a body of B bytes
  /echo               200 with the request's method, body and headers as JSON
Web pages for `folio add URL` and `folio fetch`:
  /article?charset=C&meta=M&gzip=1
                      a news article page with navigation, an ad, share buttons and
                      comments around it; encoded in C (default utf-8); the header names
                      charset C unless C is "none"; M adds a <meta charset=M>; gzip=1
                      compresses it
  /redirect?n=N&to=P  N redirects (302), then P
  /text?charset=C&label=L
                      a plain-text article (text/plain), encoded in C (default utf-8) and
                      labelled L (default C), with a line in typographic quotes
  /pdf, /image        a PDF and a PNG
  /count?key=K        how many requests /article?key=K got (to check what was fetched)
For parallel fetching (the host is the Host header's name: 127.0.0.1, localhost, 127.0.0.2
and 127.0.0.3 are four hosts; with --aliases the fixture also listens on 127.0.0.2 and
127.0.0.3, same port):
  /slowpage?key=K&page=P&ms=M&hold=H
                      the article page after M ms (default 200); counts the requests of key K
                      running at once, per host and in all, and prints "served K N" on
                      stdout once it has answered N of them; with H, requests of key K after
                      the first H wait for a "release" line on standard input
  /concurrency?key=K&host=H
                      the most requests of key K that ran at once on host H (all hosts
                      when H is not given)
  /missing?key=K      404;  /gone?key=K  410;  /busy?key=K  503 (no Retry-After)
  /hits?path=P&key=K  how many requests path P with key K got
Runs until its standard input closes.
"""
import gzip, json, sys, threading, time, urllib.parse

ARTICLE = """<!DOCTYPE html>
<html lang="en"><head>{meta}
<title>Café owners brace for the winter season | The Loopback Times</title>
<meta property="og:site_name" content="The Loopback Times">
<meta name="author" content="Ana Pérez">
<meta property="article:published_time" content="2025-02-08T09:30:00Z">
</head><body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<div class="ad-banner advertisement">Buy the new phone today! Limited offer.</div>
<main><article class="post-content">
<h1>Café owners brace for the winter season</h1>
<p>Across the old town, café owners are preparing for a winter that many expect to be the
hardest in a decade, with energy prices still high and fewer tourists, and they say so openly.</p>
<p>"We will keep the terrace heaters off this year," said the owner of a small café near the
river, who has run it for twenty years, adding that regular customers understand the choice.</p>
<h2>A season of hard choices</h2>
<p>Several owners told the paper that they would shorten opening hours, cut the menu, and rely
on the loyal neighbours who come every morning, rain or shine, for coffee and the news.</p>
<p>The city council has promised a small fund to help, but the details, owners complain, are
still unclear, and the application forms are long, confusing and only available online.</p>
</article></main>
<div class="share-buttons social"><a href="/share/fb">Share on Facebook</a> <a href="/share/x">Share on X</a></div>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment">First! Great article, totally agree with the owners.</div>
<div class="comment">This is why I make coffee at home.</div></section>
<footer class="site-footer">© The Loopback Times. All rights reserved. Privacy. Terms.</footer>
</body></html>
"""

# A page whose main text cannot be found: navigation, a sign-in prompt and a footer only.
BOILERPLATE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Sign in | The Loopback Times</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a> <a href="/culture">Culture</a> <a href="/business">Business</a> <a href="/science">Science</a> <a href="/opinion">Opinion</a> <a href="/travel">Travel</a></nav>
<div class="login-prompt"><p><a href="/login">Sign in</a> to read this story.</p></div>
<footer><ul><li><a href="/contact">Contact us</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li><li><a href="/careers">Careers</a></li><li><a href="/advertise">Advertise with us</a></li><li><a href="/newsletters">Newsletters</a></li><li><a href="/archive">Archive</a></li></ul></footer>
</body></html>
"""

TEXT = """Winter notes from the river

The river froze early this year, and the ferry stopped running in the second week of
December, for the first time since records began.
"""
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counts = {}
lock = threading.Lock()
# key -> {host or "*": requests running now}, and the most seen at once.
running = {}
most = {}
served = {}
arrived = {}
released = threading.Event()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        url = urllib.parse.urlparse(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with lock:
            hit = url.path + ":" + query.get("key", "")
            counts["hits:" + hit] = counts.get("hits:" + hit, 0) + 1
        if url.path == "/slowpage":
            key = query.get("key", "")
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
            with lock:
                now = running.setdefault(key, {})
                peak = most.setdefault(key, {})
                for name in (host, "*"):
                    now[name] = now.get(name, 0) + 1
                    peak[name] = max(peak.get(name, 0), now[name])
                arrived[key] = arrived.get(key, 0) + 1
                held = "hold" in query and arrived[key] > int(query["hold"])
            if held:
                released.wait()
            time.sleep(int(query.get("ms", "200")) / 1000)
            # No longer running before the answer leaves: a client cannot send its next
            # request before this one is counted out (so one job counts exactly 1).
            with lock:
                for name in (host, "*"):
                    now[name] -= 1
            try:
                self.send(200, ARTICLE.format(meta="").encode(), {"Content-Type": "text/html; charset=utf-8"})
            except OSError:
                return  # the client went away (Ctrl-C)
            with lock:
                served[key] = served.get(key, 0) + 1
                print(f"served {key} {served[key]}", flush=True)
        elif url.path == "/concurrency":
            with lock:
                peak = most.get(query.get("key", ""), {}).get(query.get("host", "*").lower(), 0)
            self.send(200, str(peak).encode())
        elif url.path in ("/missing", "/gone", "/busy"):
            self.send({"/missing": 404, "/gone": 410, "/busy": 503}[url.path], b"no")
        elif url.path == "/hits":
            with lock:
                hits = counts.get("hits:" + query.get("path", "") + ":" + query.get("key", ""), 0)
            self.send(200, str(hits).encode())
        elif url.path == "/ok":
            self.send(200, b"hello")
        elif url.path == "/gzip":
            self.send(200, gzip.compress(b"compressed " * 100), {"Content-Encoding": "gzip"})
        elif url.path == "/flaky":
            with lock:
                counts[query["key"]] = counts.get(query["key"], 0) + 1
                seen = counts[query["key"]]
            if seen <= int(query["n"]):
                self.send(503, b"busy", {"Retry-After": "0"})
            else:
                self.send(200, str(seen).encode())
        elif url.path == "/status":
            self.send(int(query["code"]), b"status")
        elif url.path == "/slow":
            time.sleep(float(query["seconds"]))
            self.send(200, b"late")
        elif url.path == "/big":
            self.send(200, b"x" * int(query["bytes"]))
        elif url.path == "/article":
            with lock:
                counts["article:" + query.get("key", "")] = counts.get("article:" + query.get("key", ""), 0) + 1
            charset = query.get("charset", "utf-8")
            meta = f'<meta charset="{query["meta"]}">' if "meta" in query else ""
            body = ARTICLE.format(meta=meta).encode("utf-8" if charset == "none" else charset)
            content_type = "text/html" if charset == "none" else f"text/html; charset={charset}"
            headers = {"Content-Type": content_type}
            if query.get("gzip") == "1":
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            self.send(200, body, headers)
        elif url.path == "/boilerplate":
            self.send(200, BOILERPLATE.encode(), {"Content-Type": "text/html; charset=utf-8"})
        elif url.path == "/count":
            self.send(200, str(counts.get("article:" + query.get("key", ""), 0)).encode())
        elif url.path == "/redirect":
            left = int(query["n"])
            target = f"/redirect?n={left - 1}&to={urllib.parse.quote(query['to'])}" if left > 1 else query["to"]
            self.send(302, b"", {"Location": target})
        elif url.path == "/text":
            charset = query.get("charset", "utf-8")
            label = query.get("label", charset)
            body = (TEXT + "\nThe ferryman said \u201cnever again\u201d.\n").encode(charset)
            self.send(200, body, {"Content-Type": f"text/plain; charset={label}"})
        elif url.path == "/pdf":
            self.send(200, b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n", {"Content-Type": "application/pdf"})
        elif url.path == "/image":
            self.send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, {"Content-Type": "image/png"})
        elif url.path == "/echo":
            reply = {"method": self.command, "body": body.decode("utf-8", "replace"),
                     "headers": {k.lower(): v for k, v in self.headers.items()}}
            self.send(200, json.dumps(reply).encode(), {"Content-Type": "application/json"})
        else:
            self.send(404, b"no such fixture")

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
if "--aliases" in sys.argv[1:]:
    # More loopback addresses on the same port: more hosts for the per-host limit.
    for address in ("127.0.0.2", "127.0.0.3"):
        alias = ThreadingHTTPServer((address, server.server_address[1]), Handler)
        alias.daemon_threads = True
        threading.Thread(target=alias.serve_forever, daemon=True).start()
print(server.server_address[1], flush=True)
for line in sys.stdin:
    if line.strip() == "release":
        released.set()
released.set()
