# shellcheck shell=bash
# Installs what the local services need, only when it is missing.

# Newest installed PostgreSQL server bin directory (Debian keeps one per major version).
hermes_pg_bindir() {
  local dir
  dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n1)"
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && printf '%s\n' "$dir"
}

_hermes_apt_lists_present() {
  compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null 2>&1 || compgen -G '/var/lib/apt/lists/*_Packages.*' >/dev/null 2>&1
}

# apt-get's chatter goes to .run/logs/apt.log; its tail is shown when something fails.
_hermes_apt() {
  local log="$HERMES_RUN_DIR/logs/apt.log"
  mkdir -p "$HERMES_RUN_DIR/logs"
  _hermes_as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Use-Pty=0 "$@" >>"$log" 2>&1 || {
    tail -n 20 "$log" >&2
    return 1
  }
}

_hermes_apt_install() {
  if ! _hermes_apt_lists_present; then
    hermes_log "apt-get update"
    _hermes_apt update || return 1
  fi
  hermes_log "apt-get install $* (log .run/logs/apt.log)"
  if ! _hermes_apt install --no-install-recommends "$@"; then
    # Package lists may be stale (a mirror moved on): refresh once and retry.
    hermes_log "apt-get update (retrying the install with fresh package lists)"
    _hermes_apt update || return 1
    _hermes_apt install --no-install-recommends "$@" || return 1
  fi
}

hermes_install_deps() {
  local packages=()
  hermes_pg_bindir >/dev/null || packages+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || packages+=(redis-tools)
  command -v setsid >/dev/null 2>&1 || packages+=(util-linux)
  # Transaction pooling in front of PostgreSQL, as production runs beyond a few silos.
  command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || packages+=(pgbouncer)
  # The plain round-robin load balancer of the scaling tests (no service is started by the package here).
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || packages+=(nginx-light)
  # run.sh polls /health/ready with it before printing its curl examples.
  command -v curl >/dev/null 2>&1 || packages+=(curl)
  if ((${#packages[@]} > 0)); then
    _hermes_apt_install "${packages[@]}" || {
      hermes_die "could not install ${packages[*]}"
      return 1
    }
  else
    hermes_log "system packages present (postgresql, redis-server)"
  fi
  hermes_pg_bindir >/dev/null || {
    hermes_die "no PostgreSQL server found under /usr/lib/postgresql/*/bin after installing"
    return 1
  }

  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    hermes_die "node and npm are required (Node 20+) for the S3 test server"
    return 1
  fi
  local s3dir="$HERMES_REPO/tools/s3-server"
  if [ ! -f "$s3dir/node_modules/s3rver/package.json" ] ||
    [ "$s3dir/package-lock.json" -nt "$s3dir/node_modules/.package-lock.json" ]; then
    hermes_log "npm ci (tools/s3-server, log .run/logs/npm.log)"
    mkdir -p "$HERMES_RUN_DIR/logs"
    (cd "$s3dir" && npm ci --no-audit --no-fund --no-update-notifier) >>"$HERMES_RUN_DIR/logs/npm.log" 2>&1 || {
      tail -n 20 "$HERMES_RUN_DIR/logs/npm.log" >&2
      hermes_die "npm ci failed in tools/s3-server"
      return 1
    }
  else
    hermes_log "S3 test server dependencies present"
  fi
}
