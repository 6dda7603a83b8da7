# The commands a newcomer can guess. Each installs what is missing first.
SWIFT ?= swift
GRIDOPS := .build/debug/gridops

.PHONY: deps test-deps build run test bench lint clean

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh test

build: deps
	$(SWIFT) build

# The main job on the embedded default: the controller follows this repository's current
# branch (its manifests/ and policies/), with the store and the simulated sites in .gridops/;
# the dashboard and the API on http://127.0.0.1:$(HTTP_PORT)/ (loopback only, no tokens).
# Ctrl-C stops it gracefully; run it again and it resumes.
HTTP_PORT ?= 8080
run: build
	$(GRIDOPS) serve --repo . --branch "$$(git rev-parse --abbrev-ref HEAD)" --state .gridops --http 127.0.0.1:$(HTTP_PORT)

test: test-deps
	$(SWIFT) test

# Benchmarks against the floor (libgit2 + libyaml's bare event loop on the same commit).
bench: deps
	scripts/bench.sh

lint: deps
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

clean:
	rm -rf .build .build-bench bench-out
