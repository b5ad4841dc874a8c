#!/usr/bin/env bash
# One command for the whole benchmark: builds the gateway in release mode, then runs bench.py,
# which starts the gateway and nginx on loopback, drives them with wrk, and writes RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh bench
scratch="${BENCH_SCRATCH_PATH:-.build}"
swift build -c release --product inference-gateway --scratch-path "$scratch"
python3 bench/bench.py --binary "$scratch/release/inference-gateway" --results bench/RESULTS.md "$@"
