# Folio: `make demo` installs what is missing, builds and runs a real session;
# `make test` runs the whole suite; `make bench` measures import, search and sync.
SHELL := /bin/bash
SHARED ?= ../shared
SWIFT ?= swift

.PHONY: demo test bench bench-sync bench-fetch bench-web deps build release install lint format clean-demo

PREFIX ?= /usr/local

## Install the system packages Folio needs (Debian), when missing.
deps:
	@scripts/install-deps.sh

## Debug build of everything.
build: deps
	$(SWIFT) build

## Release build of the CLI, the server and the web reader (scripts/build-release.sh: the Swift
## runtime linked in, half the start-up time; folio at a fixed address, a sixth of a search, and
## its hot code laid out together by scripts/folio.order).
release: deps
	SWIFT=$(SWIFT) scripts/build-release.sh folio
	SWIFT=$(SWIFT) scripts/build-release.sh folio-server
	SWIFT=$(SWIFT) scripts/build-release.sh folio-web

## Install the release binaries, man pages and shell completions under PREFIX
## (`make install PREFIX=~/.local`; DESTDIR for packaging).
install: release
	@scripts/install.sh "$(DESTDIR)$(PREFIX)"

## A real session: add articles (files, stdin, web pages), notes, search, then sync two
## devices through a local folio-server, with a merged and a conflicting note edit.
demo: release
	@scripts/demo.sh

## The whole test suite: format lint, unit, store and CLI tests.
test: deps
	@scripts/test.sh

## Benchmarks (release build): bulk import and search latency, sync, extraction quality,
## parallel fetch.
bench: deps
	@scripts/bench.sh
	@scripts/bench-import.sh
	@scripts/bench-sync.sh
	@scripts/bench-extraction.sh
	@scripts/bench-fetch.sh
	@scripts/bench-web.sh

## The web reader's page latency alone (library, article and search pages on 100,000 articles).
bench-web: deps
	@scripts/bench-web.sh

## The parallel fetch benchmark alone (`folio fetch --jobs 1` and `--jobs 8` against curl).
bench-fetch: deps
	@scripts/bench-fetch.sh

## The sync benchmarks alone.
bench-sync: deps
	@scripts/bench-sync.sh

## Check formatting (part of `make test`).
lint:
	$(SWIFT) format lint --strict --recursive Package.swift Plugins Sources Tests

## Reformat the sources in place.
format:
	$(SWIFT) format format --in-place --recursive Package.swift Plugins Sources Tests
