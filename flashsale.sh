#!/usr/bin/env bash
# FlashSale: one command to run the system, one to watch a flash sale on it, one to run every test.
#   ./flashsale.sh up [--replicas N] [--production]  install (apt) and start PostgreSQL, Redis x4, RabbitMQ; build;
#                           start the Aspire dashboard (Development), the gateway and the four services (N instances of each, and an edge proxy in front
#                           of the N gateways when N > 1); wait until the gateway is ready. --production: the same as a
#                           production profile: secrets generated once in .flashsale/secrets, servers of its own with
#                           passwords and per-service users, hosts in Production, no dev issuer
#   ./flashsale.sh token --user U [--role shopper|admin]  print a JWT signed with the running profile's private key
#   ./flashsale.sh demo [options]  a complete flash sale: 1,000 simulated shoppers, 100 units, ~1 min with a live
#                           line, then a report; starts the system first if needed; exits 1 unless every
#                           invariant holds (load-tests/driver demo; --help lists its options)
#   ./flashsale.sh test     start the servers the same way, then run every test of the solution
#   ./flashsale.sh down     stop everything started by `up`
#   ./flashsale.sh status   show what runs
#   ./flashsale.sh servers  start only PostgreSQL, Redis and RabbitMQ (for running tests from an IDE)
#   ./flashsale.sh env      print the test servers' connection variables: eval "$(./flashsale.sh env)"; dotnet test
#   ./flashsale.sh restart [--strategy S] [host...]
#                           restart hosts (all without names; a kind such as "order" means all its instances,
#                           "order-2" one of them) with their defaults; --strategy sets the inventory's
#                           stock strategy: redis-lua (default), redlock-segmented or postgres-row-lock
#   ./flashsale.sh spike [options]  the purchase spike against the running system: exits 1 unless exactly the
#                           stock is sold, cleanly (load-tests/driver spike; --help lists its options)
#   ./flashsale.sh bench    the benchmark (~10 min): starts the system if needed, writes load-tests/results/
#   ./flashsale.sh restart-broker  stop and start RabbitMQ (the broker-restart test's fault)
#   ./flashsale.sh chaos [--rounds N] [--faults a,b] [--replicas N] [driver options]
#                           flash sales while faults are injected, one kind per round (instance kills, RabbitMQ
#                           restart, Redis SIGKILL, PostgreSQL restart, a Redlock node down, duplicate delivery);
#                           a table of recovery, liveness and invariants in load-tests/results/; exit 1 on any violation
set -euo pipefail
# The profile a command acts on: `up` says which (--production or not); test, env and servers are always development.
case "${1:-}" in
  up) if [[ " ${*:2} " == *" --production "* ]]; then export FS_PROFILE=production; else export FS_PROFILE=development; fi ;;
  test | env | servers) export FS_PROFILE=development ;;
esac
source "$(dirname "${BASH_SOURCE[0]}")/ops/config.sh"
source "$FS_ROOT/ops/servers.sh"
source "$FS_ROOT/ops/dashboard.sh"
source "$FS_ROOT/ops/hosts.sh"
source "$FS_ROOT/ops/tests.sh"
source "$FS_ROOT/ops/driver.sh"
source "$FS_ROOT/ops/chaos.sh"
source "$FS_ROOT/ops/storefront.sh"

ensure_dotnet() { command -v dotnet >/dev/null || die "the .NET 10 SDK is needed (https://dot.net): dotnet is not on PATH"; }
ensure_curl() {
  command -v curl >/dev/null && command -v python3 >/dev/null && return 0 # python3 reads RabbitMQ's queue depths
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl python3 >/dev/null
}

