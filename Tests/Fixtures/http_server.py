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
Runs until its standard input closes.
"""
import gzip, json, sys, threading, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counts = {}
lock = threading.Lock()


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
        if url.path == "/ok":
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
print(server.server_address[1], flush=True)
sys.stdin.read()
