#!/usr/bin/env bash
# The DevOps stage: generates the example apps and runs the static gates of
# their deployment files (Dockerfiles, compose, Helm chart and manifests,
# workflows, secrets) with the real tools; then proves the gates can fail,
# on a copy broken on purpose: a Dockerfile running as root, a workflow with
# an unpinned action, a chart without resource limits.
#
# Installs every tool it needs (nothing may be skipped here): the linters at
# the versions the generated CI pins (.github/tools/*.txt, from the agent's
# one table of versions), docker-compose from apt, helm from its PyPI wheel.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/tools.sh

started=$(date +%s)
gates=hadolint,compose,helm-lint,helm-template,checkov,actionlint,zizmor,secrets
keel=$(keel_bin)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

generate() { # NAME — a fresh copy of examples/NAME, generated, in $work/NAME
  mkdir -p "$work/$1"
  cp "examples/$1/keel.yaml" "$work/$1/"
  "$keel" generate "$work/$1" 2>&1 | tail -n 1
}

generate recipes
t=$(date +%s)
mapfile -t lint_tools < <(grep -v '^#' "$work/recipes/.github/tools/lint.txt")
mapfile -t checkov_tool < <(grep -v '^#' "$work/recipes/.github/tools/checkov.txt")
need_pip "${lint_tools[@]}"
need_venv checkov "${checkov_tool[@]}"
need_apt docker-compose
need_helm
log "tools ready in $(( $(date +%s) - t ))s"

# verify-report.json → one line per gate; fails unless every gate has `want`.
expect_all() { # DIR WANT
  python3 - "$1/verify-report.json" "$2" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
want = sys.argv[2]
bad = [g for g in report["gates"] if g["status"] != want]
for g in report["gates"]:
    print(f'  {g["status"]:8} {g["gate"]:14} {g["summary"]} ({g["millis"]} ms)')
if bad:
    for g in bad:
        print(f'--- {g["gate"]}: {g["status"]}\n{g["evidence"]}', file=sys.stderr)
    sys.exit(1)
PY
}

for app in recipes projects marketplace blog; do
  [ -d "$work/$app" ] || generate "$app"
  log "keel verify $app ($gates)"
  "$keel" verify "$work/$app" --only "$gates" >/dev/null 2>&1 || true
  expect_all "$work/$app" pass
done

log "the gates can fail: a copy of recipes broken on purpose"
broken="$work/broken"
cp -r "$work/recipes" "$broken"
rm -f "$broken"/verify-report.*
sed -i 's/^USER .*/USER root/' "$broken/deploy/docker/identity.Dockerfile"
sed -i -E 's#uses: actions/checkout@[0-9a-f]{40}.*#uses: actions/checkout@v4#' "$broken/.github/workflows/ci.yml"
# The chart's Deployments lose their limits (the values keep them: the
# chart's values schema alone would refuse values without limits).
sed -i 's/toYaml (\$svc.resources | default \$.Values.resources)/toYaml (omit ($svc.resources | default $.Values.resources) "limits")/' \
  "$broken/deploy/helm/recipes/templates/deployment.yaml"
grep -q '"limits")' "$broken/deploy/helm/recipes/templates/deployment.yaml"
if "$keel" verify "$broken" --only hadolint,zizmor,checkov >/dev/null 2>&1; then
  echo "keel verify passed a broken copy" >&2
  exit 1
fi
python3 - "$broken/verify-report.json" <<'PY'
import json, sys
gates = {g["gate"]: g for g in json.load(open(sys.argv[1]))["gates"]}
# Each gate must fail, for the breakage it is there to catch.
expected = {
    "hadolint": ["DL3002"],                     # last USER is root
    "zizmor": ["unpinned-uses"],                # actions/checkout@v4
    "checkov": ["CKV_DOCKER_8", "CKV_K8S_11", "CKV_K8S_13"],  # root user, no CPU / memory limits
}
ok = True
for gate, needles in expected.items():
    g = gates[gate]
    missing = [n for n in needles if n not in g["evidence"]]
    print(f'  {g["status"]:8} {gate:14} {g["summary"]}')
    if g["status"] != "fail" or missing:
        print(f"{gate} did not catch {missing or 'its breakage'}:\n{g['evidence']}", file=sys.stderr)
        ok = False
sys.exit(0 if ok else 1)
PY

log "the values schema refuses values without limits"
unlimited="$work/unlimited"
cp -r "$work/recipes" "$unlimited"
rm -f "$unlimited"/verify-report.*
sed -i '/^  limits:$/,+2d' "$unlimited"/deploy/helm/recipes/values*.yaml   # not the Job's (deeper)
if "$keel" verify "$unlimited" --only helm-lint >/dev/null 2>&1; then
  echo "helm-lint passed values without limits" >&2
  exit 1
fi
grep -q "limits is required" "$unlimited/verify-report.json"
echo "  fail     helm-lint      values without limits: refused by values.schema.json"

log "devops stage: $(( $(date +%s) - started ))s"
