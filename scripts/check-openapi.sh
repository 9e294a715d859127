#!/usr/bin/env bash
# docs/openapi.yaml against a real folio-server (embedded SQLite, on loopback): schemathesis
# (from PyPI, in a virtual environment under .build/) generates requests from the document and
# checks every answer: schema-valid requests accepted, schema-violating ones refused, no 5xx,
# answers that match their schemas, 405 for undeclared methods. Run by `make test`.
#
#   SCHEMATHESIS_EXAMPLES  examples per operation and phase (default 100)
#   SCHEMATHESIS_SEED      the seed (default 1: the same cases on every run)
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.build/venv-schemathesis
if [[ ! -x "$venv/bin/schemathesis" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis>=4.3,<5"
fi

server_bin="${FOLIO_SERVER_BIN:-.build/debug/folio-server}"
[[ -x "$server_bin" ]] || { echo "check-openapi: build folio-server first (swift build --product folio-server)" >&2; exit 1; }
work="$(mktemp -d)"
cleanup() {
    [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
token="$("$server_bin" user add schemathesis --data-dir "$work" | tail -n 1)"
# The server prints "listening on URL" first: read that line (blocking until it comes).
exec 3< <(exec "$server_bin" serve --host 127.0.0.1 --port 0 --data-dir "$work" 2> "$work/log")
server_pid=$!
url=""
while read -r line <&3; do
    if [[ "$line" == "listening on "* ]]; then url="${line#listening on }"; break; fi
done
[[ -n "$url" ]] || { cat "$work/log" >&2; echo "check-openapi: folio-server did not start" >&2; exit 1; }

# From the temporary folder: schemathesis and hypothesis keep caches in the working directory,
# and a cache of earlier failures would change the cases from run to run.
spec="$PWD/docs/openapi.yaml"
tool="$PWD/$venv/bin/schemathesis"
cd "$work"
"$tool" run "$spec" --url "$url" -H "Authorization: Bearer $token" \
    --checks all --max-examples "${SCHEMATHESIS_EXAMPLES:-100}" --seed "${SCHEMATHESIS_SEED:-1}" --no-color