cmd_up() {
  local started=$SECONDS replicas=1
  while (($#)); do
    case $1 in
      --replicas) replicas=${2:-}; shift 2 || die "--replicas needs a number" ;;
      --replicas=*) replicas=${1#*=}; shift ;;
      --production) shift ;; # read where the profile is chosen (FS_PROFILE)
      *) die "up: unknown option $1 (up [--replicas N] [--production])" ;;
    esac
  done
  [[ $replicas =~ ^[1-9]$ ]] || die "--replicas must be 1 to 9, got '$replicas'"
  if [ "$(fs_replicas)" != "$replicas" ] && hosts_running; then
    die "the system runs with $(fs_replicas) replica(s); ./flashsale.sh down first, then up --replicas $replicas"
  fi
  ensure_dotnet; ensure_curl
  profile_switch_check
  servers_up
  mkdir -p "$FS_DATA" && echo "$replicas" >"$FS_DATA/replicas"
  echo "$FS_PROFILE" >"$FS_DATA/profile"
  hosts_build
  dashboard_start
  hosts_start
  hosts_wait_ready
  storefront_sample_sale
  log "FlashSale ($FS_PROFILE profile) is up in $((SECONDS - started)) s ($replicas instance(s) of each host)"
  echo "  gateway        http://localhost:$FS_GATEWAY_PORT        (health: /health/ready, OpenAPI: /openapi/<service>.json)"
  hosts_table | awk -F: '{ printf "  %-14s http://127.0.0.1:%s\n", $1, $3 }'
  if [ "$FS_PROFILE" = production ]; then
    cat <<URLS
  token          ./flashsale.sh token --user u-1 [--role admin]   (the dev issuer is off: 404; OpenAPI needs an admin token)
  secrets        $FS_SECRETS (0600; never commit)
  rabbitmq UI    http://127.0.0.1:$FS_RABBIT_MGMT_PORT  (flashsale-admin / $FS_SECRETS/rabbitmq-admin-password)
  logs           $FS_LOGS
URLS
    return
  fi
  cat <<URLS
  rabbitmq UI    http://127.0.0.1:$FS_RABBIT_MGMT_PORT  (guest/guest)
  dev token      curl -s -XPOST localhost:$FS_GATEWAY_PORT/api/auth/token -H 'content-type: application/json' -d '{"userId":"u-1","role":"shopper"}'
  logs           $FS_LOGS
URLS
  if pid_alive "$FS_PIDS/dashboard.pid"; then
    echo "  dashboard      $(dashboard_url)        (traces, metrics, structured logs of every host; API: /api/telemetry/traces)"
  fi
  echo "  API reference  http://localhost:$FS_GATEWAY_PORT/scalar  (Development)"
}

# Hosts of one profile at a time (they share ports 8080-8084): switching needs `down` first.
profile_switch_check() {
  local running name
  running=$(cat "$FS_DATA/profile" 2>/dev/null || echo development)
  [ "$running" != "$FS_PROFILE" ] || return 0
  for name in $(hosts_table | cut -d: -f1); do
    pid_alive "$FS_PIDS/$name.pid" && die "the $running profile is up: ./flashsale.sh down first"
  done
  return 0
}

# Stops the hosts and the servers of both profiles that this checkout started.
cmd_down() {
  hosts_stop; rm -f "$FS_DATA/replicas"; dashboard_stop; servers_down
  # Each stop is a no-op for servers this checkout did not start.
  (FS_PROFILE=$([ "$FS_PROFILE" = production ] && echo development || echo production)
    unset FS_PG_PORT FS_REDIS_PORT FS_REDLOCK_PORTS FS_AMQP_PORT FS_RABBIT_MGMT_PORT FS_RABBIT_DIST_PORT FS_EPMD_PORT
    source "$FS_ROOT/ops/config.sh" && servers_down)
  rm -f "$FS_DATA/profile"
  log "stopped"
}

STRATEGIES=$FS_STOCK_STRATEGIES

