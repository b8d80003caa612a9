# OpenIntern for Swift. `make run` and `make test` are the two commands of the README.
SHELL := /bin/bash
SWIFT ?= swift

.PHONY: deps build web release run dev test bench schemas clean

deps:
	@scripts/install-deps build

build: deps
	$(SWIFT) build --product oi-host

# The web console: type-checks web/ and bundles it into web/dist, which
# oi-adapter serves (React, TypeScript and esbuild are Debian packages).
web: deps
	@scripts/build-web

# The product's main job on SQLite with the scripted model: a sample session over stdio.
run: build web
	@scripts/run-sample
	@echo
	@echo "Next: the REST API and its event streams (oi-adapter on http://127.0.0.1:3000): make dev"
	@echo "  (or: swift build --product oi-adapter && .build/debug/oi-host dev [-p PORT] [--provider P --model M])"

# The REST + SSE adapter with its host (the seed's `cli dev`), on ./data.
dev: deps web
	$(SWIFT) build --product oi-host
	$(SWIFT) build --product oi-adapter
	.build/debug/oi-host dev

test:
	@scripts/install-deps test
	@scripts/run-tests

# Release builds link the Swift runtime and Foundation statically: a third
# less start-up time for a host that editors spawn often.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product oi-host
	$(SWIFT) build -c release --static-swift-stdlib --product oi-adapter

# Every benchmark figure side by side (bench/README.md); `bench/run --memory` adds search at 100k.
bench: deps
	bench/run

schemas: build
	.build/debug/oi-host schemas --out schemas

clean:
	rm -rf .build .build-* data web/dist
