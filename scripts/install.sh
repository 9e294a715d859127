#!/usr/bin/env bash
# `make install PREFIX=…`: installs folio, folio-server and folio-web, their man pages (generated from
# the commands by swift-argument-parser's generate-manual) and the bash, zsh and fish
# completions under PREFIX (DESTDIR is honoured by the Makefile).
#
#   scripts/install.sh PREFIX            binaries from .build/release (`make release`)
#   FOLIO_INSTALL_BIN=DIR scripts/install.sh PREFIX   binaries from DIR (the tests use the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="${1:?usage: scripts/install.sh PREFIX}"
bin="${FOLIO_INSTALL_BIN:-.build/release}"
fail() { echo "install: $*" >&2; exit 1; }
for tool in folio folio-server folio-web; do
    [[ -x "$bin/$tool" ]] || fail "$bin/$tool is missing: run \`make release\` first"
done

# The manual generator is a small host tool of swift-argument-parser (a debug build).
generator="${FOLIO_GENERATE_MANUAL:-.build/debug/generate-manual}"
if [[ ! -x "$generator" ]]; then
    swift build --product generate-manual > /dev/null || fail "cannot build generate-manual"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for tool in folio folio-server folio-web; do
    "$generator" "$bin/$tool" --output-directory "$work" --authors "The Folio developers" \
        || fail "cannot generate the man page of $tool"
done

install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
    "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
for tool in folio folio-server folio-web; do
    # Stripped: the release binaries carry symbols that triple their size.
    install -m 755 $(command -v strip > /dev/null && echo -s) "$bin/$tool" "$prefix/bin/$tool"
    install -m 644 "$work/$tool.1" "$prefix/share/man/man1/$tool.1"
    "$bin/$tool" --generate-completion-script bash > "$prefix/share/bash-completion/completions/$tool"
    "$bin/$tool" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_$tool"
    "$bin/$tool" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/$tool.fish"
done
echo "installed folio, folio-server and folio-web in $prefix/bin, man pages in $prefix/share/man/man1, completions for bash, zsh and fish"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "note: $prefix/bin is not on your PATH" ;; esac