cmd_restart() {
  local strategy="" hosts=() name
  while (($#)); do
    case $1 in
      --strategy) strategy=${2:-}; shift 2 || die "--strategy needs one of: $STRATEGIES" ;;
      --strategy=*) strategy=${1#*=}; shift ;;
      -*) die "restart: unknown option $1 (restart [--strategy S] [host...])" ;;
      *) hosts+=("$1"); shift ;;
    esac
  done
  [ -z "$strategy" ] || [[ " $STRATEGIES " == *" $strategy "* ]] || die "unknown strategy '$strategy' (one of: $STRATEGIES)"
  ((${#hosts[@]})) || mapfile -t hosts < <(hosts_table | cut -d: -f4 | awk '!seen[$0]++')
  for name in "${hosts[@]}"; do
    if [ "$name" = inventory ] && [ -n "$strategy" ]; then host_restart inventory "Purchases__Strategy=$strategy"
    else host_restart "$name"; fi
  done
  hosts_wait_ready
}

cmd_spike() {
  ensure_dotnet; require_system_up; driver_build
  driver spike --gateway "http://127.0.0.1:$FS_GATEWAY_PORT" --signing-key "$(driver_signing_key)" "$@"
}
# The demo needs unpaid orders cancelled while people watch: the order host runs with a short payment
# window (DEMO_PAYMENT_WINDOW_SECONDS, default 20) for the demo and gets its default back afterwards.
cmd_demo() {
  ensure_dotnet; ensure_curl
  [[ " $* " == *" --help "* ]] && { driver_build; driver demo --help; return; }
  local seconds=${DEMO_PAYMENT_WINDOW_SECONDS:-20} rc=0 window args=()
  # --payment-window <N>s on the command line sets the order host's window too (whole seconds).
  while (($#)); do
    if [ "$1" = --payment-window ] && [[ "${2:-}" =~ ^([0-9]+)s?$ ]]; then seconds=${BASH_REMATCH[1]}; shift 2; continue; fi
    args+=("$1"); shift
  done
  set -- "${args[@]}"
  window=$(printf '%02d:%02d:%02d' $((seconds / 3600)) $((seconds % 3600 / 60)) $((seconds % 60)))
  gateway_ready || cmd_up
  driver_build
  demo_wait_for_quiet_saga
  trap 'demo_restore_order' EXIT
  if ! grep -qx "Orders__PaymentWindow=$window" "$FS_PIDS/order.env" 2>/dev/null; then
    log "the demo restarts the order host with a ${seconds} s payment window (Orders__PaymentWindow=$window), so unpaid orders are cancelled while you watch"
    host_restart order "Orders__PaymentWindow=$window"
    hosts_wait_ready
  fi
  local trace=()
  dashboard_ready 2>/dev/null && trace=(--dashboard "$(dashboard_url)") # the report ends with a link to one paid order's trace
  # The charts go with the run's logs (.flashsale/results), not into the repository: a demo is not a committed result.
  driver demo --gateway "http://127.0.0.1:$FS_GATEWAY_PORT" --payment-window "${seconds}s" --signing-key "$(driver_signing_key)" \
    --charts "$FS_DATA/results/demo-$(date -u +%Y-%m-%d-%H%M%S)" \
    --postgres "Host=127.0.0.1;Port=$FS_PG_PORT;Username=postgres;Password=$FS_PG_PASSWORD" "${trace[@]}" "$@" || rc=$?
  return "$rc"
}
# Orders of earlier runs are still moving (a benchmark leaves thousands unpaid; 15 min later their deadlines
# pass and the saga releases their units, ~50 per second per sale here): the demo's orders would queue behind them.
demo_wait_for_quiet_saga() {
  local deadline=$((SECONDS + 900))
  until saga_queues_quiet; do
    ((SECONDS < deadline)) || die "the saga did not drain within 15 min; try again later (./flashsale.sh status)"
    log "the saga is still busy with earlier orders: $(saga_backlog) messages queued; the demo starts once they are handled"
    sleep 15
  done
}
demo_restore_order() {
  [ -s "$FS_PIDS/order.env" ] || return 0
  log "giving the order host its default payment window back"
  host_restart order
}

cmd_status() { echo "servers:"; servers_status; echo "hosts:"; hosts_status; dashboard_status; }

# The driver mints shoppers' tokens with the profile's private key: 'dev' (the committed key) or the generated one.
driver_signing_key() { if [ "$FS_PROFILE" = production ]; then echo "$FS_SECRETS/jwt-private.pem"; else echo dev; fi; }

case "${1:-help}" in
  up) shift; cmd_up "$@" ;;
  token) shift; token_mint "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  test) shift; ensure_dotnet; tests_run "$@" ;;
  servers) servers_up ;;
  env) servers_env ;;
  restart-broker) rabbitmq_restart ;;
  restart) shift; ensure_dotnet; cmd_restart "$@" ;;
  spike) shift; cmd_spike "$@" ;;
  demo) shift; cmd_demo "$@" ;;
  chaos) shift; cmd_chaos "$@" ;;
  chaos-fault) shift; chaos_fault "$@" ;;
  bench) shift; ensure_dotnet; ensure_curl; exec "$FS_ROOT/load-tests/bench/purchase-bench.sh" "$@" ;;
  *) sed -n '2,28p' "$0"; exit 1 ;;
esac
