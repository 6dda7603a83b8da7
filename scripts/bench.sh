#!/usr/bin/env bash
# make bench: release build, a generated 10,000-site grid, gridops validate against its floor.
# Sizes: BENCH_SITES, BENCH_SERVICES; repetitions: BENCH_REPEAT.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/bench.py "$@"
