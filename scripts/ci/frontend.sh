#!/usr/bin/env bash
# The generated web apps: for each example, generate it, then the gates
# web-build (npm ci, tsc --noEmit, vite build), web-unit (vitest) and
# bundle-secrets; for recipes also the visual gate — the end-to-end journey
# in Chromium with screenshots at desktop and phone widths, kept in
# target/ci-artifacts/screenshots/.
#
# The visual gate runs against `keel up` when this keel has it; otherwise
# against scripts/lib/fake-system.mjs (the built app with a faked API), and
# says so.
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
  "$keel" verify "$work/$example" --only web-build,web-unit,bundle-secrets
  log "$example: web gates passed in $(( $(date +%s) - t ))s"
done

t=$(date +%s)
app="$work/recipes"
if "$keel" up --help >/dev/null 2>&1; then
  log "visual gate against keel up"
  KEEL_BIN="$keel" "$keel" verify "$app" --only visual || status=$?
else
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  log "visual gate against the fake system on :$port (this keel has no keel up)"
  node scripts/lib/fake-system.mjs "$app/web/dist" "$port" >"$work/fake.log" 2>&1 &
  fake=$!
  KEEL_BASE_URL="http://127.0.0.1:$port" "$keel" verify "$app" --only visual || status=$?
  kill "$fake"
fi
cp "$app"/web/tests/visual/output/*.png "$app"/web/tests/visual/output/results.json "$artifacts/screenshots/" 2>/dev/null || true
cp "$app/verify-report.md" "$artifacts/screenshots/verify-report.md"
log "visual gate finished in $(( $(date +%s) - t ))s; screenshots in $artifacts/screenshots"
exit "${status:-0}"
