#!/usr/bin/env bash
# The backend stage: keel generates example apps into a temporary folder,
# builds them all with ONE shared cargo target directory (they share every
# dependency build), and each app must pass its own readiness gates: build,
# fmt + clippy, its tests against a throw-away PostgreSQL, and line coverage
# of at least 80% per service (cargo-tarpaulin, installed once into
# $KEEL_TOOLS).
#
#   KEEL_BACKEND_EXAMPLES="recipes projects"   which examples (default below)
#   KEEL_BACKEND_GATES=cargo-build,cargo-test  gates for every example
#   KEEL_BACKEND_COVERAGE="recipes"            examples that also run the
#                                              coverage gate (tarpaulin rebuilds
#                                              everything instrumented, so by
#                                              default only recipes: platform,
#                                              identity, gateway and two domain
#                                              services with a reference between)
#   KEEL_APPS_TARGET=/path                     the shared target directory
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/tools.sh

need_tarpaulin() {
  if [ ! -x "$KEEL_TOOLS/bin/cargo-tarpaulin" ]; then
    log "cargo install cargo-tarpaulin (once per machine)"
    cargo install -q --locked cargo-tarpaulin --root "$KEEL_TOOLS"
  fi
  export PATH="$KEEL_TOOLS/bin:$PATH"
}

examples=(${KEEL_BACKEND_EXAMPLES:-recipes projects marketplace})
gates=${KEEL_BACKEND_GATES:-cargo-build,cargo-clippy,cargo-test}
coverage=(${KEEL_BACKEND_COVERAGE-recipes})
[ ${#coverage[@]} -gt 0 ] && need_tarpaulin

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
done
exit $failed
