#!/usr/bin/env python3
"""Measures again, with other binaries, the everyday commands and the incremental sync of a size
that `bench_sync.py` ran and kept (bench-data/sync/SIZE: writer, reader, server data), without
generating, pushing and pulling it again (a million articles take about an hour):

    python3 scripts/bench_sync_kept.py --bin .build-release/release --work bench-data/sync/1000000

It gives the server's user a new token, logs both devices in again, lets a first command
migrate each store (outside the measured runs), then prints the median and p99 of 21 runs of
search, list, show and status on the reader, and the incremental syncs of one edited title.
"""
import argparse, json, os, statistics, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_process import home_env, run_measured
parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True, help="folder with release folio and folio-server")
parser.add_argument("--work", required=True, help="the kept size's folder, e.g. bench-data/sync/1000000")
parser.add_argument("--trials", type=int, default=5)
options = parser.parse_args()
bin_, work, trials = options.bin, options.work, options.trials
writer, reader, data = (os.path.join(work, n) for n in ("writer", "reader", "server"))
def folio(home, *a):
    return subprocess.run([os.path.join(bin_, "folio"), *a], env=home_env(home), check=True, capture_output=True, text=True).stdout
env = dict(os.environ, FOLIO_SERVER_LOG_LEVEL="warning")
token = subprocess.run([os.path.join(bin_, "folio-server"), "user", "token", "bench", "--data-dir", data], env=env, check=True, capture_output=True, text=True).stdout.strip()
server = subprocess.Popen([os.path.join(bin_, "folio-server"), "serve", "--port", "0", "--data-dir", data], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
url = server.stdout.readline().decode().split()[-1]
try:
    for home in (writer, reader):
        folio(home, "login", url, "--token", token)
    # Both stores migrated by a first command, outside the measured runs.
    folio(writer, "status"); folio(reader, "status")
    article = json.loads(folio(reader, "list", "--limit", "1", "--json"))[0]["id"]
    commands = {"search": ["search", "market", "--limit", "20"], "list": ["list", "--limit", "20"],
                "show": ["show", article, "--no-pager"], "status": ["status"]}
    for name, arguments in commands.items():
        samples = []
        for _ in range(21):
            started = time.perf_counter()
            subprocess.run([os.path.join(bin_, "folio"), *arguments], env=home_env(reader), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            samples.append(time.perf_counter() - started)
        samples.sort()
        print(f"{name}: median {statistics.median(samples)*1000:.1f} ms, p99 {samples[-1]*1000:.1f} ms", flush=True)
    article = json.loads(folio(writer, "list", "--limit", "1", "--json"))[0]["id"]
    times = []
    for trial in range(trials):
        folio(writer, "edit", article, "--title", f"Again {trial}")
        folio(writer, "sync")
        wall, rss, out = run_measured([os.path.join(bin_, "folio"), "sync", "--json"], home_env(reader))
        summary = json.loads(out)
        assert summary["pulled"] == 1, summary
        times.append(wall)
        print(f"incremental {trial}: {wall*1000:.0f} ms, {summary['bytesSent'] + summary['bytesReceived']} B, {rss:.0f} MiB", flush=True)
    print(f"incremental median {statistics.median(times)*1000:.0f} ms")
finally:
    server.terminate(); server.wait()
