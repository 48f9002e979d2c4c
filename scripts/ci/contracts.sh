#!/usr/bin/env bash
# Stage `contracts`: the OpenAPI contracts keel generates for every example
# blueprint, and for a synthetic 30-entity one, are
#   - valid OpenAPI 3.1 (openapi-spec-validator),
#   - clean under Spectral's OpenAPI rules, warnings included,
#   - made of examples and defaults that satisfy their own schemas, formats
#     included, when read by a YAML 1.1 reader (Python jsonschema, PyYAML),
# and keel's own gate (`keel verify --only contracts`) passes on an app.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/tools.sh

need_pip openapi-spec-validator==0.9.0 jsonschema==4.26.0 rfc3986-validator==0.1.1 rfc3339-validator==0.1.4
need_npm @stoplight/spectral-cli@6.16.3
keel=$(keel_bin)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for blueprint in examples/*/keel.yaml crates/agents/contracts/tests/fixtures/*/keel.yaml; do
  app="$work/$(basename "$(dirname "$blueprint")")"
  mkdir -p "$app"
  cp "$blueprint" "$app/keel.yaml"
  "$keel" generate --json "$app" >/dev/null
done
contracts=("$work"/*/api/*.yaml)

log "openapi-spec-validator: ${#contracts[@]} contracts"
openapi-spec-validator "${contracts[@]}"

log "spectral lint (spectral:oas, warnings fail)"
printf 'extends: ["spectral:oas"]\n' > "$work/ruleset.yaml"
spectral lint --fail-severity warn --ruleset "$work/ruleset.yaml" "${contracts[@]}"

log "examples and defaults against their schemas"
python3 scripts/lib/check_openapi_examples.py "${contracts[@]}"

# The gate runs the same tools; once is enough to prove it passes.
log "keel verify --only contracts (recipes)"
"$keel" verify --only contracts "$work/recipes"
