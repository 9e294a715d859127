#!/usr/bin/env python3
"""Server memory under concurrent large pushes (issue 11), for `make bench`.

  bench_server_memory.py FOLIO_SERVER_BIN [--pushes 16] [--megabytes 60] [--settle 60]

Starts folio-server (embedded SQLite, a temporary folder), sends PUSHES concurrent pushes of
about MEGABYTES each (one article whose content is that large: decoded, then refused for its
size), and reports the server's peak resident memory (VmHWM), its resident memory right after
the pushes, and SETTLE seconds later (VmRSS), with how the pushes were answered.
"""
import argparse, concurrent.futures, json, os, subprocess, tempfile, time, urllib.request, uuid

parser = argparse.ArgumentParser()
parser.add_argument("server")
parser.add_argument("--pushes", type=int, default=16)
parser.add_argument("--megabytes", type=int, default=60)
parser.add_argument("--settle", type=int, default=60)
options = parser.parse_args()

def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0

with tempfile.TemporaryDirectory() as folder:
    token = subprocess.run([options.server, "user", "add", "bench", "--data-dir", folder], check=True,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1]
    server = subprocess.Popen([options.server, "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", folder],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = server.stdout.readline().strip().removeprefix("listening on ")
    baseline = status_kb(server.pid, "VmRSS")
    device = "01900000-0000-7000-8000-0000000000bb"
    def push(index):
        article = {"id": str(uuid.uuid4()), "title": f"Large {index}", "content": "x" * (options.megabytes << 20) ,
                   "savedAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-01-01T00:00:00.000Z", "tags": [],
                   "state": "unread", "starred": False, "progress": 0, "contentStatus": "ready", "excerpt": "",
                   "wordCount": 1, "readingMinutes": 1}
        change = {"sequence": index + 1, "entity": "article", "entityID": article["id"], "operation": "create",
                  "value": json.dumps(article), "timestamp": f"{int(time.time() * 1000):016d}-{index:05d}-{device}"}
        body = json.dumps({"deviceID": device, "mutations": [{"deviceSequence": index + 1, "change": change}]})
        body = body[: (options.megabytes << 20) - 1024] if len(body) > (64 << 20) else body
        waits = 0
        while True:
            request = urllib.request.Request(url + "/v1/push", data=body.encode(), method="POST",
                                             headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request) as answer:
                    return answer.status, waits
            except urllib.error.HTTPError as error:
                if error.code != 503:
                    return error.code, waits
                waits += 1
                time.sleep(float(error.headers.get("Retry-After", "1")))
            except urllib.error.URLError:
                # The server answered 503 before reading the body and closed the connection
                # while this client was still sending it: wait and send again, as folio does.
                waits += 1
                time.sleep(1)
    began = time.time()
    with concurrent.futures.ThreadPoolExecutor(options.pushes) as pool:
        answers = list(pool.map(push, range(options.pushes)))
    elapsed = time.time() - began
    peak = status_kb(server.pid, "VmHWM")
    after = status_kb(server.pid, "VmRSS")
    time.sleep(options.settle)
    settled = status_kb(server.pid, "VmRSS")
    server.terminate()
    server.wait()
    statuses = {}
    for code, _ in answers:
        statuses[code] = statuses.get(code, 0) + 1
    print(f"{options.pushes} concurrent pushes of {options.megabytes} MB in {elapsed:.1f} s: answers {statuses}, "
          f"{sum(w for _, w in answers)} 503-and-retry")
    print(f"server resident memory: idle before {baseline // 1024} MB, peak {peak // 1024} MB, "
          f"right after {after // 1024} MB, {options.settle} s later {settled // 1024} MB")
