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
