# `./flashsale.sh chaos`: flash sales while faults are injected (load-tests/driver chaos), and the faults themselves
# (`./flashsale.sh chaos-fault <fault> prepare|inject|cleanup`, what the driver runs). Sourced by flashsale.sh.
# Instances come from the host table of `up --replicas N` (ops/hosts.sh) and their pid files ($FS_PIDS/<name>.pid:
# inventory, inventory-2, ...), never from fixed names or ports.

# The service hosts and the gateway; the edge proxy in front of the gateways (with --replicas > 1) is the one entry
# point a client knows, like a cloud load balancer, and is not a fault target.
chaos_host_kinds() { hosts_table | cut -d: -f4 | awk '!seen[$0]++' | grep -vx edge; }

# chaos_instances KIND: the running instances of one host kind (KIND, KIND-2, ...).
chaos_instances() {
  local name
  for name in $(hosts_table | awk -F: -v kind="$1" '$4 == kind { print $1 }'); do
    pid_alive "$FS_PIDS/$name.pid" && echo "$name"
  done
}

chaos_service_kinds() { chaos_host_kinds | grep -vx gateway; }

# The line the driver reads: the instant the fault is over, in Unix milliseconds.
chaos_back() { echo "back $(date +%s%3N)"; }

# A killed instance is restarted this long after the kill, as a supervisor would; meanwhile its replicas carry the load.
FS_CHAOS_RESTART_AFTER="${FS_CHAOS_RESTART_AFTER:-5}"
# How long a Redlock node stays down.
FS_CHAOS_REDLOCK_DOWN="${FS_CHAOS_REDLOCK_DOWN:-10}"

redis_kill() {
  local port=$1 pidfile="$FS_DATA/redis-$1/redis.pid"
  [ -f "$pidfile" ] || die "no Redis of this checkout on $port"
  kill -KILL "$(cat "$pidfile")"
  wait_until 10 "redis on $port to die" port_closed "$port" || die "Redis on $port did not die"
}

redis_restart_after_kill() {
  redis_start_one "$1"
  wait_until 30 "redis on $1" redis-cli -p "$1" ping || die "Redis on $1 did not come back"
}

chaos_kill_instances() {
  local kind instances victims=() name
  for kind in $(chaos_host_kinds); do
    mapfile -t instances < <(chaos_instances "$kind")
    ((${#instances[@]})) || die "no running instance of $kind"
    victims+=("${instances[RANDOM % ${#instances[@]}]}")
  done
  for name in "${victims[@]}"; do kill -KILL "$(cat "$FS_PIDS/$name.pid")"; done
  log "SIGKILLed ${victims[*]}"
  chaos_back
  sleep "$FS_CHAOS_RESTART_AFTER"
  for name in "${victims[@]}"; do chaos_restart_instance "$name"; done
}

# One instance by its name (`restart order` would restart every order instance: the first one's name is its kind's).
chaos_restart_instance() {
  local instance project port
  IFS=: read -r instance project port _ < <(hosts_table | awk -F: -v n="$1" '$1 == n') || die "no instance named $1"
  log "restarting $instance"
  host_stop "$instance"
  wait_until 30 "port $port to be free" port_closed "$port" || die "port $port is still taken after $instance stopped"
  host_start "$instance" "$project" "$port"
  wait_until "${FS_READY_TIMEOUT:-180}" "$instance to be ready" host_ready "$port" || die "$instance did not become ready"
}

chaos_fault() {
  local fault=${1:-} action=${2:-}
  case "$fault:$action" in
    kill-instances:inject) chaos_kill_instances ;;
    rabbitmq-restart:inject) rabbitmq_stop; rabbitmq_start; chaos_back ;;
    redis-kill:inject) redis_kill "$FS_REDIS_PORT"; redis_restart_after_kill "$FS_REDIS_PORT"; chaos_back ;;
    postgres-restart:inject)
      runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$(readlink -f "$FS_DATA/pg")/data" -m fast -w -t 60 restart >/dev/null \
        || die "PostgreSQL did not restart"
      wait_until 30 "PostgreSQL" port_open "$FS_PG_PORT" || die "PostgreSQL did not come back"
      chaos_back ;;
    redlock-node-down:inject)
      local port=${FS_REDLOCK_PORTS%% *}
      redis_kill "$port"; sleep "$FS_CHAOS_REDLOCK_DOWN"; redis_restart_after_kill "$port"; chaos_back ;;
    # Every message delivered twice for the whole round: the services run with the fault switch on.
    # (restarting a kind restarts its instances one after the other: with replicas the service stays up meanwhile)
    duplicate-delivery:prepare) RabbitMq__DuplicateDeliveries=true "$FS_ROOT/flashsale.sh" restart $(chaos_service_kinds) >&2 ;;
    duplicate-delivery:cleanup) RabbitMq__DuplicateDeliveries=false "$FS_ROOT/flashsale.sh" restart $(chaos_service_kinds) >&2 ;;
    duplicate-delivery:inject) log "every message is delivered twice this round" ;;
    *:prepare | *:cleanup) ;;
    *) die "chaos-fault <fault> prepare|inject|cleanup; faults: kill-instances rabbitmq-restart redis-kill postgres-restart redlock-node-down duplicate-delivery" ;;
  esac
}

# The order hosts run with a short payment window during chaos (never-paid orders must end within a round) and get
# their default back afterwards.
cmd_chaos() {
  local replicas=2 args=() seconds=${FS_CHAOS_PAYMENT_WINDOW_SECONDS:-120} rc=0
  while (($#)); do
    case $1 in
      --replicas) replicas=${2:-}; shift 2 || die "--replicas needs a number" ;;
      --replicas=*) replicas=${1#*=}; shift ;;
      --help) driver_build; driver chaos --help; return ;;
      *) args+=("$1"); shift ;;
    esac
  done
  [[ $replicas =~ ^[1-9]$ ]] || die "--replicas takes 1-9"
  ensure_dotnet; ensure_curl
  if hosts_running && [ "$(fs_replicas)" != "$replicas" ]; then
    log "the hosts run with $(fs_replicas) replica(s); restarting them with $replicas"
    hosts_stop
  fi
  export FS_CHAOS_REPLICAS=$replicas
  export Orders__PaymentWindow; Orders__PaymentWindow=$(printf '00:%02d:%02d' $((seconds / 60)) $((seconds % 60)))
  "$FS_ROOT/flashsale.sh" up --replicas "$replicas" >&2
  log "restarting the order hosts with a ${seconds} s payment window (Orders__PaymentWindow=$Orders__PaymentWindow)"
  "$FS_ROOT/flashsale.sh" restart order >&2
  trap 'chaos_restore_order' EXIT
  driver_build
  demo_wait_for_quiet_saga
  mkdir -p "$FS_ROOT/load-tests/results"
  driver chaos --gateway "http://127.0.0.1:$FS_GATEWAY_PORT" --payment-window "${seconds}s" \
    --postgres "Host=127.0.0.1;Port=$FS_PG_PORT;Username=postgres;Password=$FS_PG_PASSWORD" \
    --fault-command "$FS_ROOT/flashsale.sh chaos-fault" \
    --results "$FS_ROOT/load-tests/results/chaos-$(date -u +%Y-%m-%d-%H%M)" "${args[@]}" || rc=$?
  return "$rc"
}

chaos_restore_order() {
  unset Orders__PaymentWindow
  log "giving the order hosts their default payment window back"
  "$FS_ROOT/flashsale.sh" restart order >&2 || true
}
