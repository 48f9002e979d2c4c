#!/usr/bin/env bash
# Throughput of a generated system run by `keel up --release`, next to the
# physical limit of this machine: the same SELECTs sent by pgbench straight
# to PostgreSQL. Not a test (numbers depend on the machine); run it by hand:
#
#   bench/up.sh [APP_DIR]         default: the recipes example, generated
#                                 into a temporary directory
#
#   BENCH_DURATION=20s            each wrk / pgbench run
#   BENCH_CONNECTIONS=32          wrk connections (HTTP clients)
#   BENCH_PG_CLIENTS=10           pgbench clients (= the service's pool size)
#   BENCH_ROWS=500                recipes created before measuring
#   BENCH_PORT=18080              the gateway's port (services follow it)
#   KEEL=path/to/keel             default: built from this repository with
#                                 --release (keel up reads every log line
#                                 of the services; a dev build of keel
#                                 would be part of what is measured)
#
# Measures GET-by-id and list (`?limit=20`) through the gateway with wrk
# (requests/s, p99), pgbench with the same statements (the bare SELECT, and
# the transaction the service sends: BEGIN, the three set_config calls, the
# SELECT, COMMIT), and each service's resident memory idle and at its peak
# under load (VmRSS / VmHWM from /proc).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. scripts/lib/tools.sh

need_apt wrk
duration=${BENCH_DURATION:-20s}
connections=${BENCH_CONNECTIONS:-32}
pg_clients=${BENCH_PG_CLIENTS:-10}
rows=${BENCH_ROWS:-500}
port=${BENCH_PORT:-18080}
if [ -z "${KEEL:-}" ]; then
  (cargo build -q --release -p keel-cli) >&2
  KEEL="${CARGO_TARGET_DIR:-$root/target}/release/keel"
