# shellcheck shell=bash
# The project's own PostgreSQL instance: own data directory, own port, loopback only. It never
# touches a system cluster that may also be installed and running.

_hermes_pg_port() { printf '%s\n' "${HERMES_PG_PORT:-54329}"; }

# initdb and pg_ctl refuse to run as root, so as root they run as the postgres system user.
_hermes_pg_user() { if _hermes_is_root; then echo postgres; else id -un; fi; }

_hermes_pg_as_owner() {
  # cd / so that a working directory postgres cannot enter does not produce warnings.
  if _hermes_is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Unix socket directory: private to the instance's owner (trust auth applies to it), short
# enough for the 107-byte socket path limit wherever the repository is cloned, and per user
# so that root's instance and a normal user's never fight over it.
_hermes_pg_sockdir() { printf '%s\n' "/tmp/hermesx-pgsock-$(id -u)-$(_hermes_pg_port)"; }

# The data directory is .run/pg. When the postgres user cannot reach .run (the repository lies
# under a directory private to root, such as /root), the data lives in /tmp/hermesx-pg-PORT and
# .run/pg is a symlink to it, so .run still shows where everything is. This only computes the
# paths (HERMES_PG_DATA, HERMES_PG_LOG); _hermes_pg_prepare_dirs creates them.
_hermes_pg_locate() {
  local link="$HERMES_RUN_DIR/pg"
  if [ -L "$link" ]; then
    HERMES_PG_DATA="$(readlink "$link")"
  elif [ -d "$link" ] || _hermes_pg_as_owner test -x "$HERMES_RUN_DIR"; then
    HERMES_PG_DATA="$link"
  else
    HERMES_PG_DATA="/tmp/hermesx-pg-$(_hermes_pg_port)"
  fi
  if [ "$HERMES_PG_DATA" = "$link" ]; then
    HERMES_PG_LOG="$HERMES_RUN_DIR/logs/postgres.log"
  else
    HERMES_PG_LOG="$HERMES_PG_DATA.log"
  fi
}

_hermes_pg_prepare_dirs() {
  local user link="$HERMES_RUN_DIR/pg" logs="$HERMES_RUN_DIR/logs"
  user="$(_hermes_pg_user)"
  mkdir -p "$logs"
  # The postgres user must be able to pass through .run to reach its data and log.
  chmod 755 "$HERMES_RUN_DIR" "$logs"
  _hermes_pg_locate
  if [ "$HERMES_PG_DATA" != "$link" ] && [ ! -L "$link" ]; then
    hermes_log "postgres user cannot reach $HERMES_RUN_DIR; data directory is $HERMES_PG_DATA (.run/pg links to it)"
    ln -sfn "$HERMES_PG_DATA" "$link"
  fi
  mkdir -p "$HERMES_PG_DATA"
  # The server only starts when it owns its whole data directory (e.g. after a switch
  # between running as root and as a normal user).
  [ "$(stat -c %U "$HERMES_PG_DATA")" = "$user" ] || chown -R "$user" "$HERMES_PG_DATA"
  chmod 700 "$HERMES_PG_DATA"

  # The log file sits beside the data when .run is unreachable, with a link under .run/logs.
  [ "$HERMES_PG_DATA" = "$link" ] || ln -sfn "$HERMES_PG_LOG" "$logs/postgres.log"
  touch "$HERMES_PG_LOG"
  chown "$user" "$HERMES_PG_LOG"

  local sock
  sock="$(_hermes_pg_sockdir)"
  mkdir -p "$sock"
  if [ ! -O "$sock" ] && ! _hermes_is_root; then
    hermes_die "$sock belongs to another user; remove it"
    return 1
  fi
  chown "$user" "$sock"
  chmod 700 "$sock"
}

_hermes_pg_initdb() {
  local bindir="$1" major
  major="$(basename "$(dirname "$bindir")")"
  if [ -f "$HERMES_PG_DATA/PG_VERSION" ]; then
    [ "$(cat "$HERMES_PG_DATA/PG_VERSION")" = "$major" ] && return 0
    local old
    old="$HERMES_PG_DATA.v$(cat "$HERMES_PG_DATA/PG_VERSION").$(date +%s)"
    hermes_warn "data directory is from PostgreSQL $(cat "$HERMES_PG_DATA/PG_VERSION"), server is $major: moving it to $old"
    mv "$HERMES_PG_DATA" "$old"
    mkdir -p "$HERMES_PG_DATA"
    chown "$(_hermes_pg_user)" "$HERMES_PG_DATA"
    chmod 700 "$HERMES_PG_DATA"
  elif [ -n "$(ls -A "$HERMES_PG_DATA")" ]; then
    hermes_die "$HERMES_PG_DATA is not empty and is no PostgreSQL data directory; remove it"
    return 1
  fi

  hermes_log "postgres: initdb $HERMES_PG_DATA (PostgreSQL $major)"
  local pwfile
  pwfile="$(mktemp)"
  printf 'postgres\n' >"$pwfile"
  chown "$(_hermes_pg_user)" "$pwfile"
  # Superuser password "postgres" over TCP; trust only on the private unix socket.
  if ! _hermes_pg_as_owner "$bindir/initdb" -D "$HERMES_PG_DATA" -U postgres --pwfile="$pwfile" \
    -E UTF8 --no-locale --auth-local=trust --auth-host=scram-sha-256 >>"$HERMES_PG_LOG" 2>&1; then
    rm -f "$pwfile"
    hermes_die "initdb failed; see $HERMES_PG_LOG"
    return 1
  fi
  rm -f "$pwfile"
}

# Port the running instance of our data directory listens on (line 4 of postmaster.pid).
_hermes_pg_running_port() {
  local bindir="$1"
  _hermes_pg_as_owner "$bindir/pg_ctl" -D "$HERMES_PG_DATA" status >/dev/null 2>&1 || return 1
  sed -n 4p "$HERMES_PG_DATA/postmaster.pid" 2>/dev/null
}

_hermes_pg_psql() {
  "$HERMES_PG_BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$(_hermes_pg_sockdir)" -p "$(_hermes_pg_port)" -U postgres "$@"
}

# Returns 0 after starting the server, 2 when it was already running, 1 on failure.
_hermes_pg_start() {
  local bindir port running
  bindir="$(hermes_pg_bindir)" || {
    hermes_die "PostgreSQL is not installed (run hermes_install_deps)"
    return 1
  }
  HERMES_PG_BINDIR="$bindir"
  port="$(_hermes_pg_port)"
  _hermes_pg_prepare_dirs || return 1
  _hermes_pg_initdb "$bindir" || return 1

  local already=0
  if running="$(_hermes_pg_running_port "$bindir")"; then
    if [ "$running" = "$port" ]; then
      already=1
      hermes_log "postgres: already running on 127.0.0.1:$port ($HERMES_PG_DATA)"
    else
      hermes_log "postgres: running on port $running, restarting on $port"
      _hermes_pg_as_owner "$bindir/pg_ctl" -D "$HERMES_PG_DATA" -m fast -w -t 60 stop >/dev/null
    fi
  fi

  if ((already == 0)); then
    if _hermes_port_open "$port"; then
      hermes_die "port $port is taken by another program; set HERMES_PG_PORT to a free port"
      return 1
    fi
    hermes_log "postgres: starting on 127.0.0.1:$port ($HERMES_PG_DATA, log $HERMES_PG_LOG)"
    local opts
    opts="-p $port -c listen_addresses=127.0.0.1 -k $(_hermes_pg_sockdir) -c max_connections=300"
    # Tests create and drop many throwaway databases; durability buys nothing there.
    if [ "${HERMES_PG_FAST:-0}" = 1 ]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    if ! _hermes_pg_as_owner "$bindir/pg_ctl" -D "$HERMES_PG_DATA" -l "$HERMES_PG_LOG" -w -t 90 -o "$opts" start >/dev/null; then
      tail -n 20 "$HERMES_PG_LOG" >&2 || true
      hermes_die "postgres did not start; see $HERMES_PG_LOG"
      return 1
    fi
  fi

  _hermes_wait_for 60 "postgres on port $port" "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres || return 1
  _hermes_pg_provision || return 1
  ((already == 0)) || return 2
}

# The service role: can log in and own its database, nothing more, so row-level security
# really applies to it. Idempotent: re-asserts the attributes on every start.
_hermes_pg_provision() {
  _hermes_pg_psql -d postgres <<'SQL' || {
ALTER ROLE postgres PASSWORD 'postgres';
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hermes') THEN
    CREATE ROLE hermes LOGIN PASSWORD 'hermes' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  ELSE
    ALTER ROLE hermes LOGIN PASSWORD 'hermes' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
END
$$;
SQL
    hermes_die "could not create the hermes role"
    return 1
  }
  if [ "$(_hermes_pg_psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'hermes'")" != 1 ]; then
    hermes_log "postgres: creating database hermes owned by hermes"
    _hermes_pg_psql -d postgres -c 'CREATE DATABASE hermes OWNER hermes' || return 1
  fi
  hermes_log "postgres: role hermes and database hermes ready"
}

_hermes_pg_stop() {
  local bindir
  bindir="$(hermes_pg_bindir)" || return 0
  [ -n "${HERMES_PG_DATA:-}" ] || _hermes_pg_locate
  [ -f "$HERMES_PG_DATA/postmaster.pid" ] || return 0
  if _hermes_pg_as_owner "$bindir/pg_ctl" -D "$HERMES_PG_DATA" status >/dev/null 2>&1; then
    hermes_log "postgres: stopping"
    _hermes_pg_as_owner "$bindir/pg_ctl" -D "$HERMES_PG_DATA" -m fast -w -t 60 stop >/dev/null ||
      hermes_warn "postgres did not stop cleanly; see $HERMES_PG_LOG"
  fi
}
