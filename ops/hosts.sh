# The gateway and the four services, built in Release and run as background processes.
# Sourced by flashsale.sh after ops/config.sh, ops/servers.sh and ops/dashboard.sh.

# name:project-path:port:worker-id
hosts_table() {
  cat <<TABLE
inventory:services/inventory/FlashSale.Inventory:$FS_INVENTORY_PORT:1
order:services/order/FlashSale.Order:$FS_ORDER_PORT:2
payment:services/payment/FlashSale.Payment:$FS_PAYMENT_PORT:3
wallet:services/wallet/FlashSale.Wallet:$FS_WALLET_PORT:4
gateway:gateway/FlashSale.Gateway:$FS_GATEWAY_PORT:5
TABLE
}

hosts_build() {
  log "building the solution ($FS_CONFIGURATION)"
  dotnet build "$FS_ROOT/FlashSale.sln" -c "$FS_CONFIGURATION" -nologo -v q -clp:NoSummary >"$FS_LOGS/build.log" 2>&1 \
    || { tail -40 "$FS_LOGS/build.log" >&2; die "build failed (full log: $FS_LOGS/build.log)"; }
}

# Environment shared by every host: where the servers are and that this is the dev profile.
hosts_env() {
  local redlock="" p
  for p in $FS_REDLOCK_PORTS; do redlock+="${redlock:+,}127.0.0.1:$p"; done
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
  export Postgres__Server="Host=127.0.0.1;Port=$FS_PG_PORT;Username=postgres;Password=$FS_PG_PASSWORD"
  export Redis__Configuration="127.0.0.1:$FS_REDIS_PORT"
  export Redis__RedlockEndpoints="$redlock"
  export RabbitMq__Uri="amqp://guest:guest@127.0.0.1:$FS_AMQP_PORT"
  export Services__Inventory="http://127.0.0.1:$FS_INVENTORY_PORT"
  export Services__Order="http://127.0.0.1:$FS_ORDER_PORT"
  export Services__Payment="http://127.0.0.1:$FS_PAYMENT_PORT"
  export Services__Wallet="http://127.0.0.1:$FS_WALLET_PORT"
  dashboard_export_env
}

# host_start NAME PROJECT PORT WORKER [VAR=value ...]: the extra assignments go into the host's environment
# on top of hosts_env (e.g. Purchases__Strategy=postgres-row-lock) and are kept in $FS_PIDS/NAME.env.
host_start() {
  local name=$1 project=$2 port=$3 worker=$4; shift 4
  local pidfile="$FS_PIDS/$name.pid"
  if pid_alive "$pidfile"; then return 0; fi
  port_open "$port" && die "port $port (for $name) is taken by another process"
  local dll="$FS_ROOT/$project/bin/$FS_CONFIGURATION/net10.0/$(basename "$project").dll"
  [ -f "$dll" ] || die "$dll is missing: build first"
  (
    hosts_env
    export Ids__WorkerId="$worker"
    local assignment
    # shellcheck disable=SC2163 # each argument is a whole VAR=value assignment
    for assignment in "$@"; do export "$assignment"; done
    cd "$FS_ROOT/$project"
    setsid nohup dotnet "$dll" --urls "http://127.0.0.1:$port" >"$FS_LOGS/$name.log" 2>&1 &
    echo $! >"$pidfile"
  )
  if (($#)); then printf '%s\n' "$@" >"$FS_PIDS/$name.env"; else rm -f "$FS_PIDS/$name.env"; fi
}

hosts_start() {
  local name project port worker
  while IFS=: read -r name project port worker; do
    host_start "$name" "$project" "$port" "$worker"
  done < <(hosts_table)
}

host_stop() {
  local pidfile="$FS_PIDS/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait_until 15 "$1 to stop" bash -c "! kill -0 $pid 2>/dev/null || grep -q '^State:.*Z' /proc/$pid/status" \
      || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile" "$FS_PIDS/$1.env"
}

port_closed() { ! port_open "$1"; }
host_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$1/health/ready"; }

# host_restart NAME [VAR=value ...]: stops the host, starts it with only the given extra environment (none:
# its defaults again) and waits for its own /health/ready.
host_restart() {
  local name=$1; shift
  local row project port worker
  row=$(hosts_table | grep "^$name:") || die "no host named '$name' (hosts: $(hosts_table | cut -d: -f1 | xargs))"
  IFS=: read -r _ project port worker <<<"$row"
  log "restarting $name${*:+ with $*}"
  host_stop "$name"
  wait_until 30 "port $port to be free" port_closed "$port" || die "port $port is still taken after $name stopped"
  host_start "$name" "$project" "$port" "$worker" "$@"
  wait_until "${FS_READY_TIMEOUT:-180}" "$name to be ready" host_ready "$port" \
    || die "$name did not become ready; see $FS_LOGS/$name.log"
}

hosts_stop() {
  local name rest
  while IFS=: read -r name rest; do host_stop "$name"; done < <(hosts_table | tac)
}

gateway_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$FS_GATEWAY_PORT/health/ready"; }

hosts_wait_ready() {
  log "waiting for the gateway's /health/ready"
  if ! wait_until "${FS_READY_TIMEOUT:-180}" "the gateway to be ready" gateway_ready; then
    curl -sS "http://127.0.0.1:$FS_GATEWAY_PORT/health/ready" >&2 || true
    echo >&2
    die "the system did not become ready; logs are in $FS_LOGS"
  fi
}

hosts_status() {
  local name project port worker state
  while IFS=: read -r name project port worker; do
    if pid_alive "$FS_PIDS/$name.pid"; then
      state=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")
      printf '  %-22s pid %-8s http://127.0.0.1:%s  ready=%s %s\n' "$name" "$(cat "$FS_PIDS/$name.pid")" "$port" "$state" \
        "$([ -f "$FS_PIDS/$name.env" ] && xargs <"$FS_PIDS/$name.env")"
    else
      printf '  %-22s stopped\n' "$name"
    fi
  done < <(hosts_table)
}
