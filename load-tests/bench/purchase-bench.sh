#!/usr/bin/env bash
# The benchmark, one command (./flashsale.sh bench), one run, figures as ratios measured in it:
#   1. the acceptance spike on the default rate limits and strategy (exactly the stock sold, cleanly)
#   2. the gateway restarted with its per-client-IP and per-sale purchase limits lifted (all load comes from
#      one loopback IP; the limiter still runs its Redis check on every request), then
#   3. the pass-through baseline: GET /api/time through the gateway, closed model, and its latency at the rates below;
#      next to each baseline run the ceiling: the same request through a bare YARP pass-through in front of a trivial
#      Kestrel endpoint (tools/FlashSale.Ceiling, two processes like gateway -> service), so every figure is also a
#      ratio to what a proxy hop can do on this machine in the same run
#   4. for each stock strategy (the inventory host restarted with it): admitted purchases/s, sold-out
#      rejections/s (closed model), latency at the common arrival rate (open model); the default strategy
#      also cached sale views/s (GET /api/sales/{id}, closed model), latency at a higher rate, and orders settled/s end to end (settle: buy, pay, wait until paid) with
#      each service's outbox lag meanwhile and the settle sale's invariants (oversold, lost, drift)
#   5. mass expiry: the order host restarted with a 1-minute payment window, one admitted run whose orders
#      nobody pays, then how long after its deadline each order was cancelled and its units released
#   6. the baseline again after each strategy: every figure is compared with the baseline runs around it,
#      as the machine drifts; then, once the saga's queues are empty, every sale of the run verified
#      (oversold and drift 0 once quiet), the hosts back to their defaults, and
#      load-tests/results/<UTC date-time>.md + .json written by the driver's report command.
# Exits 1 when the spike, the settle run's invariants or the verification failed (the results are written anyway).
# Starts the system first when the gateway is not ready. Knobs (environment):
#   BENCH_SECONDS=10 BENCH_WARMUP=3 BENCH_CONNECTIONS=64 BENCH_SHOPPERS=6000
#   BENCH_STRATEGIES="redis-lua redlock-segmented postgres-row-lock"
#   BENCH_COMMON_RATE=15 BENCH_COMMON_SECONDS=20   latency of every strategy (below the slowest one's capacity)
#   BENCH_DEFAULT_RATE=150                          latency of the default strategy (redis-lua) at a higher rate
#                                                   (and always at half the rate it admitted in its closed run)
#   BENCH_SETTLE_STOCK=500                          orders of the settle run (one shopper each)
#   BENCH_SETTLE_WARMUP=1000 BENCH_SETTLE_WARMUP_RUNS=2   orders and count of the unmeasured settle runs before it
#   BENCH_EXPIRY_SHOPPERS=12000 BENCH_EXPIRY_WINDOW=00:01:00   mass expiry: shoppers of its admitted run, payment window
#   BENCH_OUT=load-tests/results/<stamp>            results path without extension
#   FS_DASHBOARD=0                                  no dashboard, no export: the tracing-cost step is skipped
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/ops/config.sh"
source "$ROOT/ops/servers.sh"
source "$ROOT/ops/dashboard.sh"
source "$ROOT/ops/hosts.sh"
source "$ROOT/ops/driver.sh"

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
SHOPPERS=${BENCH_SHOPPERS:-6000}
read -r -a STRATEGY_LIST <<<"${BENCH_STRATEGIES:-$FS_STOCK_STRATEGIES}"
COMMON_RATE=${BENCH_COMMON_RATE:-15}
COMMON_SECONDS=${BENCH_COMMON_SECONDS:-20}
DEFAULT_RATE=${BENCH_DEFAULT_RATE:-150}
SETTLE_STOCK=${BENCH_SETTLE_STOCK:-500}
SETTLE_WARMUP=${BENCH_SETTLE_WARMUP:-1000}
SETTLE_WARMUP_RUNS=${BENCH_SETTLE_WARMUP_RUNS:-2}
POSTGRES="Host=127.0.0.1;Port=$FS_PG_PORT;Username=postgres;Password=$FS_PG_PASSWORD"
LIFTED=1000000000
DEFAULT_STRATEGY=${FS_STOCK_STRATEGIES%% *} # the first name is the default Purchases:Strategy (StockStrategyOptions)
STAMP=$(date -u +%Y-%m-%d-%H%M)
OUT=${BENCH_OUT:-$ROOT/load-tests/results/$STAMP}
WORK="$FS_DATA/bench/$STAMP"
GATEWAY="http://127.0.0.1:$FS_GATEWAY_PORT"
NOTES=()
STEP=0
started=$SECONDS

