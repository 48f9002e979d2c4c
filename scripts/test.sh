#!/usr/bin/env bash
# keel's whole test suite: what CI runs, and what to run before a change.
#
#   scripts/test.sh            everything
#   scripts/test.sh rust       only the Rust workspace (fmt, clippy, tests)
#   scripts/test.sh STAGE...   only the named stages of scripts/ci/
#
# It installs what the tests need on a fresh machine (Python tools in a venv
# under .tools/, npm packages under .tools/node, Debian packages via apt-get)
# and starts what they need (throw-away PostgreSQL clusters, the generated
# services). Re-runs reuse everything already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/tools.sh

started=$(date +%s)
stages=("$@")
if [ ${#stages[@]} -eq 0 ]; then
  stages=(rust)
  for s in scripts/ci/*.sh; do stages+=("$(basename "$s" .sh)"); done
fi

run_rust() {
  log "cargo fmt --check"
  cargo fmt --all -- --check
  log "cargo clippy -D warnings"
  cargo clippy -q --workspace --all-targets -- -D warnings
  log "cargo test"
  cargo test -q --workspace
}

for stage in "${stages[@]}"; do
  t=$(date +%s)
  if [ "$stage" = rust ]; then
    run_rust
  else
    log "stage $stage"
    "scripts/ci/$stage.sh"
  fi
  log "$stage passed in $(( $(date +%s) - t ))s"
done
log "all stages passed in $(( $(date +%s) - started ))s"
