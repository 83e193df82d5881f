# PostgreSQL, Redis (main + 3 Redlock nodes) and RabbitMQ, installed with apt and run natively on loopback.
# Sourced by flashsale.sh after ops/config.sh.

servers_install() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
  ((${#missing[@]})) || return 0
  [ "$(id -u)" = 0 ] || die "installing ${missing[*]} needs root (or install them yourself)"
  log "installing ${missing[*]} with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

# PostgreSQL refuses to run as root and needs every folder above its data to be searchable by
# its user. When the checkout lives somewhere the postgres user cannot reach (e.g. under /root),
# the data goes to /var/tmp and .flashsale/pg links to it, so it still sits "in" the project.
pg_dir() {
  local dir="$FS_SERVER_DATA/pg"
  if [ ! -e "$dir" ]; then
    mkdir -p "$FS_SERVER_DATA"
    if runuser -u postgres -- test -x "$FS_SERVER_DATA" 2>/dev/null; then
      mkdir -p "$dir"
    else
      local elsewhere="/var/tmp/flashsale-pg-$(printf '%s' "$FS_SERVER_DATA" | md5sum | cut -c1-12)"
      mkdir -p "$elsewhere" && ln -sfn "$elsewhere" "$dir"
    fi
    chown -R postgres:postgres "$(readlink -f "$dir")"
  fi
  readlink -f "$dir"
}

postgres_start() {
  if port_open "$FS_PG_PORT"; then return 0; fi
  local bin dir; bin=$(pg_bin); dir=$(pg_dir)
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "initialising PostgreSQL in $dir"
    printf '%s\n' "$FS_PG_PASSWORD" > "$dir/pwfile"; chown postgres:postgres "$dir/pwfile"
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
    rm -f "$dir/pwfile"
    chmod 700 "$dir/data"
  fi
  mkdir -p "$dir/sock"; chown postgres:postgres "$dir/sock"
  # Durability trade-off for test runs only: FS_PG_FAST=1 turns off fsync (never for `up`).
  local fast=""
  [ "${FS_PG_FAST:-0}" = 1 ] && fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  # Production: the password-less local socket is for the postgres OS user only (it creates the services' roles).
  [ "$FS_PROFILE" = production ] && fast="-c unix_socket_permissions=0700"
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start \
    -o "-p $FS_PG_PORT -k $dir/sock -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=256MB $fast" >/dev/null \
    || { tail -20 "$dir/postgres.log" >&2; die "PostgreSQL did not start"; }
  [ "$FS_PROFILE" != production ] || postgres_production_roles
}

postgres_stop() {
  local dir="$FS_SERVER_DATA/pg"
  [ -f "$dir/data/postmaster.pid" ] || return 0
  runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$(readlink -f "$dir")/data" -m fast -w stop >/dev/null 2>&1 || true
}

# The main Redis holds admitted reservations (a 202 is answered once the reservation script ran): with
# appendfsync always, Redis fsyncs the AOF before it answers a write, so a 202 survives a SIGKILL of Redis
# (everysec could lose the last second; Redis 7.0 has no WAITAOF). The Redlock nodes hold only lock leases
# and keep everysec. What it costs: README, "Faults".
redis_start_one() {
  local port=$1 dir="$FS_SERVER_DATA/redis-$1" fsync=everysec
  port_open "$port" && return 0
  [ "$port" = "$FS_REDIS_PORT" ] && fsync="${FS_REDIS_APPENDFSYNC:-always}"
  mkdir -p "$dir"
  # Production: requirepass from a 0600 file in the node's folder, so the password is not on the command line.
  local conf=()
  if [ "$FS_PROFILE" = production ]; then
    (umask 077 && printf 'requirepass %s\n' "$(secret redis-password)" >"$dir/auth.conf")
    conf=("$dir/auth.conf")
  fi
  redis-server "${conf[@]}" --port "$port" --bind 127.0.0.1 --dir "$dir" --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --appendonly yes --appendfsync "$fsync" --save "" \
    --maxclients 10000 >/dev/null
}

redis_start() {
  local port
  for port in $FS_REDIS_PORT $FS_REDLOCK_PORTS; do redis_start_one "$port"; done
  for port in $FS_REDIS_PORT $FS_REDLOCK_PORTS; do
    wait_until 20 "redis on $port" redis_cli -p "$port" ping || die "Redis on $port did not start"
  done
}

# Only the Redis servers this checkout started (their pid file is under $FS_DATA), like PostgreSQL and
# RabbitMQ below: `down` in a second checkout must not stop the servers another one shares with it.
# redis-cli with the profile's password in its environment (REDISCLI_AUTH), never on the command line.
redis_cli() {
  if [ "$FS_PROFILE" = production ]; then REDISCLI_AUTH="$(secret redis-password)" redis-cli "$@"; else redis-cli "$@"; fi
}

redis_stop() {
  local port
  for port in $FS_REDIS_PORT $FS_REDLOCK_PORTS; do
    [ -f "$FS_SERVER_DATA/redis-$port/redis.pid" ] || continue
    port_open "$port" && redis_cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  done
}

rabbit_env() {
  local dir="$FS_SERVER_DATA/rabbitmq"
  export HOME="$dir/home"
  export RABBITMQ_NODENAME="$FS_RABBIT_NODE"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$FS_AMQP_PORT"
  export RABBITMQ_DIST_PORT="$FS_RABBIT_DIST_PORT"
  export ERL_EPMD_PORT="$FS_EPMD_PORT"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_MNESIA_BASE="$dir/mnesia"
  export RABBITMQ_LOG_BASE="$dir/log"
  export RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
  export RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf"
  export RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
}

rabbit_ctl() { (rabbit_env; /usr/lib/rabbitmq/bin/rabbitmqctl "$@"); }

rabbitmq_start() {
  port_open "$FS_AMQP_PORT" && port_open "$FS_RABBIT_MGMT_PORT" && return 0
  local dir="$FS_SERVER_DATA/rabbitmq"
  mkdir -p "$dir/home" "$dir/mnesia" "$dir/log"
  if [ ! -f "$dir/home/.erlang.cookie" ]; then
    head -c 24 /dev/urandom | md5sum | cut -c1-20 > "$dir/home/.erlang.cookie"
    chmod 400 "$dir/home/.erlang.cookie"
  fi
  cat > "$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$FS_AMQP_PORT
loopback_users = none
management.tcp.port = $FS_RABBIT_MGMT_PORT
management.tcp.ip = 127.0.0.1
vm_memory_high_watermark.relative = 0.3
disk_free_limit.absolute = 500MB
CONF
  if [ "$FS_PROFILE" = production ]; then
    # The broker's first boot creates this administrator instead of guest; the services get users of their own.
    chmod 600 "$dir/rabbitmq.conf"
    printf 'default_user = flashsale-admin\ndefault_pass = %s\ndefault_user_tags.administrator = true\n' \
      "$(secret rabbitmq-admin-password)" >>"$dir/rabbitmq.conf"
  fi
  echo '[rabbitmq_management].' > "$dir/enabled_plugins"
  # The Erlang distribution port (node-to-node and rabbitmqctl) listens on loopback too, like every other server here.
  echo '[{kernel, [{inet_dist_use_interface, {127,0,0,1}}]}].' > "$dir/advanced.config"
  : > "$dir/rabbitmq-env.conf"
  log "starting RabbitMQ (takes 10-20 s)"
  (rabbit_env; setsid nohup /usr/lib/rabbitmq/bin/rabbitmq-server > "$dir/log/console.log" 2>&1 &)
  local deadline=$((SECONDS + 120))
  until rabbit_ctl -q await_startup --timeout 10 >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { tail -30 "$dir/log/console.log" >&2; die "RabbitMQ did not start"; }
    sleep 1
  done
  wait_until 60 "RabbitMQ management API" port_open "$FS_RABBIT_MGMT_PORT" || die "RabbitMQ management did not start"
  [ "$FS_PROFILE" != production ] || rabbitmq_production_users
}

rabbitmq_stop() {
  [ -d "$FS_SERVER_DATA/rabbitmq" ] || return 0
  port_open "$FS_AMQP_PORT" && rabbit_ctl -q stop >/dev/null 2>&1 || true
  (rabbit_env; epmd -port "$FS_EPMD_PORT" -kill >/dev/null 2>&1 || true)
}

servers_up() {
  servers_install
  mkdir -p "$FS_LOGS" "$FS_PIDS"
  if [ "$FS_PROFILE" = production ]; then
    secrets_ensure
    FS_PG_PASSWORD=$(secret postgres-password) # the superuser's, set by initdb on the first start
  fi
  postgres_start
  redis_start
  rabbitmq_start
  log "$FS_PROFILE servers ready: postgres :$FS_PG_PORT, redis :$FS_REDIS_PORT (+ redlock ${FS_REDLOCK_PORTS// /,}), rabbitmq :$FS_AMQP_PORT (management :$FS_RABBIT_MGMT_PORT)"
}

servers_down() {
  rabbitmq_stop
  redis_stop
  postgres_stop
}

servers_status() {
  local name port
  for pair in "postgres:$FS_PG_PORT" "redis:$FS_REDIS_PORT" $(for p in $FS_REDLOCK_PORTS; do echo "redlock:$p"; done) \
              "rabbitmq:$FS_AMQP_PORT" "rabbitmq-management:$FS_RABBIT_MGMT_PORT"; do
    name=${pair%%:*}; port=${pair##*:}
    if port_open "$port"; then printf '  %-22s up    127.0.0.1:%s\n' "$name" "$port"
    else printf '  %-22s down  127.0.0.1:%s\n' "$name" "$port"; fi
  done
}

# A full stop and start of the broker: what the broker-restart test does to the system mid-run.
rabbitmq_restart() {
  rabbitmq_stop
  rabbitmq_start
}

# The test fixture's connection settings, as shell exports: eval "$(./flashsale.sh env)" before `dotnet test`.
servers_env() {
  local redlock="" p
  for p in $FS_REDLOCK_PORTS; do redlock+="${redlock:+,}127.0.0.1:$p"; done
  cat <<ENV
export FLASHSALE_TEST_POSTGRES='Host=127.0.0.1;Port=$FS_PG_PORT;Username=postgres;Password=$FS_PG_PASSWORD'
export FLASHSALE_TEST_REDIS='127.0.0.1:$FS_REDIS_PORT'
export FLASHSALE_TEST_REDLOCK='$redlock'
export FLASHSALE_TEST_RABBITMQ='amqp://guest:guest@127.0.0.1:$FS_AMQP_PORT/'
export FLASHSALE_TEST_RABBITMQ_MANAGEMENT='http://guest:guest@127.0.0.1:$FS_RABBIT_MGMT_PORT/'
ENV
}
