#!/usr/bin/env bash
# The module graph, checked: every target's `import`s of Folio's own modules must be among
# the arrows allowed below (docs/architecture.md draws them). Part of `make test`.
#   scripts/check-imports.sh          # checks, prints each target's imports
set -euo pipefail
cd "$(dirname "$0")/.."
# Our own modules, and what each may import of them (system libraries included).
declare -A allowed=(
  [Models]=""
  [BuildInfo]=""
  [Gzip]="CSystemZlib"
  [HTTP]="CCurl"
  [CCurl]=""
  [CLibXML2]=""
  [CLoader]=""
  [Storage]="Models CRanking"
  [CRanking]=""
  [Extraction]="Models CLibXML2"
  [Sync]="HTTP Gzip Storage Models"
  [Web]="HTTP Extraction Models"
  [Import]="Extraction Models"
  [LibraryImport]="Import Storage Models"
  [CLI]="Sync Web Import LibraryImport Storage Models BuildInfo"
  [client]="CLI"
  [Server]="Models Gzip COpenSSL BuildInfo"
  [folio-server]="Server"
  [WebReader]="Storage Web Sync Import LibraryImport Models BuildInfo"
  [folio-web]="WebReader"
  [folio-bench]="Storage Models"
  [folio-extract-bench]="Extraction Gzip Models"
)
own="Models BuildInfo Gzip HTTP Storage CRanking Extraction Import LibraryImport Sync Web WebReader CLI Server CCurl CSystemZlib CLibXML2 COpenSSL FolioTestSupport"
status=0
for dir in Sources/*/; do
  target=$(basename "$dir")
  [[ $target == C* && -f $dir/module.modulemap ]] && continue
  if [[ ! -v allowed[$target] ]]; then
    echo "check-imports: $target has no entry in scripts/check-imports.sh (say what it may import)" >&2
    status=1
    continue
  fi
  imports=$(grep -rhoE '^(@testable |@_exported |package |public |internal )?import +[A-Za-z_0-9]+' "$dir" --include='*.swift' | awk '{print $NF}' | sort -u || true)
  mine=()
  for module in $imports; do
    [[ " $own " == *" $module "* ]] || continue
    mine+=("$module")
    if [[ " ${allowed[$target]} " != *" $module "* ]]; then
      echo "check-imports: $target imports $module, which it must not (allowed: ${allowed[$target]:-nothing of ours})" >&2
      status=1
    fi
  done
  printf '%-20s -> %s\n' "$target" "${mine[*]:-}"
done
[ "$status" -eq 0 ] && echo "check-imports: every module imports only what it may"
exit "$status"
