#!/usr/bin/env bash
# The backend stage: keel generates example apps into a temporary folder,
# builds them all with ONE shared cargo target directory (they share every
# dependency build), and each app must pass its own readiness gates: build,
# fmt + clippy, its tests against a throw-away PostgreSQL, and line coverage
# of at least 80% per service (LLVM source-based coverage: rustup's
# llvm-tools component, or Debian's LLVM of rustc's major version).
#
#   KEEL_BACKEND_EXAMPLES="recipes projects"   which examples (default below)
#   KEEL_BACKEND_GATES=cargo-build,cargo-test  gates for every example
#   KEEL_BACKEND_COVERAGE="recipes"            examples that also run the
#                                              coverage gate (an instrumented
#                                              rebuild of everything, so by
#                                              default only recipes: platform,
#                                              identity, gateway and two domain
#                                              services with a reference between)
#   KEEL_APPS_TARGET=/path                     the shared target directory
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/tools.sh

# llvm-profdata and llvm-cov of the same LLVM as rustc: rustup's component
# (a download, nothing to compile), else the distribution's package.
need_llvm_tools() {
  local sysroot major
  sysroot=$(rustc --print sysroot)
  if ls "$sysroot"/lib/rustlib/*/bin/llvm-cov >/dev/null 2>&1; then return; fi
  log "rustup component add llvm-tools (once per toolchain)"
  if rustup component add llvm-tools >/dev/null 2>&1; then return; fi
  major=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
  need_apt "llvm-$major"
}

examples=(${KEEL_BACKEND_EXAMPLES:-recipes projects marketplace})
gates=${KEEL_BACKEND_GATES:-cargo-build,cargo-clippy,cargo-test}
coverage=(${KEEL_BACKEND_COVERAGE-recipes})
[ ${#coverage[@]} -gt 0 ] && need_llvm_tools

keel=$(keel_bin)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR=${KEEL_APPS_TARGET:-$KEEL_ROOT/target/apps}

for example in "${examples[@]}"; do
  mkdir -p "$work/$example" "$work/again/$example"
  cp "examples/$example/keel.yaml" "$work/$example/"
  cp "examples/$example/keel.yaml" "$work/again/$example/"
  "$keel" generate "$work/$example" >/dev/null
  "$keel" generate "$work/again/$example" >/dev/null
  # Same blueprint, same files: byte for byte.
  diff -r -x .keel "$work/$example" "$work/again/$example" >/dev/null \
    || { echo "generation of $example is not deterministic" >&2; exit 1; }
done

failed=0
for example in "${examples[@]}"; do
  started=$(date +%s)
  only=$gates
  for c in "${coverage[@]}"; do [ "$c" = "$example" ] && only="$only,coverage"; done
  log "keel verify $example --only $only"
  if ! "$keel" verify "$work/$example" --only "$only"; then
    failed=1
    sed -n '1,200p' "$work/$example/verify-report.md" >&2 || true
  fi
  log "$example verified in $(( $(date +%s) - started ))s"
  # The instrumented build is of no use to the examples after this one;
  # keep the disk for them.
  if [[ $only == *coverage* ]]; then rm -rf "$CARGO_TARGET_DIR/coverage"; fi
done
exit $failed
