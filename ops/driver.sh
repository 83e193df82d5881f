# The load driver (load-tests/driver): built on demand, run against the gateway of `up`.
# Sourced by flashsale.sh and load-tests/bench/purchase-bench.sh after ops/config.sh.

FS_DRIVER_PROJECT="$FS_ROOT/load-tests/driver/FlashSale.LoadDriver"
FS_DRIVER_DLL="$FS_DRIVER_PROJECT/bin/$FS_CONFIGURATION/net10.0/FlashSale.LoadDriver.dll"

# Incremental: a few seconds when nothing changed.
driver_build() {
  mkdir -p "$FS_LOGS"
  dotnet build "$FS_DRIVER_PROJECT" -c "$FS_CONFIGURATION" -nologo -v q -clp:NoSummary >"$FS_LOGS/driver-build.log" 2>&1 \
    || { tail -30 "$FS_LOGS/driver-build.log" >&2; die "building the load driver failed (full log: $FS_LOGS/driver-build.log)"; }
}

driver() { dotnet "$FS_DRIVER_DLL" "$@"; }

require_system_up() {
  gateway_ready || die "the system is not up (http://127.0.0.1:$FS_GATEWAY_PORT/health/ready): ./flashsale.sh up"
}

# "<messages waiting> <queues still being published to>" over the saga's queues (management API's last sample).
saga_queue_load() {
  curl -fsS -u "$(rabbit_management_user)" "http://127.0.0.1:$FS_RABBIT_MGMT_PORT/api/queues/%2F?columns=name,messages,message_stats.publish_details" |
    SAGA_QUEUES=$FS_SAGA_QUEUES python3 -c '
import json, os, sys
wanted = set(os.environ["SAGA_QUEUES"].split())
queues = [q for q in json.loads(sys.stdin.read()) if q["name"] in wanted]
publishing = [q for q in queues if q.get("message_stats", {}).get("publish_details", {}).get("rate", 0)]
print(sum(q.get("messages", 0) for q in queues), len(publishing))'
}

# True once the saga has no backlog: every saga queue empty and nothing published to it lately.
# A measurement (or the demo) started on a backlog would measure the backlog.
saga_queues_quiet() { [ "$(saga_queue_load)" = "0 0" ]; }

# Messages waiting in the saga's queues (for the log line while waiting).
saga_backlog() { local load; load=$(saga_queue_load 2>/dev/null) && echo "${load%% *}" || echo "?"; }
