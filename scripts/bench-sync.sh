#!/usr/bin/env bash
# Sync benchmarks of issues 3 and 14 (run by `make bench` after the search benchmarks; see
# docs/benchmarks.md): initial and incremental sync through a real folio-server, against a
# baseline of curl fetching the same pages from the same server plus the sqlite3 CLI loading
# the same rows with their FTS5 index; the edit-heavy library against the same library made
# with no edits; a long-lived note; the server's memory under concurrent pushes.
#
# Environment:
#   BENCH_SYNC_SIZES   library sizes, articles (default "1000,10000,100000")
#   BENCH_EDIT_ARTICLES, BENCH_EDIT_NOTES  the edit-heavy library (default 10000 and 2000)
#   BENCH_SYNC_TRIALS  incremental syncs per size (default 7)
#   BENCH_NOTE_HISTORIES  versions of the long-lived note (default "1,100,1000")
#   BENCH_CORPUS       the corpus (default ../shared/data/corpus/news.jsonl, or $SHARED/data/...)
#   BENCH_BIN          folder of prebuilt release binaries (default: build into .build/release)
#   BENCH_SKIP_BUILD=1 use .build/release as it is
set -euo pipefail
cd "$(dirname "$0")/.."

corpus="${BENCH_CORPUS:-${SHARED:-../shared}/data/corpus/news.jsonl}"
bin="${BENCH_BIN:-.build/release}"
fail() { echo "bench-sync: $*" >&2; exit 1; }

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 && -z "${BENCH_BIN:-}" ]]; then
    for product in folio folio-server folio-bench; do
        scripts/build-release.sh "$product" > /dev/null || fail "release build of $product failed"
    done
fi
[[ -f "$corpus" ]] || fail "no corpus at $corpus (set BENCH_CORPUS)"
for tool in folio folio-server folio-bench; do [[ -x "$bin/$tool" ]] || fail "no $bin/$tool: build it first"; done
command -v curl > /dev/null || fail "curl is needed for the baseline (apt-get install curl)"
command -v sqlite3 > /dev/null || fail "the sqlite3 CLI is needed for the baseline (apt-get install sqlite3)"

echo "== sync: machine $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(curl --version | head -n 1 | cut -d' ' -f1-2)"
python3 scripts/bench_sync.py --bin "$bin" --corpus "$corpus" --sizes "${BENCH_SYNC_SIZES:-1000,10000,100000}" \
    --trials "${BENCH_SYNC_TRIALS:-7}" --work bench-data/sync --out-dir bench-data/results

echo "== the edit-heavy library against the same library with no edits (bench_edit_history.py)"
python3 scripts/bench_edit_history.py --bin "$bin" --corpus "$corpus" --articles "${BENCH_EDIT_ARTICLES:-10000}" \
    --notes "${BENCH_EDIT_NOTES:-2000}" --work bench-data/edit-history --out-dir bench-data/results

echo "== a long-lived note: one edit synced when the note has 1, 100 and 1,000 versions (bench_note_history.py)"
python3 scripts/bench_note_history.py --bin "$bin" --histories "${BENCH_NOTE_HISTORIES:-1,100,1000}" \
    --work bench-data/note-history --out-dir bench-data/results

echo "== server memory: 16 concurrent pushes of 60 MB (bench_server_memory.py)"
python3 scripts/bench_server_memory.py "$bin/folio-server" --pushes 16 --megabytes 60 --settle 60 \
    | tee bench-data/results/server-memory.txt
