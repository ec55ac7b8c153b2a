#!/usr/bin/env bash
# Restores a HermesX backup made by backup.sh, then applies pending migrations.
#
#   scripts/backup/restore.sh FILE [--no-migrate]
#
# The whole archive is replayed in ONE transaction: it either applies completely or not at
# all. Before touching the database the script checks, in order: the file exists and is
# readable, it is an intact gzip archive, it holds a complete pg_dump, the database is
# reachable, and the role may restore every tenant's rows. Any failure leaves the database
# exactly as it was. Stop HermesX first: the restore drops and recreates its tables.
#
# Connections:
#   BACKUP_DATABASE_URL  restore connection (superuser, or a BYPASSRLS role that is a member
#                        of the application role); DATABASE_URL when unset.
#   DATABASE_URL         the application role, used for `hermesx migrate` afterwards, so
#                        objects the migrations create belong to that role.
# The migration runs HERMESX_BIN if set, else `hermesx` from PATH, else
# `dotnet run --project src/HermesX.Silo` from this repository. --no-migrate skips it (HermesX
# also migrates at start-up).
set -euo pipefail

fail() {
  echo "restore.sh: error: $*" >&2
  exit 1
}

usage() {
  echo "usage: restore.sh FILE [--no-migrate]" >&2
  exit 2
}

file=""
migrate=1
for arg in "$@"; do
  case "$arg" in
    --no-migrate) migrate=0 ;;
    -*) usage ;;
    *) [[ -z "$file" ]] || usage; file="$arg" ;;
  esac
done
[[ -n "$file" ]] || usage

url="${BACKUP_DATABASE_URL:-${DATABASE_URL:-}}"
[[ -n "$url" ]] || fail "set BACKUP_DATABASE_URL (superuser or BYPASSRLS role) or DATABASE_URL"
for tool in psql gzip; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"

# --- the archive ---------------------------------------------------------------------------
[[ -e "$file" ]] || fail "backup file not found: $file"
[[ -f "$file" && -r "$file" ]] || fail "cannot read backup file: $file"
gzip -t "$file" 2>/dev/null || fail "corrupt backup archive (gzip check failed): $file"
head=$(gzip -dc "$file" | head -n 20 || true)
[[ "$head" == *"PostgreSQL database dump"* ]] || fail "not a PostgreSQL dump: $file"
# pg_dump writes this trailer last; without it the dump was cut short when it was taken.
tail=$(gzip -dc "$file" | tail -n 5)
[[ "$tail" == *"PostgreSQL database dump complete"* ]] || fail "incomplete dump (no end marker): $file"

# --- the migration tool, found before anything changes --------------------------------------
migrate_cmd=()
if (( migrate )); then
  [[ -n "${DATABASE_URL:-}" ]] \
    || fail "DATABASE_URL (the application role) is needed for 'hermesx migrate' after the restore; set it or pass --no-migrate"
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  if [[ -n "${HERMESX_BIN:-}" ]]; then
    [[ -x "$HERMESX_BIN" ]] || fail "HERMESX_BIN is not executable: $HERMESX_BIN"
    migrate_cmd=("$HERMESX_BIN" migrate)
  elif command -v hermesx >/dev/null; then
    migrate_cmd=(hermesx migrate)
  elif command -v dotnet >/dev/null && [[ -f "$repo/src/HermesX.Silo/HermesX.Silo.csproj" ]]; then
    migrate_cmd=(dotnet run --project "$repo/src/HermesX.Silo" -- migrate)
  else
    fail "cannot find hermesx for the migration step: set HERMESX_BIN, put hermesx on PATH, or pass --no-migrate"
  fi
fi

# --- the database ----------------------------------------------------------------------------
can_restore=$(psql "$url" -X -A -t -v ON_ERROR_STOP=1 --no-password \
  -c "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user" 2>/dev/null) \
  || fail "cannot connect to the database (check BACKUP_DATABASE_URL / DATABASE_URL and that PostgreSQL is up); nothing was changed"
[[ "$can_restore" == "t" ]] \
  || fail "the connecting role is subject to row-level security and cannot restore tenant tables; connect as the superuser or a role WITH BYPASSRLS (BACKUP_DATABASE_URL); nothing was changed"

# If reading the archive fails midway, the appended statement makes the transaction fail
# instead of committing a prefix of the dump.
echo "restoring $file ..." >&2
# shellcheck disable=SC2016  # $restore$ is SQL dollar quoting, not a shell expansion
if ! { gzip -dc "$file" || printf '\n;\nDO $restore$ BEGIN RAISE EXCEPTION %s; END $restore$;\n' "'backup archive could not be read to the end'"; } \
    | psql "$url" -X --no-password --single-transaction -v ON_ERROR_STOP=1 --quiet >/dev/null; then
  fail "restore failed and was rolled back; the database is unchanged"
fi
echo "restore committed" >&2

if (( migrate )); then
  echo "running: ${migrate_cmd[*]}" >&2
  "${migrate_cmd[@]}" || fail "the restore is committed, but 'hermesx migrate' failed; fix the cause and run it again"
fi
echo "done" >&2
