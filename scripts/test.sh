#!/usr/bin/env bash
# The whole test suite: formatting, then every Swift test target (unit, store and CLI tests
# that run the built `folio` binary against the shared test data).
set -euo pipefail
cd "$(dirname "$0")/.."
export FOLIO_SHARED_DATA="${FOLIO_SHARED_DATA:-$(cd ../shared/data 2>/dev/null && pwd || true)}"
echo "== format lint"
swift format lint --strict --recursive Package.swift Plugins Sources Tests
echo "== module graph"
scripts/check-imports.sh
echo "== build"
swift build --build-tests
# The man-page generator `make install` uses (the install test runs it).
swift build --product generate-manual
echo "== tests"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
scripts/with-postgres.sh swift test --skip-build 2>&1 | tee "$log" || status=$?
# Swift Testing's summary: "Test run with N tests in M suites passed|failed ...".
total=$(grep -oE 'Test run with [0-9]+ tests?' "$log" | grep -oE '[0-9]+' | tail -1 || true)
failed=$(grep -cE '^✘ Test .* failed after' "$log" || true)
echo "tests: $(( ${total:-0} - failed )) passed, $failed failed"
echo "== docs/openapi.yaml against a real server (schemathesis)"
scripts/check-openapi.sh || status=$?
echo "== the web reader in headless Chromium (selenium)"
scripts/test-web-browser.sh || status=$?
exit "$status"
