# The gateway and the four services, built in Release and run as background processes.
# Sourced by flashsale.sh after ops/config.sh, ops/servers.sh and ops/dashboard.sh.

# How many instances of each host `up` runs (./flashsale.sh up --replicas N, kept until `down`).
fs_replicas() { echo "${FS_REPLICAS:-$(cat "$FS_DATA/replicas" 2>/dev/null || echo 1)}"; }

# Instance i of a host: named NAME (i = 1) or NAME-i, on the host's port + 100 * (i - 1). With more than one
# replica, the gateways move to the gateway port + 100 * i and the edge (one YARP pass-through in front of them)
# takes the gateway port, so clients keep one address.
replica_name() { if (($2 == 1)); then echo "$1"; else echo "$1-$2"; fi; }

# name:project-path:port:kind, services first, the edge last (snowflake worker ids are leased from Redis:
# shared/FlashSale.ServiceDefaults/Ids/WorkerIdLease.cs, so replicas need no id of their own).
hosts_table() {
  local n kind project port i
  n=$(fs_replicas)
  while IFS=: read -r kind project port; do
    for ((i = 1; i <= n; i++)); do
      if [ "$kind" = gateway ] && ((n > 1)); then
        printf '%s:%s:%s:%s\n' "$(replica_name "$kind" "$i")" "$project" $((port + 100 * i)) "$kind"
      else
        printf '%s:%s:%s:%s\n' "$(replica_name "$kind" "$i")" "$project" $((port + 100 * (i - 1))) "$kind"
      fi
    done
  done <<TABLE
inventory:services/inventory/FlashSale.Inventory:$FS_INVENTORY_PORT
order:services/order/FlashSale.Order:$FS_ORDER_PORT
payment:services/payment/FlashSale.Payment:$FS_PAYMENT_PORT
wallet:services/wallet/FlashSale.Wallet:$FS_WALLET_PORT
gateway:gateway/FlashSale.Gateway:$FS_GATEWAY_PORT
TABLE
  if ((n > 1)); then printf 'edge:tools/FlashSale.Edge:%s:edge\n' "$FS_GATEWAY_PORT"; fi
}

# Every instance of a host kind as one setting: base addresses separated by ';' (read by the gateway and by
# service-to-service clients, which spread calls over them).
replica_addresses() {
  hosts_table | awk -F: -v kind="$1" '$4 == kind { printf "%shttp://127.0.0.1:%s", (n++ ? ";" : ""), $3 }'
}

hosts_build() {
  log "building the solution ($FS_CONFIGURATION)"
  dotnet build "$FS_ROOT/FlashSale.sln" -c "$FS_CONFIGURATION" -nologo -v q -clp:NoSummary >"$FS_LOGS/build.log" 2>&1 \
    || { tail -40 "$FS_LOGS/build.log" >&2; die "build failed (full log: $FS_LOGS/build.log)"; }
  hosts_publish_ready_to_run
}

# The hosts run precompiled (ReadyToRun): a freshly started host otherwise spends its first seconds of traffic in the
# JIT, and a sale that opens on it pays for that in its opening latency. FS_READY_TO_RUN=0 runs the IL build instead.
hosts_publish_ready_to_run() {
  [ "${FS_READY_TO_RUN:-1}" = 1 ] || return 0
  log "precompiling the hosts (ReadyToRun)"
  local project
  for project in $(hosts_table | cut -d: -f2 | sort -u); do
    dotnet publish "$FS_ROOT/$project" -c "$FS_CONFIGURATION" -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
      -o "$(host_published_dir "$project")" -nologo -v q -clp:NoSummary >>"$FS_LOGS/build.log" 2>&1 \
      || { tail -40 "$FS_LOGS/build.log" >&2; die "publishing $project failed (full log: $FS_LOGS/build.log)"; }
  done
}

host_published_dir() { echo "$FS_DATA/ready-to-run/$(basename "$1")"; }

