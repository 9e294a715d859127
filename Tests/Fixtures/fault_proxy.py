#!/usr/bin/env python3
"""A loopback HTTP proxy that injects faults between `folio` and `folio-server`.

  fault_proxy.py UPSTREAM_URL [--drop-push-answers N] [--fail-pulls-after K] [--cut-answers N] [--stall N]
                 [--stall-pulls-after K]

Prints its port, then forwards every request to UPSTREAM_URL and returns the answer, except:
  --drop-push-answers N   the first N pushes reach the server (which commits them), but the
                          proxy closes the connection instead of answering
  --fail-pulls-after K    after K pulls were answered, every further pull is cut off
                          (connection closed) without reaching the server
  --cut-answers N         the first N answers are cut in the middle of their body (the
                          headers promise the whole body; half of it comes, then the
                          connection closes)
  --stall N               the first N requests reach nobody and get no answer: the
                          connection stays open and silent until the client gives up
  --stall-pulls-after K   after K pulls were answered, further pulls get no answer (silent
                          until healed); the proxy prints "stalled" on its standard output
                          when the first one arrives
Writing a line to its standard input clears all faults; closing it stops the proxy.
"""
import argparse, sys, threading, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("upstream")
parser.add_argument("--drop-push-answers", type=int, default=0)
parser.add_argument("--fail-pulls-after", type=int, default=-1)
parser.add_argument("--cut-answers", type=int, default=0)
parser.add_argument("--stall", type=int, default=0)
parser.add_argument("--stall-pulls-after", type=int, default=-1)
options = parser.parse_args()
state = {"drops": options.drop_push_answers, "pulls": 0, "fail_after": options.fail_pulls_after,
         "cuts": options.cut_answers, "stalls": options.stall, "stall_after": options.stall_pulls_after}
healed = threading.Event()
lock = threading.Lock()


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def cut(self):
        self.close_connection = True
        self.connection.close()

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        is_push = self.path.startswith("/v1/push")
        is_pull = self.path.startswith("/v1/pull")
        with lock:
            stall = state["stalls"] > 0
            if stall:
                state["stalls"] -= 1
        if stall:
            healed.wait(120)  # silent until healed; the client's timeout comes first
            return self.cut()
        with lock:
            stall_pull = is_pull and state["stall_after"] >= 0 and state["pulls"] >= state["stall_after"]
        if stall_pull:
            print("stalled", flush=True)
            healed.wait(120)
            return self.cut()
        with lock:
            if is_pull:
                if state["fail_after"] >= 0 and state["pulls"] >= state["fail_after"]:
                    return self.cut()
                state["pulls"] += 1
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection", "expect")}
        request = urllib.request.Request(options.upstream + self.path, data=body, headers=headers, method=self.command)
        try:
            with urllib.request.urlopen(request) as answer:
                status, answer_headers, payload = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, payload = error.code, error.headers, error.read()
        with lock:
            if is_push and state["drops"] > 0:
                state["drops"] -= 1
                return self.cut()  # the server committed; the answer is lost
        self.send_response(status)
        for name, value in answer_headers.items():
            if name.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        with lock:
            cut = state["cuts"] > 0
            if cut:
                state["cuts"] -= 1
        if cut:
            self.wfile.write(payload[: len(payload) // 2])
            self.wfile.flush()
            return self.cut()
        self.wfile.write(payload)

    do_GET = do_POST = forward


server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
print(server.server_address[1], flush=True)
for line in sys.stdin:
    with lock:
        state.update(drops=0, fail_after=-1, cuts=0, stalls=0, stall_after=-1)
    healed.set()
