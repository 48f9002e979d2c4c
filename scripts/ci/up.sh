#!/usr/bin/env bash
# The keel up stage: `keel up` runs generated systems for real and is driven
# over HTTP through the gateway (crates/cli/tests/up.rs, the tests marked
# #[ignore] because they build whole systems):
#   - recipes: sign up, sign in, create, list, read, update, another user
#     refused, delete, sign out; a second keel up on the same ports fails
#     with the port and its holder; SIGTERM stops every process and the
#     database; a restart with --data keeps accounts and applies nothing twice;
#   - a new user's path: `keel new "<description>" -o app && keel up app`
#     (npm ci from the generated lockfile, through the shared npm cache).
#
#   KEEL_APPS_TARGET=/path      the generated apps' cargo target directory,
#                               shared with the backend stage (which has
#                               already built recipes' dependencies)
#   KEEL_UP_DESCRIPTION="..."   the description of the new user's run
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/tools.sh

export KEEL_APPS_TARGET=${KEEL_APPS_TARGET:-$KEEL_ROOT/target/apps}
# One npm cache for every app: the web apps share one lockfile's packages.
export npm_config_cache="$KEEL_TOOLS/npm-cache"
keel_bin >/dev/null
# One at a time: each test builds and runs a whole system on 2 cores.
cargo test -q -p keel-cli --test up -- --ignored --test-threads=1