# The host's entry assembly: the precompiled one unless the IL build is newer (rebuilt since, e.g. by dotnet build).
host_dll() {
  local project=$1 name; name="$(basename "$project").dll"
  local built="$FS_ROOT/$project/bin/$FS_CONFIGURATION/net10.0/$name" published; published="$(host_published_dir "$project")/$name"
  if [ "${FS_READY_TO_RUN:-1}" = 1 ] && [ -f "$published" ] && ! [ "$built" -nt "$published" ]; then echo "$published"; else echo "$built"; fi
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
  Services__Inventory="$(replica_addresses inventory)"; export Services__Inventory
  Services__Order="$(replica_addresses order)"; export Services__Order
  Services__Payment="$(replica_addresses payment)"; export Services__Payment
  Services__Wallet="$(replica_addresses wallet)"; export Services__Wallet
  dashboard_export_env
}

# host_start NAME PROJECT PORT [VAR=value ...]: the extra assignments go into the host's environment
# on top of hosts_env (e.g. Purchases__Strategy=postgres-row-lock) and are kept in $FS_PIDS/NAME.env.
host_start() {
  local name=$1 project=$2 port=$3; shift 3
  local pidfile="$FS_PIDS/$name.pid"
  if pid_alive "$pidfile"; then return 0; fi
  port_open "$port" && die "port $port (for $name) is taken by another process"
  local dll; dll=$(host_dll "$project")
  [ -f "$dll" ] || die "$dll is missing: build first"
  (
    hosts_env
    case $name in
      # Behind the edge, the client's address arrives in X-Forwarded-For: trusted from the edge's address only.
      gateway | gateway-*) (($(fs_replicas) > 1)) && export Gateway__TrustedProxies=127.0.0.1 ;;
      edge) Edge__Gateways="$(replica_addresses gateway)"; export Edge__Gateways ;;
    esac
    [ "$FS_PROFILE" != production ] || host_production_env "$name"
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
  local name project port kind
  while IFS=: read -r name project port kind; do
    host_start "$name" "$project" "$port"
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
hosts_running() { local name; for name in $(hosts_table | cut -d: -f1); do pid_alive "$FS_PIDS/$name.pid" && return 0; done; return 1; }
host_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$1/health/ready"; }

# host_restart NAME [VAR=value ...]: stops an instance (NAME, e.g. inventory-2) or every instance of a host kind
# (inventory: all of them, one after the other), starts each with only the given extra environment (none: its
# defaults again) and waits for its own /health/ready.
host_restart() {
  local name=$1; shift
  local rows row instance project port
  rows=$(hosts_table | awk -F: -v n="$name" '$1 == n || $4 == n')
  [ -n "$rows" ] || die "no host named '$name' (hosts: $(hosts_table | cut -d: -f1 | xargs))"
  while IFS=: read -r instance project port _; do
    log "restarting $instance${*:+ with $*}"
    host_stop "$instance"
    wait_until 30 "port $port to be free" port_closed "$port" || die "port $port is still taken after $instance stopped"
    host_start "$instance" "$project" "$port" "$@"
    wait_until "${FS_READY_TIMEOUT:-180}" "$instance to be ready" host_ready "$port" \
      || die "$instance did not become ready; see $FS_LOGS/$instance.log"
  done <<<"$rows"
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
  local name project port kind state
  while IFS=: read -r name project port kind; do
    if pid_alive "$FS_PIDS/$name.pid"; then
      state=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")
      printf '  %-22s pid %-8s http://127.0.0.1:%s  ready=%s %s\n' "$name" "$(cat "$FS_PIDS/$name.pid")" "$port" "$state" \
        "$([ -f "$FS_PIDS/$name.env" ] && xargs <"$FS_PIDS/$name.env")"
    else
      printf '  %-22s stopped\n' "$name"
    fi
  done < <(hosts_table)
}
