# `./flashsale.sh test`: the servers as for `up`, then every test of the solution.
# Sourced by flashsale.sh.

# tests_install_missing CONSEQUENCE COMMAND:PACKAGE...: installs (apt, as root) the package of each command that is
# missing, with an index refresh only if the first try fails; a failure is logged with what it will cost, not fatal.
tests_install_missing() {
  local consequence=$1 pair packages=()
  shift
  for pair in "$@"; do command -v "${pair%%:*}" >/dev/null || packages+=("${pair#*:}"); done
  ((${#packages[@]})) && [ "$(id -u)" = 0 ] || return 0
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null 2>&1; }; } \
    || log "${packages[*]} could not be installed; $consequence"
}

tests_run() {
  local started=$SECONDS
  export FS_PG_FAST="${FS_PG_FAST:-1}"
  servers_up
  # docker-compose (the v1 client) validates docker-compose.yml without an engine; a test uses it.
  tests_install_missing "the compose file test will fail" docker-compose:docker-compose
  # kubectl renders k8s/overlays with its built-in kustomize; a test reads what it renders (no cluster is needed).
  tests_install_missing "the Kubernetes manifest tests will fail" kubectl:kubectl
  # node parses the k6 scripts of load-tests/k6 (node --check); k6 itself is not needed for the tests.
  tests_install_missing "the k6 script tests will fail" node:nodejs
  # The storefront's browser test drives Debian's Chromium with playwright-core (npm, tests/browser).
  tests_install_missing "the storefront's browser test will fail" chromium:chromium npm:npm
  eval "$(servers_env)"
  export FLASHSALE_TEST_SERVERS=native
  local out="$FS_LOGS/test-output.log" rc=0
  mkdir -p "$FS_LOGS"
  log "checking formatting (dotnet format --verify-no-changes)"
  dotnet format "$FS_ROOT/FlashSale.sln" --verify-no-changes -v q || die "the code is not formatted: run dotnet format FlashSale.sln"
  dotnet test "$FS_ROOT/FlashSale.sln" -c "$FS_CONFIGURATION" --nologo --filter "Category!=BrokerRestart" "$@" 2>&1 | tee "$out" || rc=$?
  # Restarting the shared broker would break every other test running in parallel, so that test runs
  # alone, afterwards, and is told how to restart the broker.
  log "running the broker-restart test alone"
  FLASHSALE_TEST_RABBITMQ_RESTART="$FS_ROOT/flashsale.sh restart-broker" \
    dotnet test "$FS_ROOT/tests/FlashSale.EndToEnd.Tests" -c "$FS_CONFIGURATION" --nologo --no-build \
      --filter "Category=BrokerRestart" "$@" 2>&1 | tee -a "$out" || rc=$?
  # One closing line for every runner: the sum over the test assemblies.
  awk '/(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
       END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$out"
  log "tests finished in $((SECONDS - started)) s (exit $rc)"
  return "$rc"
}
