#!/usr/bin/env bash
# Extraction quality and speed (issues 5 and 13; see docs/extraction.md): builds folio-extract-bench
# in release mode, runs it over every shared extraction set (scrapinghub, readability, wcxb,
# trafilatura), runs trafilatura and readability-lxml over the same pages as baselines, and scores
# all three with scripts/extraction_score.py: per set, per half of the keys (dev: rules are developed
# on it; held-out: never tuned on), F1, precision, recall and median time per page.
#
# The baselines come from PyPI into a virtual environment under bench-data/ (created when missing);
# they are only for this benchmark, never a dependency of Folio.
#
# Environment:
#   BENCH_EXTRACTION_DATA  the data folder (default ${SHARED:-../shared}/data/extraction)
#   BENCH_REPEAT           extractions per page, the median CPU time of the extracting thread is reported
#                          (default 5; baselines: BENCH_BASELINE_REPEAT, 3)
#   BENCH_SKIP_BUILD=1     use .build-release/release/folio-extract-bench as it is
#   BENCH_BASELINES        run (default) | reuse (keep the baselines' results of an earlier run when present) | skip
set -euo pipefail
cd "$(dirname "$0")/.."

data="${BENCH_EXTRACTION_DATA:-${SHARED:-../shared}/data/extraction}"
repeat="${BENCH_REPEAT:-5}"
baseline_repeat="${BENCH_BASELINE_REPEAT:-3}"
baselines="${BENCH_BASELINES:-run}"
results="bench-data/extraction"
venv="bench-data/venv-extraction"
scratch=".build-release"

fail() { echo "bench-extraction: $*" >&2; exit 1; }

[[ -f "$data/scrapinghub/ground-truth.json" ]] || fail "no test pages at $data (set BENCH_EXTRACTION_DATA)"
command -v python3 > /dev/null || fail "python3 is needed to score"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    swift build -c release --product folio-extract-bench --scratch-path "$scratch" > /dev/null \
        || fail "release build of folio-extract-bench failed"
fi
bin="$scratch/release/folio-extract-bench"
[[ -x "$bin" ]] || fail "build first: swift build -c release --product folio-extract-bench --scratch-path $scratch"

mkdir -p "$results"
echo "bench-extraction: folio over $data" >&2
"$bin" --data "$data" --repeat "$repeat" > "$results/folio.jsonl"
inputs=("$results/folio.jsonl")

if [[ "$baselines" != skip ]]; then
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import trafilatura, readability, lxml_html_clean" 2> /dev/null; then
        echo "bench-extraction: installing trafilatura and readability-lxml into $venv" >&2
        python3 -m venv "$venv" || fail "python3 -m venv failed"
        "$venv/bin/pip" install -q --upgrade pip > /dev/null || fail "pip upgrade failed"
        "$venv/bin/pip" install -q trafilatura readability-lxml lxml_html_clean > /dev/null || fail "pip install of the baselines failed"
    fi
    for extractor in trafilatura readability-lxml; do
        output="$results/$extractor.jsonl"
        if [[ "$baselines" == reuse && -s "$output" ]]; then
            echo "bench-extraction: reusing $output" >&2
        else
            echo "bench-extraction: $extractor over $data" >&2
            "$venv/bin/python" scripts/extraction_baselines.py --data "$data" --extractor "$extractor" --repeat "$baseline_repeat" > "$output"
        fi
        inputs+=("$output")
    done
    "$venv/bin/python" -c 'import importlib.metadata as m; print("baselines: trafilatura", m.version("trafilatura"), "/ readability-lxml", m.version("readability-lxml"))' \
        | tee "$results/versions.txt"
fi

python3 scripts/extraction_score.py "${inputs[@]}" --data "$data" | tee "$results/report.txt"
python3 scripts/extraction_score.py "${inputs[@]}" --data "$data" --json > "$results/report.json"
echo "per-page results: ${inputs[*]}" >&2
