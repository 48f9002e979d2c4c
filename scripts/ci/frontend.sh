#!/usr/bin/env bash
# The generated web apps: for each example, generate it, then the gates
# web-build (npm ci, tsc --noEmit, vite build), web-unit (vitest) and
# bundle-secrets; for recipes also the visual gate — the end-to-end journey
# in Chromium with screenshots at desktop and phone widths, kept in
# target/ci-artifacts/screenshots/.
#
# The visual gate runs against the real system: it starts `keel up` (the
# services built in the generated apps' shared target directory,
# KEEL_APPS_TARGET, where the backend stage has built recipes already) and
# stops it with SIGTERM. It runs twice: the first run records the screenshot
# baselines, the second is compared with them.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/tools.sh

need_apt chromium
# One npm cache for every app: the dependency set is the same lockfile.
export npm_config_cache="$KEEL_TOOLS/npm-cache"
keel=$(keel_bin)
work=$(mktemp -d)
artifacts=${KEEL_ARTIFACTS:-target/ci-artifacts}
mkdir -p "$artifacts/screenshots"
trap 'rm -rf "$work"' EXIT

for example in recipes projects marketplace blog; do
  t=$(date +%s)
  mkdir -p "$work/$example"
  cp "examples/$example/keel.yaml" "$work/$example/"
  "$keel" generate "$work/$example" >/dev/null
  "$keel" verify "$work/$example" --only web-build,web-unit,bundle-secrets \
    || { sed -n '1,200p' "$work/$example/verify-report.md" >&2; exit 1; }
  log "$example: web gates passed in $(( $(date +%s) - t ))s"
done

t=$(date +%s)
app="$work/recipes"
export CARGO_TARGET_DIR=${KEEL_APPS_TARGET:-$KEEL_ROOT/target/apps}
# Twice: the first run records the baselines, the second must match them.
visual() {
  log "visual gate against keel up ($1)"
  KEEL_BIN="$keel" "$keel" verify "$app" --only visual
}
visual "records baselines" && visual "compares with the baselines" || status=$?
grep -q "match their baselines" "$app/verify-report.md" || { echo "the second visual run compared nothing" >&2; status=1; }
cp "$app"/web/tests/visual/output/*.png "$app"/web/tests/visual/output/results.json "$artifacts/screenshots/" 2>/dev/null || true
cp "$app/verify-report.md" "$artifacts/screenshots/verify-report.md"
log "visual gate finished in $(( $(date +%s) - t ))s; screenshots in $artifacts/screenshots"
exit "${status:-0}"
