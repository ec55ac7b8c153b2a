# shellcheck shell=bash
# The S3 test server (tools/s3-server: s3rver with the fixes the Minio SDK needs).

_hermes_s3_port() { printf '%s\n' "${HERMES_S3_PORT:-49000}"; }
_hermes_s3_pidfile() { printf '%s\n' "$HERMES_RUN_DIR/s3/server.pid"; }

# Returns 0 after starting the server, 2 when it was already running, 1 on failure.
_hermes_s3_start() {
  local port pidfile log
  port="$(_hermes_s3_port)"
  pidfile="$(_hermes_s3_pidfile)"
  log="$HERMES_RUN_DIR/logs/s3.log"
  mkdir -p "$HERMES_RUN_DIR/s3/data" "$HERMES_RUN_DIR/logs"

  if _hermes_pidfile_runs "$pidfile" tools/s3-server/server.js; then
    if [ "$(cat "$HERMES_RUN_DIR/s3/port" 2>/dev/null)" = "$port" ]; then
      hermes_log "s3: already running on 127.0.0.1:$port"
      _hermes_wait_for 30 "s3 test server on port $port" _hermes_port_open "$port" || return 1
      return 2
    fi
    hermes_log "s3: running on another port, restarting on $port"
    _hermes_s3_stop
  fi
  if _hermes_port_open "$port"; then
    hermes_die "port $port is taken by another program; set HERMES_S3_PORT to a free port"
    return 1
  fi

  hermes_log "s3: starting test server on 127.0.0.1:$port (log $log)"
  printf '%s\n' "$port" >"$HERMES_RUN_DIR/s3/port"
  HERMES_S3_ADDRESS=127.0.0.1 HERMES_S3_PORT="$port" HERMES_S3_DIR="$HERMES_RUN_DIR/s3/data" \
    HERMES_S3_BUCKETS="${MINIO_BUCKET:-hermes-skills}" \
    _hermes_spawn "$pidfile" "$log" node "$HERMES_REPO/tools/s3-server/server.js" || return 1
  _hermes_wait_spawned 30 "s3 test server on port $port" "$pidfile" "$log" _hermes_port_open "$port"
}

_hermes_s3_stop() {
  local pidfile
  pidfile="$(_hermes_s3_pidfile)"
  _hermes_pidfile_runs "$pidfile" tools/s3-server/server.js || {
    rm -f "$pidfile"
    return 0
  }
  hermes_log "s3: stopping"
  _hermes_stop_group "$pidfile" "s3 test server"
}
