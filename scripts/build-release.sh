#!/usr/bin/env bash
# Release build of one product, the way every script and `make release` builds it:
#   scripts/build-release.sh PRODUCT [more `swift build` arguments]
# The Swift runtime is linked in (--static-swift-stdlib: half the start-up time), and `folio`
# is linked at a fixed address (not position-independent): its loader then has no 90,000
# pointers of Swift metadata to relocate in 270 pages at every start, a sixth of a whole
# `folio search` process (docs/benchmarks.md, "Search"). The shared libraries it loads keep
# their random addresses. (-no-pie only with the static runtime: with libswiftCore.so the
# loader warns about direct references to its functions.)
#
# The C++ runtime that the Swift runtime needs (libstdc++) is linked in too: loaded as a
# library, the loader bound its 3,000 symbol references at every start (2 M instructions and 80
# page faults of a 10,000-article `folio search`). The Swift driver names `-lstdc++` itself, so
# `-static-libstdc++` changes nothing; but the folder of the build's products comes before the
# compiler's own folders in the linker's search path, and one holding libstdc++.a and no
# libstdc++.so gives the archive. When the compiler does not know where libstdc++.a is, the
# build links the library as before.
#
# Every function gets a section of its own (`-function-sections`, for Swift and C), and `folio`
# is linked with its hot code first and together: scripts/folio.order names the functions that
# short commands run, search first (scripts/make-order-file.sh makes it), and gold's
# --section-ordering-file lays them out in that order. A `folio search` process then touches
# about half the pages of code it touched with the functions where the build left them
# (docs/benchmarks.md, "Search"). The same compile flags for every product, so that building
# one after another rebuilds nothing; the order only when clang links with gold, which reads it.
set -euo pipefail
product="${1:?usage: scripts/build-release.sh PRODUCT [swift build arguments]}"
shift
root="$(cd "$(dirname "$0")/.." && pwd)"
flags=(-Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections)
if [[ "$product" == folio ]]; then
    flags+=(-Xlinker -no-pie)
    if clang -### -x c /dev/null -o /dev/null 2>&1 | grep -q 'ld\.gold"'; then
        flags+=(-Xlinker "--section-ordering-file=$root/scripts/folio.order")
    fi
fi
swift="${SWIFT:-swift}"
archive="$(clang -print-file-name=libstdc++.a 2> /dev/null || true)"
if [[ "$archive" == /* && -f "$archive" ]]; then
    products="$("$swift" build -c release --static-swift-stdlib "${flags[@]}" "$@" --show-bin-path)"
    mkdir -p "$products"
    ln -sf "$archive" "$products/libstdc++.a"
fi
exec "$swift" build -c release --static-swift-stdlib --product "$product" "${flags[@]}" "$@"
