#!/usr/bin/env bash
# Full-stack benchmark: HTTP -> auth -> SessionGrain -> fake LLM over HTTP -> Postgres.
# Starts the same local services as the tests, runs bench/HermesX.Benchmark in Release and
# prints turns/s, latency percentiles (also minus the fake LLM's own time) and memory per session.
#   scripts/bench.sh [--clients 1,8,32,64,128] [--seconds 10] [--warmup 3] [--sessions 256]
#                    [--memory-sessions 10000,100000] [--compare portkey]
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
# The processes whose CPU a request costs (read from /proc around each measured window).
HERMES_BENCH_POSTGRES_PID="$(sed -n 1p "$HERMES_PG_DATA/postmaster.pid")"
HERMES_BENCH_REDIS_PID="$(cat "$HERMES_RUN_DIR/redis/redis.pid")"
export HERMES_BENCH_POSTGRES_PID HERMES_BENCH_REDIS_PID

# --compare portkey: Portkey's AI Gateway (npm @portkey-ai/gateway), a stateless Node proxy, driven
# with the same load against the same fake upstream in the same run.
args=()
compare=""
while [ $# -gt 0 ]; do
  case "$1" in
    --compare) compare="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
portkey_pid=""
if [ "$compare" = portkey ]; then
  dir="$HERMES_RUN_DIR/portkey"
  if [ ! -f "$dir/node_modules/@portkey-ai/gateway/build/start-server.js" ]; then
    hermes_log "installing @portkey-ai/gateway@1.15.2 into $dir"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error @portkey-ai/gateway@1.15.2 >/dev/null
  fi
  port=18787
  while _hermes_port_open "$port"; do port=$((port + 1)); done
  NODE_ENV=production node "$dir/node_modules/@portkey-ai/gateway/build/start-server.js" --port="$port" --headless \
    >"$HERMES_RUN_DIR/logs/portkey.log" 2>&1 &
  portkey_pid=$!
  export HERMES_BENCH_PORTKEY_PID="$portkey_pid"
  _hermes_wait_for 60 "portkey on port $port" curl -sf "http://127.0.0.1:$port/" >/dev/null
  hermes_log "portkey gateway on 127.0.0.1:$port (pid $portkey_pid)"
  export HERMES_BENCH_PORTKEY_URL="http://127.0.0.1:$port"
elif [ -n "$compare" ]; then
  hermes_die "--compare takes 'portkey'"
fi
trap '[ -z "$portkey_pid" ] || kill "$portkey_pid" 2>/dev/null; hermes_services_stop ""' EXIT
dotnet run --project bench/HermesX.Benchmark -c Release -- "${args[@]}"
