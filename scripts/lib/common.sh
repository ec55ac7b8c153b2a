# shellcheck shell=bash
# Shared helpers for the HermesX local-infrastructure scripts. Sourced by services.sh.

HERMES_REPO="${HERMES_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
HERMES_RUN_DIR="${HERMES_RUN_DIR:-$HERMES_REPO/.run}"

hermes_log() { printf '==> %s\n' "$*"; }
hermes_warn() { printf '==> WARNING: %s\n' "$*" >&2; }
hermes_die() {
  printf '==> ERROR: %s\n' "$*" >&2
  return 1
}

_hermes_is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as root: directly when we are root, through sudo (never prompting, so CI
# without a terminal fails fast with a clear message) otherwise.
_hermes_as_root() {
  if _hermes_is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    hermes_die "need root for: $* (run as root or install sudo)"
  fi
}

# True when something accepts TCP connections on 127.0.0.1:$1. Uses bash's /dev/tcp so that
# no curl/nc is needed on a fresh machine.
_hermes_port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Polls "$@" until it succeeds or $1 seconds pass. Usage: _hermes_wait_for SECONDS WHAT cmd...
_hermes_wait_for() {
  local seconds="$1" what="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      hermes_die "$what did not become ready within ${seconds}s"
      return 1
    fi
    sleep 0.2
  done
}

# Like _hermes_wait_for, for a program started by _hermes_spawn: gives up at once (showing the
# end of its log) when the program exits instead of becoming ready.
# Usage: _hermes_wait_spawned SECONDS WHAT PIDFILE LOGFILE cmd...
_hermes_wait_spawned() {
  local seconds="$1" what="$2" pidfile="$3" logfile="$4"
  shift 4
  local deadline=$((SECONDS + seconds)) pid
  pid="$(_hermes_read_pid "$pidfile" || true)"
  until "$@" >/dev/null 2>&1; do
    if ! _hermes_pid_alive "$pid"; then
      tail -n 30 "$logfile" >&2 || true
      hermes_die "$what exited during start-up; see $logfile"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$logfile" >&2 || true
      hermes_die "$what did not become ready within ${seconds}s; see $logfile"
      return 1
    fi
    sleep 0.2
  done
}

_hermes_pid_alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

_hermes_read_pid() { [ -s "$1" ] && head -n1 "$1" | tr -dc '0-9'; }

# Starts a long-running program in its own session, so a Ctrl-C in the terminal reaches only
# the foreground command and the exit trap stops services in order. The wrapper writes its own
# pid before exec'ing: that pid is the session and process-group leader, so stopping the group
# also stops children (dotnet run starts the app as a child process).
# Usage: _hermes_spawn PIDFILE LOGFILE cmd...
_hermes_spawn() {
  local pidfile="$1" logfile="$2"
  shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null &
  local deadline=$((SECONDS + 10))
  until [ -s "$pidfile" ]; do
    if ((SECONDS >= deadline)); then
      hermes_die "could not start: $*"
      return 1
    fi
    sleep 0.1
  done
}

# Stops a process group started by _hermes_spawn: TERM, then KILL after a deadline.
_hermes_stop_group() {
  local pidfile="$1" name="$2" pid
  pid="$(_hermes_read_pid "$pidfile" || true)"
  if ! _hermes_pid_alive "$pid"; then
    rm -f "$pidfile"
    return 0
  fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 15))
  while _hermes_pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
  if _hermes_pid_alive "$pid"; then
    hermes_warn "$name did not stop on TERM; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# Whether the process in a pid file is alive and its command line mentions $2.
_hermes_pidfile_runs() {
  local pid
  pid="$(_hermes_read_pid "$1" || true)"
  _hermes_pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2"
}
