#!/usr/bin/env bash
# Installs the Debian packages Folio builds and tests with, when they are missing.
set -euo pipefail
needed=(libsqlite3-dev libcurl4-openssl-dev libssl-dev zlib1g-dev libxml2-dev sqlite3 curl python3 postgresql postgresql-client tmux less)
# The web reader's browser test (scripts/test-web-browser.sh) and benchmark (scripts/bench-web.sh).
needed+=(chromium chromium-driver wrk)
# The job-control terminal tests run a real vi: any vi will do, vim-tiny when there is none.
command -v vi >/dev/null || needed+=(vim-tiny)
# scripts/check-openapi.sh installs schemathesis into a virtual environment: Debian's python3
# needs python3-venv for that (a python3 from elsewhere usually has it).
python3 -c 'import ensurepip, venv' 2>/dev/null || needed+=(python3-venv)
missing=()
for package in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install Swift 6 (https://swift.org/install) first" >&2; exit 1; }
