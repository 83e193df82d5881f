# Shared settings for flashsale.sh. Every value can be overridden from the environment.
# These are DEVELOPMENT defaults: loopback only, well-known dev passwords, no real secrets.

FS_ROOT="${FS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
FS_DATA="${FS_DATA:-$FS_ROOT/.flashsale}"
FS_LOGS="$FS_DATA/logs"
FS_PIDS="$FS_DATA/pids"

# The profile: development (default) or production (`up --production`, remembered in $FS_DATA/profile until `down`).
# Production runs servers of its own (own data under $FS_DATA/production, own ports) with the generated secrets
# of $FS_SECRETS, so the development servers (and the tests on them) are untouched by it.
FS_PROFILE="${FS_PROFILE:-$(cat "$FS_DATA/profile" 2>/dev/null || echo development)}"
FS_SECRETS="${FS_SECRETS:-$FS_DATA/secrets}"
FS_SERVER_DATA="$FS_DATA"
FS_RABBIT_NODE="flashsale@localhost"
if [ "$FS_PROFILE" = production ]; then
  FS_SERVER_DATA="$FS_DATA/production"
  FS_RABBIT_NODE="flashsale-production@localhost"
  : "${FS_PG_PORT:=56432}" "${FS_REDIS_PORT:=56479}" "${FS_REDLOCK_PORTS:=56480 56481 56482}"
  : "${FS_AMQP_PORT:=56672}" "${FS_RABBIT_MGMT_PORT:=56673}" "${FS_RABBIT_DIST_PORT:=56674}" "${FS_EPMD_PORT:=56675}"
  [ ! -s "$FS_SECRETS/postgres-password" ] || FS_PG_PASSWORD="$(cat "$FS_SECRETS/postgres-password")"
fi

FS_PG_PORT="${FS_PG_PORT:-55432}"
FS_PG_PASSWORD="${FS_PG_PASSWORD:-flashsale-dev}"
FS_REDIS_PORT="${FS_REDIS_PORT:-56379}"
FS_REDLOCK_PORTS="${FS_REDLOCK_PORTS:-56380 56381 56382}"
FS_AMQP_PORT="${FS_AMQP_PORT:-55672}"
FS_RABBIT_MGMT_PORT="${FS_RABBIT_MGMT_PORT:-55673}"
FS_RABBIT_DIST_PORT="${FS_RABBIT_DIST_PORT:-55674}"
FS_EPMD_PORT="${FS_EPMD_PORT:-55675}"
# A second server set (other ports, its own FS_DATA) gets a RabbitMQ node of its own name, so the two never mix
# on one host (node names, cookies and epmd lookups); the default set keeps the name it always had.
if [ "$FS_AMQP_PORT" = 55672 ]; then FS_RABBIT_NODE="${FS_RABBIT_NODE:-flashsale@localhost}"
else FS_RABBIT_NODE="${FS_RABBIT_NODE:-flashsale-$FS_AMQP_PORT@localhost}"; fi

FS_GATEWAY_PORT="${FS_GATEWAY_PORT:-8080}"
FS_INVENTORY_PORT="${FS_INVENTORY_PORT:-8081}"
FS_ORDER_PORT="${FS_ORDER_PORT:-8082}"
FS_PAYMENT_PORT="${FS_PAYMENT_PORT:-8083}"
FS_WALLET_PORT="${FS_WALLET_PORT:-8084}"
FS_CONFIGURATION="${FS_CONFIGURATION:-Release}"
# The bench's ceiling (tools/FlashSale.Ceiling): a bare YARP pass-through (first port) in front of a trivial origin.
FS_CEILING_PORTS="${FS_CEILING_PORTS:-8190 8191}"
# The Aspire dashboard (ops/dashboard.sh): its UI and its OTLP receivers (gRPC, which the hosts use, and HTTP).
FS_DASHBOARD_PORT="${FS_DASHBOARD_PORT:-18888}"
FS_DASHBOARD_OTLP_PORT="${FS_DASHBOARD_OTLP_PORT:-18889}"
FS_DASHBOARD_OTLP_HTTP_PORT="${FS_DASHBOARD_OTLP_HTTP_PORT:-18890}"

# user:password of RabbitMQ's management API: guest in development, the generated administrator in production.
rabbit_management_user() {
  if [ "$FS_PROFILE" = production ]; then echo "flashsale-admin:$(cat "$FS_SECRETS/rabbitmq-admin-password")"; else echo guest:guest; fi
}

log() { printf '\033[1;34m[flashsale]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[flashsale] %s\033[0m\n' "$*" >&2; exit 1; }

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.3 s.
wait_until() {
  local timeout=$1 what=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { log "timed out after ${timeout}s waiting for $what"; return 1; }
    sleep 0.3
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$(cat "$1")/status" 2>/dev/null; }

# Names the shell shares with the C# code, read from where the code defines them (one source, nothing to keep in step).
fs_csharp_constants() { sed -n 's/.*public const string [A-Za-z]* = "\([a-z0-9-]*\)";.*/\1/p' "$@"; }

# The stock strategies in StockStrategyRegistration.Names order: "redis-lua redlock-segmented postgres-row-lock".
fs_stock_strategies() {
  local dir="$FS_ROOT/services/inventory/FlashSale.Inventory/StockStrategies" class
  for class in $(sed -n 's/.*Names = \[\(.*\)\];.*/\1/p' "$dir/StockStrategyRegistration.cs" | tr -d ' ' | tr ',' '\n' | sed 's/\.Name$//'); do
    sed -n 's/.*public const string Name = "\([a-z-]*\)";.*/\1/p' "$dir/$class.cs"
  done | paste -sd' '
}

# Every queue the saga's messages wait in: reservations, the orchestrator's replies, and the three participants.
FS_SAGA_QUEUES="$(fs_csharp_constants "$FS_ROOT/shared/FlashSale.Contracts/Purchases/PurchaseQueues.cs" "$FS_ROOT/shared/FlashSale.Contracts/ServiceQueues.cs" | paste -sd' ')"
FS_STOCK_STRATEGIES="$(fs_stock_strategies)"

# The production profile's secrets, servers' credentials and token minting (functions only).
source "$FS_ROOT/ops/production.sh"
