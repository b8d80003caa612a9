# OpenIntern for Swift. `make run` and `make test` are the two commands of the README.
SHELL := /bin/bash
SWIFT ?= swift
export PATH := /opt/swift/usr/bin:$(PATH)

.PHONY: deps build run test test-swift bench schemas clean

deps:
	@scripts/install-deps build

build: deps
	$(SWIFT) build --product oi-host

# The product's main job on SQLite with the scripted model: a sample session over stdio.
run: build
	@scripts/run-sample

test:
	@scripts/install-deps test
	@scripts/run-tests

bench: deps
	$(SWIFT) build -c release --product oi-host
	$(SWIFT) build -c release --product rpc-bench
	$(SWIFT) build -c release --product sse-bench
	.build/release/rpc-bench .build/release/oi-host 3
	.build/release/sse-bench 32 5

schemas: build
	.build/debug/oi-host schemas --out schemas

clean:
	rm -rf .build .build-* data
