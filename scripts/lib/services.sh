# shellcheck shell=bash
# Local infrastructure for HermesX: PostgreSQL, Redis and the S3 test server on loopback, each
# a private instance on its own port with its state under .run/ (git-ignored):
#   .run/pg      PostgreSQL data directory (a symlink into /tmp when the postgres user cannot
#                reach the repository)
#   .run/redis   Redis pid file and working directory
#   .run/s3      S3 test server data and pid file
#   .run/logs    one log per service
#
# Source it, then:
#   hermes_install_deps      install postgresql, redis-server and the S3 server's npm packages
#                            when missing (apt-get as root, or through sudo)
#   hermes_install_deploy_tools  (tests) helm, kubectl, kubernetes-models and dclint
#   hermes_services_start    start what is not running; create role + database "hermes"
#   hermes_services_stop     stop what this shell started (--all: every instance of this repo)
#   hermes_export_env        export DATABASE_URL, REDIS_URL, MINIO_*, HERMES_TEST_PG_ADMIN_URL
#   hermes_services_status   one line per service
#   hermes_pick_free_ports   move unset port variables off ports other programs hold
#   hermes_pick_free_run_ports  the same, also for the fake LLM and hermesx's own ports (run.sh)
# Ports: HERMES_PG_PORT (54329), HERMES_REDIS_PORT (63799), HERMES_S3_PORT (49000),
# HERMES_FAKE_LLM_PORT (18080); hermesx: SAAS_API_PORT (8080), HERMES_API_PORT (8081),
# ORLEANS_SILO_PORT (11111), ORLEANS_GATEWAY_PORT (30000).

_hermes_lib_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/common.sh
. "$_hermes_lib_dir/common.sh"
# shellcheck source=SCRIPTDIR/deps.sh
. "$_hermes_lib_dir/deps.sh"
# shellcheck source=SCRIPTDIR/postgres.sh
. "$_hermes_lib_dir/postgres.sh"
# shellcheck source=SCRIPTDIR/redis.sh
. "$_hermes_lib_dir/redis.sh"
# shellcheck source=SCRIPTDIR/s3.sh
. "$_hermes_lib_dir/s3.sh"
# shellcheck source=SCRIPTDIR/fakellm.sh
. "$_hermes_lib_dir/fakellm.sh"
# shellcheck source=SCRIPTDIR/pgbouncer.sh
. "$_hermes_lib_dir/pgbouncer.sh"
# shellcheck source=SCRIPTDIR/deploytools.sh
. "$_hermes_lib_dir/deploytools.sh"

# Services this shell started, in start order; only these are stopped by default, so a test
# run next to a running scripts/run.sh leaves that one's services alone.
HERMES_STARTED_SERVICES="${HERMES_STARTED_SERVICES:-}"

_hermes_track_start() {
  local name="$1" rc=0
  "_hermes_${name}_start" || rc=$?
  case "$rc" in
    0) HERMES_STARTED_SERVICES="$HERMES_STARTED_SERVICES $name" ;;
    2) ;; # already running: someone else owns it
    *) return 1 ;;
  esac
}

hermes_services_start() {
  mkdir -p "$HERMES_RUN_DIR/logs"
  _hermes_track_start pg || return 1
  _hermes_track_start redis || return 1
  _hermes_track_start s3 || return 1
}

hermes_services_stop() {
  local names="" name
  if [ "${1:-}" = --all ]; then
    names="fakellm pgbouncer s3 redis pg"
  else
    # Reverse start order.
    for name in $HERMES_STARTED_SERVICES; do names="$name $names"; done
  fi
  for name in $names; do
    "_hermes_${name}_stop" || hermes_warn "could not stop $name"
  done
  HERMES_STARTED_SERVICES=""
}

# Whether this checkout's own instance of a service is running on a port.
_hermes_pg_owns_port() {
  local bindir
  bindir="$(hermes_pg_bindir)" || return 1
  _hermes_pg_locate
  [ "$(_hermes_pg_running_port "$bindir" 2>/dev/null)" = "$1" ]
}
_hermes_redis_owns_port() {
  _hermes_pidfile_runs "$(_hermes_redis_pidfile)" redis-server &&
    [ "$(cat "$HERMES_RUN_DIR/redis/port" 2>/dev/null)" = "$1" ]
}
_hermes_s3_owns_port() {
  _hermes_pidfile_runs "$(_hermes_s3_pidfile)" tools/s3-server/server.js &&
    [ "$(cat "$HERMES_RUN_DIR/s3/port" 2>/dev/null)" = "$1" ]
}

_hermes_fakellm_owns_port() {
  _hermes_pidfile_runs "$(_hermes_fakellm_pidfile)" HermesX.FakeLlm &&
    [ "$(cat "$HERMES_RUN_DIR/fakellm/port" 2>/dev/null)" = "$1" ]
}
# Ports of processes started in the foreground each run (hermesx itself): never "ours" beforehand.
_hermes_none_owns_port() { return 1; }

