#!/usr/bin/env bash
# Regenerates scripts/folio.order, the link order of folio's hot code (docs/benchmarks.md,
# "Search"): builds folio and folio-bench for release (scripts/build-release.sh), makes a
# 2,000-article library from the corpus, runs short commands under callgrind, and lists every
# function of folio they ran, search first, as the sections gold lays out together.
#
# Run it after changes to what `folio search`, `list`, `show` or `status` run; a function the
# file does not name is still linked, only not among the hot code.
#   scripts/make-order-file.sh [CORPUS]
# ORDER_BIN: a folder with folio and folio-bench built by scripts/build-release.sh already.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-${SHARED:-../shared}/data/corpus/news.jsonl}"
fail() { echo "make-order-file: $*" >&2; exit 1; }
command -v valgrind > /dev/null || fail "valgrind is needed (apt-get install valgrind)"
[[ -f "$corpus" ]] || fail "no corpus at $corpus"

bin="${ORDER_BIN:-}"
if [[ -z "$bin" ]]; then
    scripts/build-release.sh folio > /dev/null || fail "release build of folio failed"
    scripts/build-release.sh folio-bench > /dev/null || fail "release build of folio-bench failed"
    bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin/folio-bench" generate --count 2000 --notes 2000 --corpus "$corpus" --out "$work/library.sqlite" > /dev/null
# valgrind reads the symbols; the debug information only slows it down.
strip --strip-debug -o "$work/folio" "$bin/folio"
export FOLIO_HOME="$work" NO_COLOR=1
ids="$("$work/folio" list --ids)"
id="${ids%%$'\n'*}"
index=0
for arguments in "search market" "search being -n 5 --json" "list" "show $id" "status" "--version"; do
    index=$((index + 1))
    # shellcheck disable=SC2086  # the words of each command line
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/$index.profile" \
        "$work/folio" $arguments > /dev/null 2> "$work/$index.log" || fail "folio $arguments failed (see valgrind's log)"
done
python3 scripts/order_file.py "$work/folio" $(for i in $(seq "$index"); do echo "$work/$i.profile"; done) > scripts/folio.order
echo "make-order-file: scripts/folio.order names $(wc -l < scripts/folio.order) functions"
