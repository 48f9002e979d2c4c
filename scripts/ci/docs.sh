#!/usr/bin/env bash
# Every Mermaid diagram keel generates renders with Mermaid's reference
# renderer. Each example (and a blueprint full of hostile free text) is
# generated side by side, and one run of `keel verify --only mermaid` over
# them all extracts every ```mermaid block of every generated Markdown file
# and renders them in one headless Chromium. One deliberately broken diagram
# rides along: the gate must report exactly that one, by file and line, so
# a gate that lets anything through fails the stage as surely as a
# generated diagram that does not render.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/tools.sh

started=$(date +%s)
need_apt chromium
# mermaid-cli 11.x and puppeteer 24 still run on Node 20; puppeteer must not
# download a browser of its own (need_npm sets PUPPETEER_SKIP_DOWNLOAD).
need_npm @mermaid-js/mermaid-cli@11.17.0 puppeteer@24.43.1
keel=$(keel_bin)
log "tools and keel ready in $(( $(date +%s) - started ))s"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
apps="$work/apps"
mkdir -p "$apps"
t=$(date +%s)
for blueprint in examples/*/keel.yaml crates/agents/docs/tests/fixtures/hostile.yaml; do
  name=$(basename "$(dirname "$blueprint")")
  [ "$name" = fixtures ] && name=$(basename "$blueprint" .yaml)
  mkdir -p "$apps/$name"
  cp "$blueprint" "$apps/$name/keel.yaml"
  "$keel" generate "$apps/$name" --json >/dev/null
done
# The gate walks every Markdown file under the directory it is given.
cp examples/recipes/keel.yaml "$apps/keel.yaml"
mkdir -p "$apps/broken"
printf '# Broken on purpose\n\n```mermaid\nflowchart LR\n    a -->\n```\n' > "$apps/broken/BROKEN.md"
log "generated $(ls "$apps" | grep -vc -e keel.yaml -e broken) apps in $(( $(date +%s) - t ))s"

t=$(date +%s)
"$keel" verify "$apps" --only mermaid --json > "$work/report.json" || true
python3 - "$work/report.json" <<'PY'
import json, re, sys
gate = json.load(open(sys.argv[1]))["gates"][0]
print(gate["summary"], file=sys.stderr)
print(gate["evidence"], file=sys.stderr)
m = re.fullmatch(r"1 of (\d+) diagrams did not render", gate["summary"])
failures = gate["evidence"].strip().split("\n")
ok = (gate["status"] == "fail" and m is not None
      and failures[0].startswith("broken/BROKEN.md:3: ")
      and not any(re.match(r"^\S+\.md:\d+: ", line) for line in failures[1:]))
if not ok:
    sys.exit("the generated diagrams must all render, and only the broken one may fail")
print(f"{int(m.group(1)) - 1} generated diagrams rendered", file=sys.stderr)
PY
log "rendered in $(( $(date +%s) - t ))s; docs stage finished in $(( $(date +%s) - started ))s"