# A port variable that the caller did not set moves up to the next free port when another
# program holds its default (or an earlier variable took it), instead of failing. Ports this
# checkout's own services already hold count as free for them.
# Usage: _hermes_pick_ports VAR:DEFAULT:OWNER ...  (OWNER: pg, redis, s3, fakellm or none)
_hermes_pick_ports() {
  local entry var port svc taken=" "
  for entry in "$@"; do
    IFS=: read -r var port svc <<<"$entry"
    if [ -n "${!var:-}" ]; then
      taken="$taken${!var} "
      continue
    fi
    local limit=$((port + 100))
    while [[ "$taken" == *" $port "* ]] || { _hermes_port_open "$port" && ! "_hermes_${svc}_owns_port" "$port"; }; do
      port=$((port + 1))
      if ((port > limit)); then
        hermes_die "no free port for $var near its default; set $var"
        return 1
      fi
    done
    taken="$taken$port "
    export "$var=$port"
  done
}

# The local services' ports (PostgreSQL, Redis, S3 test server; PgBouncer for the tests).
hermes_pick_free_ports() {
  _hermes_pick_ports HERMES_PG_PORT:54329:pg HERMES_REDIS_PORT:63799:redis HERMES_S3_PORT:49000:s3 \
    HERMES_PGBOUNCER_PORT:54339:pgbouncer
}

# (tests) PgBouncer in transaction mode in front of PostgreSQL; exports HERMES_TEST_PGBOUNCER_PORT.
hermes_pgbouncer_start() {
  _hermes_track_start pgbouncer || return 1
  export HERMES_TEST_PGBOUNCER_PORT
  HERMES_TEST_PGBOUNCER_PORT="$(_hermes_pgbouncer_port)"
}

# scripts/run.sh: the services' ports, plus the fake LLM's and hermesx's own (HTTP and Orleans).
hermes_pick_free_run_ports() {
  _hermes_pick_ports HERMES_PG_PORT:54329:pg HERMES_REDIS_PORT:63799:redis HERMES_S3_PORT:49000:s3 \
    HERMES_FAKE_LLM_PORT:18080:fakellm SAAS_API_PORT:8080:none HERMES_API_PORT:8081:none \
    ORLEANS_SILO_PORT:11111:none ORLEANS_GATEWAY_PORT:30000:none
}

hermes_export_env() {
  local pg redis s3
  pg="$(_hermes_pg_port)"
  redis="$(_hermes_redis_port)"
  s3="$(_hermes_s3_port)"
  export DATABASE_URL="postgres://hermes:hermes@127.0.0.1:$pg/hermes?sslmode=disable"
  export HERMES_TEST_PG_ADMIN_URL="postgres://postgres:postgres@127.0.0.1:$pg/postgres?sslmode=disable"
  export REDIS_URL="redis://127.0.0.1:$redis"
  export MINIO_ENDPOINT="127.0.0.1:$s3"
  export MINIO_ACCESS_KEY=S3RVER
  export MINIO_SECRET_KEY=S3RVER
  export MINIO_USE_SSL=false
  export MINIO_BUCKET="${MINIO_BUCKET:-hermes-skills}"
}

# HERMES_ACP_TOKEN for a local run: kept in .run/acp-token so it survives restarts.
hermes_ensure_acp_token() {
  [ -n "${HERMES_ACP_TOKEN:-}" ] && return 0
  local file="$HERMES_RUN_DIR/acp-token"
  if [ ! -s "$file" ]; then
    mkdir -p "$HERMES_RUN_DIR"
    (umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$file")
  fi
  HERMES_ACP_TOKEN="$(cat "$file")"
  export HERMES_ACP_TOKEN
}

hermes_services_status() {
  local bindir
  _hermes_pg_locate
  if bindir="$(hermes_pg_bindir)" && _hermes_pg_as_owner "$bindir/pg_ctl" -D "$HERMES_PG_DATA" status >/dev/null 2>&1; then
    echo "postgres: running on 127.0.0.1:$(sed -n 4p "$HERMES_PG_DATA/postmaster.pid") ($HERMES_PG_DATA)"
  else
    echo "postgres: stopped"
  fi
  if _hermes_pidfile_runs "$(_hermes_redis_pidfile)" redis-server; then
    echo "redis: running on 127.0.0.1:$(cat "$HERMES_RUN_DIR/redis/port" 2>/dev/null)"
  else
    echo "redis: stopped"
  fi
  if _hermes_pidfile_runs "$(_hermes_s3_pidfile)" tools/s3-server/server.js; then
    echo "s3: running on 127.0.0.1:$(cat "$HERMES_RUN_DIR/s3/port" 2>/dev/null)"
  else
    echo "s3: stopped"
  fi
  if _hermes_pidfile_runs "$(_hermes_fakellm_pidfile)" HermesX.FakeLlm; then
    echo "fake LLM: running on 127.0.0.1:$(cat "$HERMES_RUN_DIR/fakellm/port" 2>/dev/null)"
  fi
}
