# shellcheck shell=bash
# The project's own Redis: loopback only, no persistence (it holds rate-limit windows only).

_hermes_redis_port() { printf '%s\n' "${HERMES_REDIS_PORT:-63799}"; }
_hermes_redis_pidfile() { printf '%s\n' "$HERMES_RUN_DIR/redis/redis.pid"; }
_hermes_redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$(_hermes_redis_port)" ping 2>/dev/null)" = PONG ]; }

# Returns 0 after starting the server, 2 when it was already running, 1 on failure.
_hermes_redis_start() {
  local port pidfile log
  port="$(_hermes_redis_port)"
  pidfile="$(_hermes_redis_pidfile)"
  log="$HERMES_RUN_DIR/logs/redis.log"
  mkdir -p "$HERMES_RUN_DIR/redis" "$HERMES_RUN_DIR/logs"

  if _hermes_pidfile_runs "$pidfile" redis-server; then
    if [ "$(cat "$HERMES_RUN_DIR/redis/port" 2>/dev/null)" = "$port" ]; then
      hermes_log "redis: already running on 127.0.0.1:$port"
      _hermes_wait_for 30 "redis on port $port" _hermes_redis_ping || return 1
      return 2
    fi
    hermes_log "redis: running on another port, restarting on $port"
    _hermes_redis_stop
  fi
  if _hermes_port_open "$port"; then
    hermes_die "port $port is taken by another program; set HERMES_REDIS_PORT to a free port"
    return 1
  fi

  hermes_log "redis: starting on 127.0.0.1:$port (log $log)"
  printf '%s\n' "$port" >"$HERMES_RUN_DIR/redis/port"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
    --dir "$HERMES_RUN_DIR/redis" --pidfile "$pidfile" --logfile "$log" --daemonize yes || {
    hermes_die "redis-server did not start; see $log"
    return 1
  }
  _hermes_wait_for 30 "redis on port $port" _hermes_redis_ping || return 1
}

_hermes_redis_stop() {
  local pidfile
  pidfile="$(_hermes_redis_pidfile)"
  _hermes_pidfile_runs "$pidfile" redis-server || {
    rm -f "$pidfile"
    return 0
  }
  hermes_log "redis: stopping"
  # Daemonized redis leads its own session, so this signals only redis itself.
  _hermes_stop_group "$pidfile" redis
}
