#!/usr/bin/env bash
# Starts the local services (PostgreSQL, Redis, S3 test server), runs the whole test suite
# against them, and stops what it started, also on failure or Ctrl-C.
#   scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Tenants]
# Exits with dotnet test's exit code.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib/services.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"
# shellcheck source=SCRIPTDIR/lib/webui.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/webui.sh"
# shellcheck source=SCRIPTDIR/lib/clients.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/clients.sh"
# shellcheck source=SCRIPTDIR/lib/testlog.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/testlog.sh"
cd "$HERMES_REPO"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Throwaway test databases need no durability.
export HERMES_PG_FAST="${HERMES_PG_FAST:-1}"

summary=""
# shellcheck disable=SC2317 # invoked by the EXIT trap
on_exit() {
  hermes_services_stop ""
  # The counts close the output, after the services' stop lines.
  [ -z "$summary" ] || printf '%s\n' "$summary"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

hermes_log "step 1/4: dependencies"
hermes_install_deps
# helm, kubectl, kubernetes-models and dclint, which HermesX.Deploy.Tests run.
hermes_install_deploy_tools

# The web console: built for the silos to serve, checked, and chromium for its browser test.
hermes_webui_browser
hermes_webui_build
hermes_webui_check
# The OpenAI, Vercel AI, LangChain, Anthropic and OpenAI Agents client libraries the integration tests drive.
hermes_client_sdks_install

hermes_log "step 2/4: services"
hermes_pick_free_ports
hermes_services_start
hermes_pgbouncer_start
hermes_export_env

hermes_log "step 3/4: S3 test server self-test"
node tools/s3-server/selftest.js "$MINIO_ENDPOINT" >"$HERMES_RUN_DIR/logs/s3-selftest.log" 2>&1 || {
  cat "$HERMES_RUN_DIR/logs/s3-selftest.log" >&2
  hermes_die "the S3 test server failed its self-test"
}

hermes_log "step 4/4: dotnet test HermesX.sln -c Release $*"
log="$HERMES_RUN_DIR/logs/dotnet-test.log"
# Warnings and errors of every hermesx process the tests start, kept after the processes are gone.
export HERMES_TEST_SILO_LOG_DIR="$HERMES_RUN_DIR/logs/silos"
rm -rf "$HERMES_TEST_SILO_LOG_DIR"
set +e
# Every test's result line goes to the log; the terminal shows failures as they come and a
# progress line every HERMES_TEST_PROGRESS_SECONDS (30) instead of the passes.
dotnet test HermesX.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" | hermes_test_progress
rc="${PIPESTATUS[0]}"
set -e

# How long each test project took, then one summary line for the whole solution.
results="$(hermes_test_results "$log")"
while read -r project total result duration; do
  hermes_log "$(printf '%-28s %5s tests  %-6s in %s' "$project" "$total" "$result" "$duration")"
done < <(printf '%s\n' "$results" | sed '$d')
read -r failed passed skipped < <(printf '%s\n' "$results" | tail -n 1)
summary="tests: $passed passed, $failed failed, $skipped skipped"
if [ "$rc" -ne 0 ]; then
  hermes_log "dotnet test FAILED (exit code $rc); full output in $log, silo warnings and errors in $HERMES_TEST_SILO_LOG_DIR"
else
  hermes_log "dotnet test passed"
fi
exit "$rc"
