#!/usr/bin/env bash
# keel's own benchmarks: checking and generating from blueprints of 30 and
# 100 entities (criterion; results in target/criterion).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -q -p keel-cli --bench generate -- --noplot "$@"