[ "${1:-}" = --help ] && { sed -n '2,27p' "$0"; exit 0; }
(($# == 0)) || die "bench takes no arguments; its knobs are environment variables (--help)"
command -v python3 >/dev/null || die "python3 is needed (to read RabbitMQ's queue depth)"

gateway_ready || "$ROOT/flashsale.sh" up
driver_build
mkdir -p "$WORK"
# The figures are for one instance of each host unless the system runs more (`up --replicas N`, which a chaos run
# leaves behind): then every request also crosses the edge, and the report says so.
if (($(fs_replicas) > 1)); then
  log "the system runs $(fs_replicas) instances of each host behind the edge: the figures will not compare with one-instance runs"
  NOTES+=("hosts: $(fs_replicas) instances of each, behind the edge (a YARP pass-through on the gateway port): every request crosses one more proxy hop than in a one-instance run")
else
  NOTES+=("hosts: one instance of each (./flashsale.sh up)")
fi

# The ceiling's two processes (tools/FlashSale.Ceiling): the origin, then the bare proxy in front of it.
read -r CEILING_PROXY_PORT CEILING_ORIGIN_PORT <<<"$FS_CEILING_PORTS"
CEILING="http://127.0.0.1:$CEILING_PROXY_PORT"
CEILING_PIDS=()
ceiling_start() {
  local dll="$ROOT/tools/FlashSale.Ceiling/bin/$FS_CONFIGURATION/net10.0/FlashSale.Ceiling.dll" port
  [ -f "$dll" ] || (cd "$ROOT" && dotnet build tools/FlashSale.Ceiling -c "$FS_CONFIGURATION" -v q -nologo >/dev/null) || die "could not build tools/FlashSale.Ceiling"
  for port in "$CEILING_ORIGIN_PORT" "$CEILING_PROXY_PORT"; do port_closed "$port" || die "port $port (FS_CEILING_PORTS) is taken"; done
  ASPNETCORE_ENVIRONMENT=Production dotnet "$dll" --urls "http://127.0.0.1:$CEILING_ORIGIN_PORT" >"$WORK/ceiling-origin.log" 2>&1 &
  CEILING_PIDS+=($!)
  ASPNETCORE_ENVIRONMENT=Production Ceiling__Origin="http://127.0.0.1:$CEILING_ORIGIN_PORT" \
    dotnet "$dll" --urls "$CEILING" >"$WORK/ceiling-proxy.log" 2>&1 &
  CEILING_PIDS+=($!)
  wait_until 30 "the ceiling's pass-through" curl -fsS -o /dev/null "$CEILING/api/time" || die "the ceiling did not start (logs: $WORK/ceiling-*.log)"
}
ceiling_stop() { ((${#CEILING_PIDS[@]})) && kill "${CEILING_PIDS[@]}" 2>/dev/null; CEILING_PIDS=(); return 0; }

# Hosts go back to exactly what `up` runs, whatever happens to the run.
restore_defaults() {
  local name
  for name in gateway inventory order; do
    [ -s "$FS_PIDS/$name.env" ] && host_restart "$name"
  done
  return 0
}
trap 'ceiling_stop; restore_defaults || log "could not restore the hosts defaults: ./flashsale.sh restart"' EXIT

# --watch label=pid for every process the figures depend on (PostgreSQL and RabbitMQ with their children).
watch_args() {
  local name pid redlock="" port
  for name in gateway inventory order payment wallet; do
    pid=$(cat "$FS_PIDS/$name.pid" 2>/dev/null) && echo "--watch" && echo "$name=$pid"
  done
  pid=$(pgrep -f "^redis-server 127.0.0.1:$FS_REDIS_PORT" | head -1) && echo "--watch" && echo "redis=$pid"
  for port in $FS_REDLOCK_PORTS; do redlock+=${redlock:+,}$(pgrep -f "^redis-server 127.0.0.1:$port" | head -1); done
  [ -n "$redlock" ] && echo "--watch" && echo "redlock=$redlock"
  pid=$(pgrep -f "bin/postgres .*-p $FS_PG_PORT" | head -1) && echo "--watch" && echo "postgres=$pid"
  pid=$(pgrep -f "beam.smp.*epmd_port $FS_EPMD_PORT" | head -1) && echo "--watch" && echo "rabbitmq=$pid"
  return 0
}

# run NAME COMMAND args...: one driver run, its result in $WORK/NN-NAME.json; load runs watch the CPU.
# RUN_GATEWAY=URL run ...: against another pass-through than the gateway (the ceiling).
run() {
  local name=$1 command=$2; shift 2
  local watch=()
  [[ $command = spike || $command = verify ]] || mapfile -t watch < <(watch_args)
  STEP=$((STEP + 1))
  log "[$((SECONDS - started)) s] $name"
  driver "$command" "$@" --gateway "${RUN_GATEWAY:-$GATEWAY}" --out "$WORK/$(printf '%02d' "$STEP")-$name.json" "${watch[@]}"
}

closed() { run "$1" "${@:2}" --connections "$CONNECTIONS" --warmup "$WARMUP" --duration "$SECONDS_PER_RUN"; }

# tokens_ratio NONE.json POW.json: purchase tokens/s with the proof-of-work check against without it, same run.
tokens_ratio() {
  python3 - "$1" "$2" <<'PY' 2>/dev/null || echo "the token runs' ratio could not be read"
import json, sys
rate = lambda path: (lambda r: r["answers"].get("200", 0) / r["measuredSeconds"])(json.load(open(path)))
none, pow_ = rate(sys.argv[1]), rate(sys.argv[2])
print(f"purchase tokens/s with the proof-of-work check {pow_:,.0f} (every one a verification: two SHA-256 and a Redis SET NX) = {pow_ / none:.2f} x the same path without it ({none:,.0f}/s), same run, solutions solved before the run")
PY
}

drain() {
  local from=$SECONDS
  if wait_until 180 "the saga queues to drain" saga_queues_quiet; then
    NOTES+=("after $1 the saga's backlog took $((SECONDS - from)) s to drain (its queues empty, no publishing) before the next figure")
  else
    NOTES+=("after $1 the saga's backlog did NOT drain within 180 s: later figures ran with it")
  fi
}

# What exporting traces costs the hot path: the gateway and inventory restarted without an OTLP endpoint (spans are still
# made, only not sent), then restarted exporting again, each followed by the default strategy's admitted throughput and
# its latency at the default rate: both pairs run on freshly started hosts, so JIT warm-up weighs on both alike. The
# runs go to $WORK/tracing (not in the report's tables); one note states the figures. Only when the hosts export.
tracing_cost() {
  dashboard_enabled && dashboard_ready 2>/dev/null || { NOTES+=("tracing cost: not measured (the hosts export nowhere: no dashboard)"); return 0; }
  local dir="$WORK/tracing" mode
  mkdir -p "$dir"
  for mode in off on; do
    local env=() label="$DEFAULT_STRATEGY, trace export $mode"
    [ "$mode" = off ] && env=(OTEL_EXPORTER_OTLP_ENDPOINT=)
    host_restart gateway "${GATEWAY_LIFTED[@]}" "${env[@]}"
    if ((${#env[@]})); then host_restart inventory "${env[@]}"; else host_restart inventory; fi
    hosts_wait_ready
    log "[$((SECONDS - started)) s] tracing cost: export $mode"
    driver throughput --answer admitted --label "$label" --shoppers "$SHOPPERS" --connections "$CONNECTIONS" --warmup "$WARMUP" \
      --duration "$SECONDS_PER_RUN" --gateway "$GATEWAY" --out "$dir/admitted-$mode.json" || true
    drain "tracing cost, admitted (export $mode)"
    driver latency --label "$label" --rate "$DEFAULT_RATE" --warmup "$WARMUP" --duration "$SECONDS_PER_RUN" --gateway "$GATEWAY" \
      --out "$dir/latency-$mode.json" || true
    drain "tracing cost, latency (export $mode)"
  done
  NOTES+=("tracing cost ($DEFAULT_STRATEGY; gateway and inventory freshly restarted for each side; every span still made, only the OTLP export switched): $(python3 - "$dir" <<'PY'
import json, sys, os
d = sys.argv[1]
def load(name):
    try:
        return json.load(open(os.path.join(d, name)))
    except (OSError, ValueError):
        return None
parts = []
for mode in ("off", "on"):
    a, l = load(f"admitted-{mode}.json"), load(f"latency-{mode}.json")
    rate = a["answers"].get("202", 0) / a["measuredSeconds"] if a else float("nan")
    lat = (l or {}).get("latency") or {}
    parts.append((mode, rate, lat.get("p50Ms", float("nan")), lat.get("p99Ms", float("nan"))))
(_, r0, p50_0, p99_0), (_, r1, p50_1, p99_1) = parts
print(f"admitted purchases/s without export {r0:.0f}, with export {r1:.0f} ({r1 / r0:.2f}x); "
      f"latency at the default rate p50/p99 without {p50_0:.1f}/{p99_0:.1f} ms, with {p50_1:.1f}/{p99_1:.1f} ms")
PY
)")
}

log "benchmark: results go to ${OUT#"$ROOT"/}.md/.json"
NOTES+=("commit $(git -C "$ROOT" rev-parse --short HEAD) ($(git -C "$ROOT" rev-parse --abbrev-ref HEAD)); load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)")
restore_defaults

spike_rc=0 settle_rc=0 verify_rc=0 expiry_rc=0
run spike spike --label "$DEFAULT_STRATEGY, default limits" || spike_rc=$?
NOTES+=("the spike ran first, on the system as \`up\` starts it: default rate limits, default strategy, 16 loopback client addresses")

GATEWAY_LIFTED=(
  "RateLimiting__Purchases__PerClientIp__PermitLimit=$LIFTED" "RateLimiting__Purchases__PerSale__PermitLimit=$LIFTED"
  "RateLimiting__Purchases__PerUser__PermitLimit=$LIFTED"
  "RateLimiting__PurchaseToken__PerClientIp__PermitLimit=$LIFTED" "RateLimiting__PurchaseToken__PerSale__PermitLimit=$LIFTED"
  "RateLimiting__PurchaseToken__PerUser__PermitLimit=$LIFTED"
  "RateLimiting__Challenges__PerClientIp__PermitLimit=$LIFTED"
  "RateLimiting__Payments__PerClientIp__PermitLimit=$LIFTED" "RateLimiting__OrderReads__PerClientIp__PermitLimit=$LIFTED"
  "RateLimiting__WalletReads__PerClientIp__PermitLimit=$LIFTED"
)
host_restart gateway "${GATEWAY_LIFTED[@]}"
NOTES+=("throughput and latency runs: the gateway's per-client-IP and per-sale limits (purchases, purchase tokens; per-client-IP of challenges, payments and reads) and its per-user purchase and purchase-token rates lifted to $LIFTED, the limiter still on (its Redis check is on every request's path); the other per-user rates at their defaults, and the sale's per-user unit limit as the sale sets it")
NOTES+=("closed model: $CONNECTIONS connections, ${WARMUP} s warm-up + ${SECONDS_PER_RUN} s measured per figure; open model: ${WARMUP} s warm-up, then ${COMMON_SECONDS} s at ${COMMON_RATE}/s (every strategy) or ${SECONDS_PER_RUN} s at ${DEFAULT_RATE}/s ($DEFAULT_STRATEGY)")
NOTES+=("every run buys from a sale of its own; shopper JWTs are minted by the driver with the development signing key, purchase tokens come from the gateway")

ceiling_start
# Both pass-throughs warm before the first pair is measured: the ceiling's processes have just started and the gateway
# has just been restarted, and a fresh .NET process runs its first seconds in the JIT (first pairs measured cold:
# 17,040 and 17,806 requests/s, the same processes 24,663 and 27,907 a few minutes later).
for target in "$CEILING" "$GATEWAY"; do
  driver baseline --gateway "$target" --connections "$CONNECTIONS" --warmup 10 --duration 2 >/dev/null 2>&1 || log "warming $target failed"
done
RUN_GATEWAY="$CEILING" closed ceiling baseline --through ceiling
closed baseline baseline
run latency-time-common latency --target time --rate "$COMMON_RATE" --warmup "$WARMUP" --duration "$COMMON_SECONDS"
run latency-time-default latency --target time --rate "$DEFAULT_RATE" --warmup "$WARMUP" --duration "$SECONDS_PER_RUN"

current=$DEFAULT_STRATEGY # what `up` runs
for strategy in "${STRATEGY_LIST[@]}"; do
  if [ "$strategy" != "$current" ]; then
    host_restart inventory "Purchases__Strategy=$strategy"
    hosts_wait_ready
    current=$strategy
  fi
  closed "admitted-$strategy" throughput --answer admitted --label "$strategy" --shoppers "$SHOPPERS"
  drain "admitted ($strategy)"
  closed "sold-out-$strategy" throughput --answer sold-out --label "$strategy" --shoppers "$SHOPPERS"
  # The storefront's read of a sale (GET /api/sales/{id}, from inventory's Redis cache): the same for every strategy.
  [ "$strategy" != "$DEFAULT_STRATEGY" ] || closed "sale-view-$strategy" sale-view --label "$strategy"
  # The purchase-token path without and with the proof-of-work check (each request spends a solution solved before
  # the run, so the window is short): the difference is what checking a solution costs the server.
  if [ "$strategy" = "$DEFAULT_STRATEGY" ]; then
    run "tokens-$strategy" tokens --check none --label "$strategy" --connections "$CONNECTIONS" --warmup 1 --duration 3
    run "tokens-pow-$strategy" tokens --check proof-of-work --label "$strategy" --connections "$CONNECTIONS" --warmup 1 --duration 3
    NOTES+=("human check: $(tokens_ratio "$WORK"/*-tokens-"$strategy".json "$WORK"/*-tokens-pow-"$strategy".json); $(driver solve-cost --gateway "$GATEWAY" | sed 's/^solving cost/what solving costs a client/')")
  fi
  run "latency-common-$strategy" latency --label "$strategy" --rate "$COMMON_RATE" --warmup "$WARMUP" --duration "$COMMON_SECONDS"
  if [ "$strategy" = "$DEFAULT_STRATEGY" ]; then
    run "latency-default-$strategy" latency --label "$strategy" --rate "$DEFAULT_RATE" --warmup "$WARMUP" --duration "$SECONDS_PER_RUN"
    drain "latency ($strategy)"
    # And at half the rate this strategy admitted in the closed run above: the system busy, not saturated.
    half_rate=$(python3 - "$WORK"/*-admitted-"$strategy".json <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
print(max(1, int(run["answers"].get("202", 0) / run["measuredSeconds"] / 2)))
PY
)
    run "latency-half-$strategy" latency --label "$strategy" --rate "$half_rate" --warmup "$WARMUP" --duration "$SECONDS_PER_RUN"
    NOTES+=("latency at half the admitted rate ($strategy): $half_rate purchases/s, half of the closed run's admitted purchases/s")
    drain "latency at half the admitted rate ($strategy)"
    tracing_cost
    # Unmeasured warm-up runs first, in the driver's own process: until now the payment and wallet hosts ran nothing
    # since they started, and a host's first thousands of orders are spent compiling (settle runs of 1,000 orders after
    # a restart went 36, 72, 113, 127, 129 orders/s); a fresh driver process compiling its own request paths took ~8 %
    # of the machine inside the measured run when the warm-ups ran as separate processes.
    run "settle-$strategy" settle --label "$strategy" --stock "$SETTLE_STOCK" --postgres "$POSTGRES" \
      --warmup-runs "$SETTLE_WARMUP_RUNS" --warmup-stock "$SETTLE_WARMUP" | tee "$WORK/settle-$strategy.log" || settle_rc=$?
    NOTES+=("settle warm-up: $SETTLE_WARMUP_RUNS runs of $SETTLE_WARMUP orders bought, paid and settled on sales of their own first, unmeasured and checked, in the same driver process ($(grep -ho 'warm-up [0-9]*: [0-9.]* orders settled/s' "$WORK"/settle-"$strategy".log 2>/dev/null | sed 's/warm-up [0-9]*: //' | paste -sd ',' - | sed 's/,/, /g')); the measured run starts once the machine is quiet, so the settle figure is the saga's steady state rather than the hosts' or the driver's first compilation")
  fi
  closed "baseline-after-$strategy" baseline
  RUN_GATEWAY="$CEILING" closed "ceiling-after-$strategy" baseline --through ceiling
done
ceiling_stop
# Mass expiry: a sale's unpaid orders all reach their deadline together (the order host runs a short payment
# window for this step only); every one must be cancelled and its units released within 30 s of its deadline.
EXPIRY_SHOPPERS=${BENCH_EXPIRY_SHOPPERS:-12000}
EXPIRY_WINDOW=${BENCH_EXPIRY_WINDOW:-00:01:00}
drain "the strategies"
[ "$current" = "$DEFAULT_STRATEGY" ] || host_restart inventory
host_restart order "Orders__PaymentWindow=$EXPIRY_WINDOW"
hosts_wait_ready
expiry_json=$WORK/$(printf '%02d' $((STEP + 1)))-expiry-orders.json
closed expiry-orders throughput --answer admitted --label "$DEFAULT_STRATEGY, unpaid" --shoppers "$EXPIRY_SHOPPERS" || true
expiry_sale=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["settings"]["saleId"])' "$expiry_json" 2>/dev/null || true)

if [ -n "$expiry_sale" ]; then
  STEP=$((STEP + 1))
  log "[$((SECONDS - started)) s] expiry of sale $expiry_sale"
  driver expiry --sale "$expiry_sale" --postgres "$POSTGRES" | tee "$WORK/$(printf '%02d' "$STEP")-expiry.txt" || expiry_rc=$?
  NOTES+=("mass expiry ($EXPIRY_WINDOW payment window, order host restarted for this step only; the admitted orders of one closed-model run, nobody pays): $(sed -n '1p;2p;3p;4p' "$WORK/$(printf '%02d' "$STEP")-expiry.txt" | sed 's/^ *//' | paste -sd ';' -)")
else
  expiry_rc=1
  NOTES+=("mass expiry: the admitted run's sale id could not be read from $expiry_json")
fi
host_restart order
hosts_wait_ready
drain "the last figure"
run verify verify --in "$WORK" || verify_rc=$?
NOTES+=("settle: $SETTLE_STOCK shoppers (wallets credited first), one unit each, all starting at one instant on the lifted limits; each pays as soon as the order awaits payment and waits on it (long polls, ?waitFor=) until paid; outbox lag from each service's outbox_messages rows written during the run")
NOTES+=("verify: every sale of the run once the saga's queues were empty: PostgreSQL's ledger, Redis = PostgreSQL, a reconciliation run (POST /api/admin/reconciliation)")
NOTES+=("load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); whole run: $((SECONDS - started)) s")
restore_defaults

report_args=()
for note in "${NOTES[@]}"; do report_args+=(--note "$note"); done
driver report --in "$WORK" --out "$OUT" --title "FlashSale benchmark, $STAMP" "${report_args[@]}"
log "benchmark done in $((SECONDS - started)) s: ${OUT#"$ROOT"/}.md"
((spike_rc == 0)) || die "the spike check FAILED (exit $spike_rc): see the Spike section of ${OUT#"$ROOT"/}.md"
((settle_rc == 0)) || die "the settle run FAILED (exit $settle_rc): see Correctness in ${OUT#"$ROOT"/}.md"
((expiry_rc == 0)) || log "the mass expiry step FAILED its 30 s target (exit $expiry_rc): see its note in ${OUT#"$ROOT"/}.md"
((verify_rc == 0)) || die "the verification FAILED (exit $verify_rc): see Correctness in ${OUT#"$ROOT"/}.md"
