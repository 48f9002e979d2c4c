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

# Every build here starts clean, so incremental caches would only cost disk
# (they roughly double a target directory) and time.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}

# A stage that fails for want of disk or memory looks like a test failure
# (a test process killed, rustdoc unable to write); say what was left.
on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    log "failed (exit $rc); disk and memory at that moment:"
    df -h "$KEEL_ROOT" /tmp >&2 || true
    free -m >&2 || true
  fi
  exit "$rc"
}
trap on_exit EXIT

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
