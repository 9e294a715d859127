#!/usr/bin/env bash
# Parallel fetch benchmark (issue 12; see docs/benchmarks.md, "Parallel fetch"): a loopback
# web server answers each page after 100 ms (scripts/bench_fetch_server.py, one thread per
# request); fresh stores of BENCH_FETCH_COUNT pending articles (imported from a Folio JSON-lines
# export this script writes) are fetched by `folio fetch --jobs 1` and `--jobs 8`, and the
# same URLs by `xargs -P 8 curl` (BENCH_FETCH_CURL_BATCH URLs per curl process, so that each
# keeps its connection, as folio's handles do). The URLs are spread over four loopback hosts
# (127.0.0.1 to 127.0.0.4) because folio fetches at most 2 pages from one host at once.
#
# Targets: --jobs 8 at least 6 times faster than --jobs 1, and within 1.5 times of curl.
#
# Environment:
#   BENCH_BIN               folder holding folio (default .build/release, else .build/debug)
#   BENCH_FETCH_COUNT       pending articles (default 1000)
#   BENCH_FETCH_DELAY_MS    the server's delay per page (default 100)
#   BENCH_FETCH_CURL_BATCH  URLs per curl process (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."

count="${BENCH_FETCH_COUNT:-1000}"
delay="${BENCH_FETCH_DELAY_MS:-100}"
batch="${BENCH_FETCH_CURL_BATCH:-10}"
if [[ -n "${BENCH_BIN:-}" ]]; then
    bin="$BENCH_BIN"
elif [[ -x .build/release/folio ]]; then
    bin=.build/release
else
    bin=.build/debug
fi
folio="$bin/folio"

fail() { echo "bench-fetch: $*" >&2; exit 1; }
[[ -x "$folio" ]] || fail "no folio in $bin (swift build -c release --product folio, or set BENCH_BIN)"
command -v python3 > /dev/null || fail "python3 is needed (the web server)"
command -v curl > /dev/null || fail "curl is needed (the baseline)"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2> /dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# The server, fed by a FIFO that stays open until the end (it stops when its stdin closes).
mkfifo "$work/server-in"
python3 scripts/bench_fetch_server.py --delay-ms "$delay" --aliases 127.0.0.2 127.0.0.3 127.0.0.4 \
    < "$work/server-in" > "$work/server-out" &
server_pid=$!
exec 3> "$work/server-in"
for _ in $(seq 1 100); do
    [[ -s "$work/server-out" ]] && break
    sleep 0.1
done
port="$(head -1 "$work/server-out")"
[[ -n "$port" ]] || fail "the web server did not start"

# The URLs: /story/N on four hosts in turn.
python3 - "$count" "$port" > "$work/urls" << 'PY'
import sys
count, port = int(sys.argv[1]), sys.argv[2]
for n in range(count):
    print(f"http://127.0.0.{n % 4 + 1}:{port}/story/{n}")
PY

# A Folio JSON-lines export of the pending articles: one saved by `folio add --no-fetch` as
# the template, copied with a new id, URL and title per line.
template_home="$work/template"
mkdir -p "$template_home"
FOLIO_HOME="$template_home" "$folio" add "http://127.0.0.1:$port/story/template" --no-fetch > /dev/null
FOLIO_HOME="$template_home" "$folio" export --format jsonl > "$work/template.jsonl"
python3 - "$work/template.jsonl" "$work/urls" > "$work/pending.jsonl" << 'PY'
import json, sys
lines = [json.loads(line) for line in open(sys.argv[1])]
header = next(line for line in lines if line.get("type") == "header")
article = next(line for line in lines if line.get("type") == "article")["article"]
print(json.dumps(header))
for n, url in enumerate(line.strip() for line in open(sys.argv[2])):
    copy = dict(article)
    copy["id"] = article["id"][:24] + format(n, "012x")
    copy["url"] = url
    copy["title"] = url
    if "normalizedURL" in copy:
        copy["normalizedURL"] = url
    print(json.dumps({"type": "article", "article": copy}))
PY

seconds() { python3 -c 'import time; print(f"{time.monotonic():.3f}")'; }

# Times `folio fetch --jobs N` on a fresh store of the pending articles.
time_folio() {
    local jobs="$1" home="$work/jobs-$1"
    mkdir -p "$home"
    FOLIO_HOME="$home" "$folio" import "$work/pending.jsonl" > /dev/null
    local pending
    pending="$(FOLIO_HOME="$home" "$folio" list --pending --ids | wc -l)"
    [[ "$pending" == "$count" ]] || fail "the store holds $pending pending articles, not $count"
    local start end
    start="$(seconds)"
    FOLIO_HOME="$home" "$folio" fetch --jobs "$jobs" > "$work/fetch-$jobs.txt" 2> "$work/fetch-$jobs.err" \
        || fail "folio fetch --jobs $jobs failed: $(cat "$work/fetch-$jobs.err")"
    end="$(seconds)"
    grep -q "Fetched $count of $count" "$work/fetch-$jobs.txt" || fail "folio fetch --jobs $jobs: $(cat "$work/fetch-$jobs.txt")"
    python3 -c "print(f'{$end - $start:.2f}')"
}

time_curl() {
    local start end
    start="$(seconds)"
    xargs -P 8 -n "$batch" curl -sf < "$work/urls" > /dev/null || fail "curl failed"
    end="$(seconds)"
    python3 -c "print(f'{$end - $start:.2f}')"
}

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); folio: $folio"
echo "== $count pending articles on 4 loopback hosts, each page answered after $delay ms"
jobs1="$(time_folio 1)"
echo "folio fetch --jobs 1: ${jobs1} s"
jobs8="$(time_folio 8)"
echo "folio fetch --jobs 8: ${jobs8} s"
curl8="$(time_curl)"
echo "xargs -P 8 curl ($batch URLs per process): ${curl8} s"
python3 - "$jobs1" "$jobs8" "$curl8" << 'PY'
import sys
jobs1, jobs8, curl8 = map(float, sys.argv[1:])
speedup, versus_curl = jobs1 / jobs8, jobs8 / curl8
print(f"jobs 8 vs jobs 1: {speedup:.2f}x faster (target >= 6)  {'ok' if speedup >= 6 else 'MISSED'}")
print(f"jobs 8 vs curl:   {versus_curl:.2f}x the time (target <= 1.5)  {'ok' if versus_curl <= 1.5 else 'MISSED'}")
PY
