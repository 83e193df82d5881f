#!/usr/bin/env bash
# What the gateway's purchase rate limiter costs per request: requests/s of POST /api/sales/{id}/purchases
# (the "purchases" route and policy: three chained limits, one Redis call) against the same POST on a copy
# of that route without a policy (/bench/sales/{id}/purchases, added here through configuration: same
# match, same JWT check, same proxying to the same path), in the same run, as a ratio. Limits are set far
# above the load so every request is admitted and forwarded.
# Starts its own gateway and a fake downstream (fake-downstream.cs, answers 202 at once) on free loopback
# ports; needs the Release build (dotnet build FlashSale.sln -c Release), the main Redis
# (./flashsale.sh servers) and wrk. Runs are ordered A B B A so drift on a noisy box cancels out.
#   load-tests/bench/rate-limiter.sh [seconds] [connections] [users] [rounds]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/load-tests/bench
source "$ROOT/ops/config.sh"
SECONDS_PER_RUN=${1:-10}
CONNECTIONS=${2:-64}
USERS=${3:-1}
ROUNDS=${4:-2}
GATEWAY_DLL=$ROOT/gateway/FlashSale.Gateway/bin/$FS_CONFIGURATION/net10.0/FlashSale.Gateway.dll
command -v wrk >/dev/null || die "wrk is needed: apt-get install -y wrk"
[ -f "$GATEWAY_DLL" ] || die "$GATEWAY_DLL is missing: dotnet build FlashSale.sln -c $FS_CONFIGURATION"
port_open "$FS_REDIS_PORT" || die "Redis does not answer on 127.0.0.1:$FS_REDIS_PORT: ./flashsale.sh servers"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
DOWNSTREAM_PORT=$(free_port)
GATEWAY_PORT=$(free_port)
GATEWAY=http://127.0.0.1:$GATEWAY_PORT
KEY_PREFIX="bench:$$:"
WORK=$(mktemp -d)
STARTED=()

cleanup() {
  local pid
  for pid in "${STARTED[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  redis-cli -p "$FS_REDIS_PORT" --scan --pattern "${KEY_PREFIX}*" | xargs -r redis-cli -p "$FS_REDIS_PORT" unlink >/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# Each in its own session, so cleanup ends exactly what this script started (dotnet run has a child).
setsid dotnet run -c "$FS_CONFIGURATION" "$HERE/fake-downstream.cs" -- --urls "http://127.0.0.1:$DOWNSTREAM_PORT" >"$WORK/downstream.log" 2>&1 &
STARTED+=($!)
(
  # The content root is the working directory: appsettings.Development.json holds the dev JWT key.
  cd "$(dirname "$GATEWAY_DLL")"
  export ASPNETCORE_ENVIRONMENT=Development
  export Redis__Configuration="127.0.0.1:$FS_REDIS_PORT" Redis__KeyPrefix="$KEY_PREFIX"
  for service in inventory order payment wallet; do export "Services__$service=http://127.0.0.1:$DOWNSTREAM_PORT"; done
  for limit in PerUser PerClientIp PerSale; do export "RateLimiting__Purchases__${limit}__PermitLimit=1000000000"; done
  export ReverseProxy__Routes__bench_purchases__ClusterId=inventory ReverseProxy__Routes__bench_purchases__AuthorizationPolicy=default
  export ReverseProxy__Routes__bench_purchases__Match__Path='/bench/sales/{id}/purchases' ReverseProxy__Routes__bench_purchases__Match__Methods__0=POST
  export ReverseProxy__Routes__bench_purchases__Transforms__0__PathPattern='/api/sales/{id}/purchases'
  exec setsid dotnet "$GATEWAY_DLL" --urls "$GATEWAY"
) >"$WORK/gateway.log" 2>&1 &
STARTED+=($!)

wait_until 120 "the gateway and the fake downstream" curl -fsS -o /dev/null "$GATEWAY/health/ready" \
  || { tail -n 20 "$WORK/gateway.log" "$WORK/downstream.log" >&2; die "the benchmark hosts did not start"; }

# Tokens from the gateway's own dev issuer, over one kept-alive connection (a curl per user is slow on a busy box).
python3 - "$GATEWAY_PORT" "$USERS" >"$WORK/tokens" <<'PY'
import http.client, json, sys
connection = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
for user in range(1, int(sys.argv[2]) + 1):
    body = json.dumps({"userId": f"bench-{user}", "role": "shopper"})
    connection.request("POST", "/api/auth/token", body, {"Content-Type": "application/json"})
    print(json.loads(connection.getresponse().read())["accessToken"])
PY

LIMITED=/api/sales/1/purchases
UNLIMITED=/bench/sales/1/purchases
for path in "$LIMITED" "$UNLIMITED"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -XPOST "$GATEWAY$path" -H "Authorization: Bearer $(head -1 "$WORK/tokens")")
  [ "$status" = 202 ] || die "POST $path answered $status, not 202"
done

run() { # name path seconds: appends "requests/s p99 non-2xx" to $WORK/name
  wrk -t2 -c"$CONNECTIONS" -d"$3s" --latency -s "$HERE/post-purchase.lua" "$GATEWAY" -- "$2" "$WORK/tokens" >"$WORK/$1.txt"
  awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {print rps, p99, bad+0}' "$WORK/$1.txt" >>"$WORK/$1"
}

log "warming up both routes"
run warmup "$UNLIMITED" 5
run warmup "$LIMITED" 5
log "measuring: $ROUNDS x (A B B A), ${SECONDS_PER_RUN}s per run, $CONNECTIONS connections, $USERS user(s)"
for _ in $(seq 1 "$ROUNDS"); do
  run without "$UNLIMITED" "$SECONDS_PER_RUN"
  run with "$LIMITED" "$SECONDS_PER_RUN"
  run with "$LIMITED" "$SECONDS_PER_RUN"
  run without "$UNLIMITED" "$SECONDS_PER_RUN"
done

# Mean requests/s, every run's requests/s and p99 (to see the noise), and the non-2xx count (must be 0).
summary() { awk '{rps += $1; bad += $3; runs = runs " " int($1) "/" $2} END {printf "%.0f|%s|%d\n", rps / NR, runs, bad}' "$WORK/$1"; }
IFS='|' read -r without_rps without_runs without_bad < <(summary without)
IFS='|' read -r with_rps with_runs with_bad < <(summary with)
ratio=$(awk -v a="$with_rps" -v b="$without_rps" 'BEGIN { printf "%.2f", a / b }')

printf '| POST through the gateway (%s user(s), %s connections) | requests/s (mean) | each run: requests/s / p99 | non-2xx |\n|---|---|---|---|\n' "$USERS" "$CONNECTIONS"
printf '| %s, no rate limiter policy | %s | %s | %s |\n' "$UNLIMITED" "$without_rps" "$without_runs" "$without_bad"
printf '| %s, "purchases" policy | %s | %s | %s |\n' "$LIMITED" "$with_rps" "$with_runs" "$with_bad"
printf 'ratio with/without: %s\n' "$ratio"
