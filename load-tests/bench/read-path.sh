#!/usr/bin/env bash
# Read-path benchmark against a running system (./flashsale.sh up): requests/s of the gateway's
# pass-through to a trivial endpoint (GET /api/time, the baseline), a cached sale view, and 404s for
# ids that were never created, each as a ratio to the baseline measured in the same run.
#   load-tests/bench/read-path.sh [gateway-url] [seconds] [connections]
set -euo pipefail
GATEWAY=${1:-http://127.0.0.1:8080}
SECONDS_PER_RUN=${2:-10}
CONNECTIONS=${3:-64}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }

json_field() { python3 -c "import sys, json; print(json.load(sys.stdin)['$1'])"; }
admin=$(curl -fsS -XPOST "$GATEWAY/api/auth/token" -H 'content-type: application/json' \
  -d '{"userId":"bench-admin","role":"admin","adminKey":"dev-admin-key"}' | json_field accessToken)
sale=$(curl -fsS -XPOST "$GATEWAY/api/admin/sales" -H "Authorization: Bearer $admin" -H 'content-type: application/json' \
  -d "{\"sku\":\"BENCH\",\"name\":\"Read-path bench\",\"price\":9.90,\"stock\":1000,\"startsAt\":\"$(date -u -d '-1 min' +%FT%TZ)\",\"endsAt\":\"$(date -u -d '+1 hour' +%FT%TZ)\",\"perUserLimit\":1}" \
  | json_field id)

run() { # name, wrk args...: prints "requests/s p99"
  local name=$1; shift
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@" >"/tmp/read-path-$name.txt"
  awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} END {print rps, p99}' "/tmp/read-path-$name.txt"
}

# Warm both processes' JIT first; the figures come from the second pass.
run warmup "$GATEWAY/api/sales/$sale" >/dev/null
run warmup "$GATEWAY/api/time" >/dev/null
read -r base_rps base_p99 < <(run baseline "$GATEWAY/api/time")
read -r view_rps view_p99 < <(run view "$GATEWAY/api/sales/$sale")
read -r miss_rps miss_p99 < <(run unknown -s "$HERE/unknown-sale.lua" "$GATEWAY")

printf '| path through the gateway | requests/s | p99 | ratio to baseline |\n|---|---|---|---|\n'
printf '| GET /api/time (pass-through baseline) | %.0f | %s | 1.00 |\n' "$base_rps" "$base_p99"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '| GET /api/sales/{id} (cached view) | %.0f | %s | %s |\n' "$view_rps" "$view_p99" "$(ratio "$view_rps" "$base_rps")"
printf '| GET /api/sales/{unknown id} (Bloom 404) | %.0f | %s | %s |\n' "$miss_rps" "$miss_p99" "$(ratio "$miss_rps" "$base_rps")"
