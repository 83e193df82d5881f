# The production profile (`./flashsale.sh up --production`): secrets generated once under $FS_SECRETS (0700 folder,
# 0600 files, never committed: .flashsale/ is ignored), servers of its own (own data folders and ports, see
# ops/config.sh) that start with those secrets, and hosts in ASPNETCORE_ENVIRONMENT=Production.
# Sourced at the end of ops/config.sh.

FS_SERVICES="inventory order payment wallet"

# Passwords and keys, each generated the first time it is needed and kept: PostgreSQL (the superuser, for operators
# and the demo's read-only look, and one role per service), RabbitMQ (an administrator for operators, one user per
# service), Redis (main and Redlock nodes), the inventory's purchase-token key, and the token key pair.
secrets_ensure() {
  local name
  (umask 077 && mkdir -p "$FS_SECRETS")
  chmod 700 "$FS_SECRETS"
  for name in postgres-password redis-password rabbitmq-admin-password purchase-token-key \
    $(for s in $FS_SERVICES; do echo "postgres-$s-password rabbitmq-$s-password"; done); do
    [ -s "$FS_SECRETS/$name" ] || (umask 077 && head -c 48 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | cut -c1-40 >"$FS_SECRETS/$name")
  done
  if [ ! -s "$FS_SECRETS/jwt-private.pem" ]; then
    command -v openssl >/dev/null || die "openssl is needed to generate the token key pair (apt-get install openssl)"
    (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$FS_SECRETS/jwt-private.pem" 2>/dev/null) \
      || die "could not generate the token key pair"
    rm -f "$FS_SECRETS/jwt-public.pem"
  fi
  [ -s "$FS_SECRETS/jwt-public.pem" ] || (umask 077 && openssl pkey -in "$FS_SECRETS/jwt-private.pem" -pubout -out "$FS_SECRETS/jwt-public.pem")
  chmod 600 "$FS_SECRETS"/*
}

secret() { cat "$FS_SECRETS/$1"; }

# What each service's broker user may touch, one line per service: the queues it consumes; the queues it sends
# to (names as in shared/FlashSale.Contracts, checked by a test), the message types it publishes (';' between the three).
rabbit_grants_table() {
  cat <<'TABLE'
inventory;inventory-stock sale-stock-replenished-.*;order-purchase-reserved order-saga;FlashSale\.Contracts\.Purchases:SaleStockReplenished
order;order-purchase-reserved order-saga;inventory-stock wallet-funds payment-provider;
payment;payment-provider;order-saga;
wallet;wallet-funds;order-saga;
TABLE
}

# rabbit_permissions SERVICE: "configure write read" regexes for the service's user. RabbitMQ matches the same regex
# against exchange and queue names, and MassTransit gives a queue and its exchange one name: a sender needs read on
# the destination's exchange to bind it, which also lets it read that queue. Everything else is the service's own
# queues (with their _error/_skipped), its temporary bus queue, the message-type exchanges its consumers bind
# (read), the ones it publishes (write), and fault events.
rabbit_permissions() {
  local row own sends publishes
  row=$(rabbit_grants_table | grep "^$1;") || die "no broker grants for '$1'"
  IFS=';' read -r _ own sends publishes <<<"$row"
  own="($(echo "$own" | tr ' ' '|'))(_error|_skipped)?"
  sends=$(echo "$sends" | tr ' ' '|')
  local bus='.*_bus_.*' types='FlashSale\.Contracts\..*' faults='MassTransit:Fault--.*'
  printf '%s\n%s\n%s\n' \
    "^($own|$sends|$bus|$types|$faults)\$" \
    "^($own|$sends|$bus|$faults${publishes:+|$publishes})\$" \
    "^($own|$sends|$bus|$types)\$"
}

# Users of the production broker, applied at every start (idempotent): guest never exists (rabbitmq.conf names the
# default user: flashsale-admin), and each service gets its own user and permissions.
rabbitmq_production_users() {
  local service password perms
  for service in $FS_SERVICES; do
    password=$(secret "rabbitmq-$service-password")
    rabbit_ctl -q add_user "flashsale-$service" "$password" >/dev/null 2>&1 \
      || rabbit_ctl -q change_password "flashsale-$service" "$password" >/dev/null
    mapfile -t perms < <(rabbit_permissions "$service")
    ((${#perms[@]} == 3)) || die "no broker permissions for $service"
    rabbit_ctl -q set_permissions -p / "flashsale-$service" "${perms[@]}" >/dev/null
  done
  rabbit_ctl -q delete_user guest >/dev/null 2>&1 || true
}

# One PostgreSQL role per service (LOGIN CREATEDB, no superuser): it creates and owns its own database, and cannot
# read another service's tables. Applied at every start over the local socket (only the postgres OS user may use it).
postgres_production_roles() {
  local service password sock
  sock="$(pg_dir)/sock"
  for service in $FS_SERVICES; do
    password=$(secret "postgres-$service-password")
    runuser -u postgres -- "$(pg_bin)/psql" -h "$sock" -p "$FS_PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
      -v role="flashsale_$service" -v password="$password" >/dev/null <<'SQL' || die "could not create the PostgreSQL role of $service"
SELECT format('CREATE ROLE %I LOGIN CREATEDB', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN CREATEDB NOSUPERUSER PASSWORD %L', :'role', :'password') \gexec
SQL
  done
}

# host_production_env NAME: the host's own credentials on top of hosts_env (exported).
host_production_env() {
  local name=${1%-[0-9]} redlock="" p password # instance 2 of order (order-2) is configured as order
  [ "$name" != edge ] || return 0              # the edge (up --replicas) holds no secret
  password=$(secret redis-password)
  for p in $FS_REDLOCK_PORTS; do redlock+="${redlock:+;}127.0.0.1:$p,password=$password"; done
  export ASPNETCORE_ENVIRONMENT=Production
  export Auth__Jwt__PublicKeyFile="$FS_SECRETS/jwt-public.pem"
  export Auth__DevIssuer__Enabled=false
  export Redis__Configuration="127.0.0.1:$FS_REDIS_PORT,password=$password"
  export Redis__RedlockEndpoints="$redlock"
  if [ "$name" = gateway ]; then
    unset Postgres__Server RabbitMq__Uri # hosts_env's development values: the gateway uses neither
  else
    export Postgres__Server="Host=127.0.0.1;Port=$FS_PG_PORT;Username=flashsale_$name;Password=$(secret "postgres-$name-password")"
    export RabbitMq__Uri="amqp://flashsale-$name:$(secret "rabbitmq-$name-password")@127.0.0.1:$FS_AMQP_PORT/"
  fi
  [ "$name" != inventory ] || export PurchaseTokens__SigningKey="$(secret purchase-token-key)"
}

# The token a person or a script uses to try the API: RS256 with the profile's private key (production: the generated
# one; development: the committed development key), standing in for an identity provider.
token_mint() {
  local user="" role=shopper lifetime=7200
  while (($#)); do
    case $1 in
      --user) user=${2:-}; shift 2 || die "--user needs a user id" ;;
      --role) role=${2:-}; shift 2 || die "--role needs shopper or admin" ;;
      --lifetime) lifetime=${2:-}; shift 2 || die "--lifetime needs seconds" ;;
      *) die "token: unknown option $1 (token --user U [--role shopper|admin] [--lifetime SECONDS])" ;;
    esac
  done
  [[ $user =~ ^[A-Za-z0-9._@-]{1,64}$ ]] || die "token: --user must be 1 to 64 characters of letters, digits, '.', '_', '-' or '@'"
  [[ $role == shopper || $role == admin ]] || die "token: --role must be shopper or admin"
  [[ $lifetime =~ ^[0-9]+$ ]] && ((lifetime > 0)) || die "token: --lifetime must be a positive number of seconds"
  local key="$FS_ROOT/shared/FlashSale.ServiceDefaults/Authentication/DevKeys/dev-jwt-private.pem"
  if [ "$FS_PROFILE" = production ]; then
    key="$FS_SECRETS/jwt-private.pem"
    [ -s "$key" ] || die "no production key yet: ./flashsale.sh up --production generates it"
  fi
  local now header payload signature
  now=$(date +%s)
  header=$(printf '%s' '{"alg":"RS256","typ":"JWT"}' | base64url)
  payload=$(printf '{"sub":"%s","role":"%s","iss":"flashsale","aud":"flashsale-api","iat":%d,"nbf":%d,"exp":%d}' \
    "$user" "$role" "$now" "$now" $((now + lifetime)) | base64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$key" -binary | base64url) \
    || die "could not sign with $key"
  printf '%s.%s.%s\n' "$header" "$payload" "$signature"
}

base64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
