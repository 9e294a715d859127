#!/usr/bin/env bash
# Extraction quality and speed (issue 5; see docs/extraction.md): builds folio-extract-bench in
# release mode, runs it over the shared ScrapingHub and Readability pages, and scores the result
# with scripts/extraction_score.py (body P/R/F1 per half of the keys, title/byline/date accuracy,
# median and p90 time per page).
#
# Environment:
#   BENCH_EXTRACTION_DATA  the data folder (default ${SHARED:-../shared}/data/extraction)
#   BENCH_REPEAT           extractions per page, the median is reported (default 5)
#   BENCH_SKIP_BUILD=1     use .build/release/folio-extract-bench as it is
set -euo pipefail
cd "$(dirname "$0")/.."

data="${BENCH_EXTRACTION_DATA:-${SHARED:-../shared}/data/extraction}"
repeat="${BENCH_REPEAT:-5}"
results="bench-data/extraction"

fail() { echo "bench-extraction: $*" >&2; exit 1; }

[[ -f "$data/scrapinghub/ground-truth.json" ]] || fail "no test pages at $data (set BENCH_EXTRACTION_DATA)"
command -v python3 > /dev/null || fail "python3 is needed to score"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    swift build -c release --product folio-extract-bench > /dev/null || fail "release build of folio-extract-bench failed"
fi
bin=".build/release/folio-extract-bench"
[[ -x "$bin" ]] || fail "build first: swift build -c release --product folio-extract-bench"

mkdir -p "$results"
"$bin" --data "$data" --repeat "$repeat" > "$results/pages.jsonl"
python3 scripts/extraction_score.py "$results/pages.jsonl" --data "$data" | tee "$results/report.txt"
python3 scripts/extraction_score.py "$results/pages.jsonl" --data "$data" --json > "$results/report.json"
echo "per-page results: $results/pages.jsonl" >&2
