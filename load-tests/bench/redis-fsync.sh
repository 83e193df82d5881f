#!/usr/bin/env bash
# What durable 202s cost: admitted purchases/s (driver throughput --answer admitted, closed model) with the main Redis
# at appendfsync everysec and at appendfsync always, alternating in one run (CONFIG SET, no restart) because this
# machine drifts; the gateway's per-client-IP and per-sale limits lifted as in purchase-bench.sh. Leaves the main Redis
# at appendfsync always (ops/servers.sh) and the gateway at its defaults. Knobs: FSYNC_SECONDS=10 FSYNC_PAIRS=2
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/ops/config.sh"
source "$ROOT/ops/servers.sh"
source "$ROOT/ops/hosts.sh"
source "$ROOT/ops/driver.sh"

SECONDS_PER_RUN=${FSYNC_SECONDS:-10}
PAIRS=${FSYNC_PAIRS:-2}
LIFTED=1000000000
gateway_ready || die "the system is not up: ./flashsale.sh up"
driver_build
trap 'redis-cli -p "$FS_REDIS_PORT" config set appendfsync always >/dev/null; host_restart gateway >/dev/null' EXIT
host_restart gateway "RateLimiting__Purchases__PerClientIp__PermitLimit=$LIFTED" "RateLimiting__Purchases__PerSale__PermitLimit=$LIFTED" \
  "RateLimiting__PurchaseToken__PerClientIp__PermitLimit=$LIFTED" "RateLimiting__PurchaseToken__PerSale__PermitLimit=$LIFTED"
hosts_wait_ready

declare -A total=([everysec]=0 [always]=0)
for ((pair = 1; pair <= PAIRS; pair++)); do
  for mode in everysec always; do
    redis-cli -p "$FS_REDIS_PORT" config set appendfsync "$mode" >/dev/null
    rate=$(driver throughput --answer admitted --label "appendfsync $mode" --gateway "http://127.0.0.1:$FS_GATEWAY_PORT" \
      --duration "${SECONDS_PER_RUN}s" | awk '$1 == "202" { print $3 }' | tr -d '/s')
    log "pair $pair, appendfsync $mode: $rate admitted purchases/s"
    total[$mode]=$(python3 -c "print(${total[$mode]} + ${rate:-0})")
  done
done
python3 - "${total[everysec]}" "${total[always]}" "$PAIRS" <<'PY'
import sys
everysec, always, pairs = float(sys.argv[1]) / int(sys.argv[3]), float(sys.argv[2]) / int(sys.argv[3]), int(sys.argv[3])
print(f"admitted purchases/s, mean of {pairs} alternating runs: everysec {everysec:.0f}, always {always:.0f} ({always / everysec:.2f}x)")
PY
