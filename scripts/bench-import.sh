#!/usr/bin/env bash
# Import benchmark of issue 12 (`make bench`; docs/benchmarks.md): a 10,000-row and a
# 100,000-row Pocket CSV derived from the corpus, each imported by a whole `folio import`
# process into a new store (rows per second, peak memory), beside the sqlite3 CLI importing
# the same CSV into one table.
#
# Environment: BENCH_BIN (folder of release binaries, default .build/release), BENCH_SIZES
# (rows, default "10000 100000"), BENCH_CORPUS, BENCH_SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${BENCH_BIN:-.build/release}"
corpus="${BENCH_CORPUS:-${SHARED:-../shared}/data/corpus/news.jsonl}"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 && -z "${BENCH_BIN:-}" ]]; then
    scripts/build-release.sh folio > /dev/null
fi
[[ -x "$bin/folio" ]] || { echo "bench-import: no folio at $bin" >&2; exit 1; }
echo "== import: Pocket CSV, whole folio import process ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
python3 scripts/bench_import.py --folio "$bin/folio" --corpus "$corpus" --sizes "${BENCH_SIZES:-10000 100000}" \
    --sqlite3 "${BENCH_SQLITE3:-/usr/bin/sqlite3}"
