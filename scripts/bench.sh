#!/usr/bin/env bash
# Full-stack benchmark: HTTP -> auth -> SessionGrain -> fake LLM over HTTP -> Postgres.
# Starts the same local services as the tests, runs bench/HermesX.Benchmark in Release and
# prints turns/s, latency percentiles (also minus the fake LLM's own time) and memory per session.
#   scripts/bench.sh [--clients 64] [--seconds 20] [--sessions 512] [--idle-sessions 2000]
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib/services.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"
cd "$HERMES_REPO"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

trap 'hermes_services_stop ""' EXIT
trap 'exit 130' INT

hermes_install_deps
hermes_pick_free_ports
hermes_services_start
hermes_export_env
# The benchmark measures throughput, so the per-key request budget is off for it.
export HERMES_KEY_RATE_LIMIT_RPM=0
dotnet run --project bench/HermesX.Benchmark -c Release -- "$@"
