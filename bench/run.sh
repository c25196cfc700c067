#!/usr/bin/env bash
# Runs every benchmark of a build: bench/run.sh [BUILD_DIR] (default build/release).
set -euo pipefail
build=${1:-build/release}
"$build/bench/normalize_bench"
"$build/bench/listing_bench"
"$build/bench/sync_bench"