fi
keel=$KEEL
work=$(mktemp -d)
up_pid=""
cleanup() {
  if [ -n "$up_pid" ] && kill -0 "$up_pid" 2>/dev/null; then
    kill -TERM "$up_pid"
    wait "$up_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

app=${1:-}
if [ -z "$app" ]; then
  app="$work/recipes"
  mkdir -p "$app"
  cp examples/recipes/keel.yaml "$app/"
  "$keel" generate "$app" >/dev/null
fi
export CARGO_TARGET_DIR=${KEEL_APPS_TARGET:-$root/target/apps}

log "keel up --release $app (port $port)"
# The gateway's per-client budget would turn a benchmark into 429s.
RATE_LIMIT_PER_MINUTE=1000000000 "$keel" up "$app" --release --port "$port" \
  >"$work/up.out" 2>"$work/up.err" &
up_pid=$!
base=""
for _ in $(seq 1 3600); do
  base=$(grep -m1 '^http://' "$work/up.out" || true)
  [ -n "$base" ] && break
  kill -0 "$up_pid" 2>/dev/null || { cat "$work/up.err" >&2; exit 1; }
  sleep 0.5
done
[ -n "$base" ] || { echo "keel up printed no URL" >&2; exit 1; }
pg_port=$(sed -n 's/.*PostgreSQL on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/up.err" | head -n1)
log "up at $base; PostgreSQL on port $pg_port"

# A user and rows to read.
jar="$work/cookies"
curl -sf -c "$jar" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"a long enough passphrase","display_name":"Bench"}' \
  "$base/api/identity/auth/sign-up" >/dev/null
token=$(awk '$6 == "keel_access" { print $7 }' "$jar")
user_id=$(curl -sf -H "Authorization: Bearer $token" "$base/api/identity/auth/me" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
log "creating $rows recipes"
id=""
for i in $(seq 1 "$rows"); do
  id=$(curl -sf -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d "{\"title\":\"Recipe $i\",\"servings\":4,\"prep_minutes\":20}" \
    "$base/api/cookbook/recipes" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
done

# Each service's pid: the children of keel up that run a binary it keeps in
# .keel/bin (not its watchdog shell).
declare -A pids
for pid in $(ps -o pid= --ppid "$up_pid"); do
  case $(readlink "/proc/$pid/exe") in
    */.keel/bin/*) pids[$(cat "/proc/$pid/comm")]=$pid ;;
  esac
done
rss() { awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$1/status"; }
hwm() { awk '/^VmHWM/ { print int($2 / 1024) }' "/proc/$1/status"; }
declare -A idle
for name in "${!pids[@]}"; do idle[$name]=$(rss "${pids[$name]}"); done

auth=(-H "Authorization: Bearer $token")
# wrk_run NAME URL → "requests/s p99"
wrk_run() {
  local out
  out=$(wrk -t2 -c"$connections" -d"$duration" --latency "${auth[@]}" "$2")
  printf '%s\n' "$out" >"$work/wrk-$1.txt"
  local rps p99 non2xx
  rps=$(awk '/^Requests\/sec/ { print int($2) }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  non2xx=$(awk '/Non-2xx/ { print $5 }' <<<"$out")
  [ -z "$non2xx" ] || { echo "wrk $1: $non2xx answers were not 2xx" >&2; cat "$work/wrk-$1.txt" >&2; exit 1; }
  echo "$rps $p99"
}

# The row expression and the list query exactly as the service builds them.
row=$(python3 - "$app/services/cookbook/src/recipes.rs" <<'PY'
import re, sys
src = open(sys.argv[1]).read()
body = re.search(r'pub const ROW: &str = concat!\((.*?)\);', src, re.S).group(1)
print("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body)))
PY
)
db="postgresql://recipes_cookbook_app@127.0.0.1:$pg_port/recipes_cookbook"
settings="SELECT set_config('app.user_id', '$user_id', true), set_config('app.roles', '', true), set_config('app.tenant_id', '', true);"
get_sql="SELECT $row FROM recipes WHERE recipes.id = '$id';"
list_sql="SELECT $row FROM recipes ORDER BY created_at DESC, recipes.id LIMIT 20 OFFSET 0;
SELECT count(*) FROM recipes;"
printf '%s\n' "$get_sql" >"$work/get-select.sql"
printf 'BEGIN;\n%s\n%s\nCOMMIT;\n' "$settings" "$get_sql" >"$work/get-tx.sql"
printf '%s\n' "$list_sql" >"$work/list-select.sql"
printf 'BEGIN;\n%s\n%s\nCOMMIT;\n' "$settings" "$list_sql" >"$work/list-tx.sql"
pgbench_run() {
  /usr/lib/postgresql/*/bin/pgbench -n -M prepared -c "$pg_clients" -j 2 -T "${duration%s}" \
    -f "$work/$1.sql" "$db" 2>&1 | tee "$work/pgbench-$1.txt" \
    | awk '/^tps/ { print int($3) }'
}

log "wrk GET by id ($connections connections, $duration)"
read -r get_rps get_p99 < <(wrk_run get "$base/api/cookbook/recipes/$id")
cookbook_port=$(sed -n 's/.*cookbook *ready on port \([0-9]*\).*/\1/p' "$work/up.err" | head -n1)
log "wrk GET by id straight to the cookbook service (no gateway hop)"
read -r direct_rps direct_p99 < <(wrk_run direct "http://127.0.0.1:$cookbook_port/api/cookbook/recipes/$id")
log "wrk list ($connections connections, $duration)"
read -r list_rps list_p99 < <(wrk_run list "$base/api/cookbook/recipes?limit=20")
declare -A peak
for name in "${!pids[@]}"; do peak[$name]=$(hwm "${pids[$name]}"); done
log "pgbench ($pg_clients clients, $duration)"
pg_get=$(pgbench_run get-select)
pg_get_tx=$(pgbench_run get-tx)
pg_list=$(pgbench_run list-select)
pg_list_tx=$(pgbench_run list-tx)

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { print int($2/1024/1024) }' /proc/meminfo) GiB; $rows recipes"
printf '%-34s %12s %10s\n' "" "requests/s" "p99"
printf '%-34s %12s %10s\n' "API GET by id (gateway)" "$get_rps" "$get_p99"
printf '%-34s %12s %10s\n' "API GET by id (service directly)" "$direct_rps" "$direct_p99"
printf '%-34s %12s %10s\n' "pgbench: the SELECT" "$pg_get" "-"
printf '%-34s %12s %10s\n' "pgbench: the service's transaction" "$pg_get_tx" "-"
printf '%-34s %12s %10s\n' "API list limit=20 (gateway)" "$list_rps" "$list_p99"
printf '%-34s %12s %10s\n' "pgbench: the two SELECTs" "$pg_list" "-"
printf '%-34s %12s %10s\n' "pgbench: the service's transaction" "$pg_list_tx" "-"
echo
printf '%-12s %10s %16s\n' "service" "idle MiB" "peak MiB (load)"
for name in $(printf '%s\n' "${!pids[@]}" | sort); do
  printf '%-12s %10s %16s\n' "$name" "${idle[$name]}" "${peak[$name]}"
done
python3 - "$get_rps" "$pg_get" "$list_rps" "$pg_list" <<'PY'
import sys
get, pg_get, lst, pg_list = map(float, sys.argv[1:])
print(f"\nAPI / raw database: GET {get / pg_get:.0%}, list {lst / pg_list:.0%} (aim: at least 50%)")
PY
