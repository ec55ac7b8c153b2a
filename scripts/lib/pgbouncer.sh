# shellcheck shell=bash
# PgBouncer in transaction pooling mode in front of the project's PostgreSQL, as production runs
# it beyond a few silos (deploy/README.md). The tests start silos through it; it listens on
# loopback, HERMES_PGBOUNCER_PORT (default 54339). Its configuration and log live in a /tmp
# directory the postgres user can read, because PgBouncer refuses to run as root.

_hermes_pgbouncer_port() { printf '%s\n' "${HERMES_PGBOUNCER_PORT:-54339}"; }
_hermes_pgbouncer_pidfile() { printf '%s\n' "$HERMES_RUN_DIR/pgbouncer/pgbouncer.pid"; }
_hermes_pgbouncer_dir() { printf '%s\n' "/tmp/hermesx-pgbouncer-$(id -u)-$(_hermes_pgbouncer_port)"; }

_hermes_pgbouncer_owns_port() {
  _hermes_pidfile_runs "$(_hermes_pgbouncer_pidfile)" pgbouncer &&
    [ "$(cat "$HERMES_RUN_DIR/pgbouncer/port" 2>/dev/null)" = "$1" ]
}

# The logins PgBouncer accepts and passes on (SCRAM both ways): run.sh's role and the tests' role.
_hermes_pgbouncer_userlist() {
  printf '"%s" "%s"\n' hermes hermes hermes_test_svc hermes_test_svc
}

_hermes_pgbouncer_config() {
  cat <<INI
[databases]
; Every database of the local server, so the tests' per-class databases need no entry each.
* = host=127.0.0.1 port=$(_hermes_pg_port)

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $(_hermes_pgbouncer_port)
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $(_hermes_pgbouncer_dir)/userlist.txt
; A server connection goes back to the pool at the end of each transaction: HermesX keeps no
; session state (set_config(..., true) is transaction-local; migrations take transaction locks).
pool_mode = transaction
; Server connections per database and role: one pool serves every silo using it.
default_pool_size = 20
max_client_conn = 2000
; Npgsql sends it at start-up; PgBouncer would otherwise refuse the connection.
ignore_startup_parameters = extra_float_digits
server_reset_query =
admin_users =
INI
}

# Returns 0 after starting, 2 when it was already running on its port, 1 on failure.
_hermes_pgbouncer_start() {
  local port pidfile dir log
  port="$(_hermes_pgbouncer_port)"
  pidfile="$(_hermes_pgbouncer_pidfile)"
  dir="$(_hermes_pgbouncer_dir)"
  log="$HERMES_RUN_DIR/logs/pgbouncer.log"
  mkdir -p "$HERMES_RUN_DIR/pgbouncer" "$HERMES_RUN_DIR/logs"
  if _hermes_pgbouncer_owns_port "$port"; then
    hermes_log "pgbouncer: already running on 127.0.0.1:$port"
    return 2
  fi
  _hermes_pgbouncer_stop
  if _hermes_port_open "$port"; then
    hermes_die "port $port is taken by another program; set HERMES_PGBOUNCER_PORT to a free port"
    return 1
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  (umask 077 && _hermes_pgbouncer_userlist >"$dir/userlist.txt" && _hermes_pgbouncer_config >"$dir/pgbouncer.ini")
  local as=()
  if _hermes_is_root; then
    chown -R postgres "$dir"
    as=(-u postgres)
  fi
  hermes_log "pgbouncer: starting on 127.0.0.1:$port, transaction pooling (log $log)"
  printf '%s\n' "$port" >"$HERMES_RUN_DIR/pgbouncer/port"
  _hermes_spawn "$pidfile" "$log" "$(command -v pgbouncer || echo /usr/sbin/pgbouncer)" "${as[@]}" "$dir/pgbouncer.ini" || return 1
  _hermes_wait_spawned 30 "pgbouncer on port $port" "$pidfile" "$log" _hermes_port_open "$port"
}

_hermes_pgbouncer_stop() {
  local pidfile
  pidfile="$(_hermes_pgbouncer_pidfile)"
  _hermes_pidfile_runs "$pidfile" pgbouncer || {
    rm -f "$pidfile"
    return 0
  }
  hermes_log "pgbouncer: stopping"
  _hermes_stop_group "$pidfile" pgbouncer
}
