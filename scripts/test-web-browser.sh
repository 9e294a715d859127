#!/usr/bin/env bash
# The web reader end to end in a real browser: headless Chromium (Debian's chromium and
# chromium-driver, which scripts/install-deps.sh installs) driven by Python's selenium (from
# PyPI, in a virtual environment under .build/) against real folio-web, folio and folio-server
# binaries (Tests/Fixtures/web_reader_e2e.py). Screenshots at 390 and 1280 px are kept in
# .build/test-artifacts/web. Run by `make test`; without Chromium it fails, never skips.
#
#   FOLIO_BUILD_DIR  where the binaries are (default .build/debug)
set -euo pipefail
cd "$(dirname "$0")/.."

chromium=$(command -v chromium || command -v chromium-browser || true)
driver=$(command -v chromedriver || true)
if [[ -z "$chromium" || -z "$driver" ]]; then
    echo "test-web-browser: FAILED: headless Chromium is needed (apt-get install chromium chromium-driver, or scripts/install-deps.sh)" >&2
    exit 1
fi
build="${FOLIO_BUILD_DIR:-.build/debug}"
for binary in folio folio-web folio-server; do
    [[ -x "$build/$binary" ]] || { echo "test-web-browser: FAILED: build $binary first (swift build --product $binary)" >&2; exit 1; }
done

venv=.build/venv-selenium
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "selenium>=4.20,<5"
fi
artifacts=.build/test-artifacts/web
mkdir -p "$artifacts"
CHROMIUM="$chromium" CHROMEDRIVER="$driver" SE_OFFLINE=true "$venv/bin/python" Tests/Fixtures/web_reader_e2e.py "$build" "$artifacts"
