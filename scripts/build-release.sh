#!/usr/bin/env bash
# Release build of one product, the way every script and `make release` builds it:
#   scripts/build-release.sh PRODUCT [more `swift build` arguments]
# The Swift runtime is linked in (--static-swift-stdlib: half the start-up time), and `folio`
# is linked at a fixed address (not position-independent): its loader then has no 90,000
# pointers of Swift metadata to relocate in 270 pages at every start, a sixth of a whole
# `folio search` process (docs/benchmarks.md, "Search"). The shared libraries it loads keep
# their random addresses. (-no-pie only with the static runtime: with libswiftCore.so the
# loader warns about direct references to its functions.)
set -euo pipefail
product="${1:?usage: scripts/build-release.sh PRODUCT [swift build arguments]}"
shift
flags=()
[[ "$product" == folio ]] && flags=(-Xlinker -no-pie)
exec "${SWIFT:-swift}" build -c release --static-swift-stdlib --product "$product" "${flags[@]}" "$@"
