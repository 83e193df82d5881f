# The Aspire dashboard next to the system (Development only): traces, metrics and structured logs of every host.
# It runs natively from the Aspire.Dashboard.Sdk.<rid> NuGet package, which the solution's restore brings in
# (FlashSale.AppHost references it, at the version of Aspire.Hosting.AppHost in Directory.Packages.props).
# Sourced by flashsale.sh after ops/config.sh; FS_DASHBOARD=0 leaves it off.

# Only the development profile gets it: its UI, OTLP receivers and telemetry API are unauthenticated (loopback only).
dashboard_enabled() { [ "${ASPNETCORE_ENVIRONMENT:-Development}" = Development ] && [ "${FS_DASHBOARD:-1}" != 0 ]; }

dashboard_executable() {
  local rid version
  case $(uname -m) in x86_64) rid=linux-x64 ;; aarch64 | arm64) rid=linux-arm64 ;; *) return 1 ;; esac
  version=$(sed -n 's/.*PackageVersion Include="Aspire.Hosting.AppHost" Version="\([^"]*\)".*/\1/p' "$FS_ROOT/Directory.Packages.props")
  echo "${NUGET_PACKAGES:-$HOME/.nuget/packages}/aspire.dashboard.sdk.$rid/$version/tools/Aspire.Dashboard"
}

dashboard_url() { echo "http://localhost:$FS_DASHBOARD_PORT"; }
dashboard_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$FS_DASHBOARD_PORT/api/telemetry/resources"; }

dashboard_start() {
  dashboard_enabled || return 0
  pid_alive "$FS_PIDS/dashboard.pid" && return 0
  if port_open "$FS_DASHBOARD_PORT"; then
    log "port $FS_DASHBOARD_PORT is taken by another process: no dashboard (FS_DASHBOARD_PORT picks another)"
    return 0
  fi
  local exe
  exe=$(dashboard_executable) || { log "no Aspire dashboard package for $(uname -m): no dashboard"; return 0; }
  [ -x "$exe" ] || dotnet restore "$FS_ROOT/FlashSale.AppHost" -v q >"$FS_LOGS/dashboard-restore.log" 2>&1 || true
  [ -x "$exe" ] || { log "the Aspire dashboard is missing ($exe); see $FS_LOGS/dashboard-restore.log"; return 0; }
  mkdir -p "$FS_LOGS" "$FS_PIDS"
  log "starting the Aspire dashboard on $(dashboard_url)"
  (
    cd "$FS_DATA"
    export ASPNETCORE_URLS="http://127.0.0.1:$FS_DASHBOARD_PORT"
    export DASHBOARD__OTLP__GRPCENDPOINTURL="http://127.0.0.1:$FS_DASHBOARD_OTLP_PORT"
    export DASHBOARD__OTLP__HTTPENDPOINTURL="http://127.0.0.1:$FS_DASHBOARD_OTLP_HTTP_PORT"
    export DASHBOARD__FRONTEND__AUTHMODE=Unsecured DASHBOARD__OTLP__AUTHMODE=Unsecured
    # The telemetry HTTP API (/api/telemetry/...): the demo's trace link and the end-to-end test read it.
    export DASHBOARD__API__ENABLED=true DASHBOARD__API__AUTHMODE=Unsecured
    # Its SQLite store in memory (tmpfs): on disk it wrote ~6 GB and fsynced continuously in half an hour of load,
    # about a twentieth of this machine; a dev dashboard keeps nothing worth keeping across restarts.
    local data=/dev/shm/flashsale-dashboard-$FS_DASHBOARD_PORT
    [ -d /dev/shm ] || data="$FS_DATA/dashboard"
    rm -rf "$data"; mkdir -p "$data"
    export TMPDIR="$data" # where it creates its aspire-dashboard-* store
    export ASPNETCORE_ENVIRONMENT=Production # the dashboard's own profile, not the system's
    setsid nohup "$exe" >"$FS_LOGS/dashboard.log" 2>&1 &
    echo $! >"$FS_PIDS/dashboard.pid"
  )
  wait_until 60 "the dashboard" dashboard_ready || log "the dashboard did not answer; see $FS_LOGS/dashboard.log"
}

# What every host gets while the dashboard runs: export to it, often enough that a purchase shows within a second.
# An OTEL_EXPORTER_OTLP_ENDPOINT set by the caller wins (another collector).
dashboard_export_env() {
  dashboard_enabled || return 0
  [ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ] && return 0
  export OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$FS_DASHBOARD_OTLP_PORT"
  export OTEL_EXPORTER_OTLP_PROTOCOL=grpc
  export OTEL_BSP_SCHEDULE_DELAY="${OTEL_BSP_SCHEDULE_DELAY:-1000}"
  export OTEL_METRIC_EXPORT_INTERVAL="${OTEL_METRIC_EXPORT_INTERVAL:-5000}"
}

dashboard_stop() {
  local pidfile="$FS_PIDS/dashboard.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  wait_until 10 "the dashboard to stop" bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  rm -rf "/dev/shm/flashsale-dashboard-$FS_DASHBOARD_PORT"
}

dashboard_status() {
  if pid_alive "$FS_PIDS/dashboard.pid"; then
    printf '  %-22s pid %-8s %s  ready=%s (OTLP gRPC :%s, HTTP :%s)\n' dashboard "$(cat "$FS_PIDS/dashboard.pid")" "$(dashboard_url)" \
      "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$FS_DASHBOARD_PORT/api/telemetry/resources")" \
      "$FS_DASHBOARD_OTLP_PORT" "$FS_DASHBOARD_OTLP_HTTP_PORT"
  elif dashboard_enabled; then
    printf '  %-22s stopped\n' dashboard
  else
    printf '  %-22s off (not the Development profile, or FS_DASHBOARD=0)\n' dashboard
  fi
}
