#!/usr/bin/env bash
# Logical backup of the HermesX database.
#
#   scripts/backup/backup.sh DIR        ->  DIR/hermes_YYYYMMDD_HHMMSS.sql.gz  (UTC time)
#
# Connection: BACKUP_DATABASE_URL, or DATABASE_URL when that is unset (libpq URL or key=value
# string). Every tenant table has FORCE ROW LEVEL SECURITY, so the connecting role must be a
# superuser or have BYPASSRLS; the HermesX application role has neither, and a dump made
# through it would silently miss rows. The script checks this before dumping.
#
# Retention: BACKUP_RETENTION_DAYS (default 7) deletes this script's archives in DIR whose
# timestamp (from the file name) is older than that many days; 0 keeps everything. Nothing
# else in DIR is touched.
#
# The archive is a plain SQL dump with DROP ... IF EXISTS before each object, so restore.sh
# can replay it over an existing database in a single transaction.
set -euo pipefail

readonly name_pattern='hermes_[0-9]{8}_[0-9]{6}\.sql\.gz'

fail() {
  echo "backup.sh: error: $*" >&2
  exit 1
}

[[ $# -eq 1 && -n "$1" ]] || { echo "usage: backup.sh DIR" >&2; exit 2; }
dir="$1"
url="${BACKUP_DATABASE_URL:-${DATABASE_URL:-}}"
[[ -n "$url" ]] || fail "set BACKUP_DATABASE_URL (a superuser or BYPASSRLS role) or DATABASE_URL"
retention="${BACKUP_RETENTION_DAYS:-7}"
[[ "$retention" =~ ^[0-9]+$ ]] || fail "BACKUP_RETENTION_DAYS must be a whole number of days, not '$retention'"
for tool in pg_dump psql gzip; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-10}"

mkdir -p "$dir" || fail "cannot create $dir"
[[ -w "$dir" ]] || fail "cannot write to $dir"

can_read_all=$(psql "$url" -X -A -t -v ON_ERROR_STOP=1 --no-password \
  -c "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user" 2>/dev/null) \
  || fail "cannot connect to the database (check BACKUP_DATABASE_URL / DATABASE_URL and that PostgreSQL is up)"
[[ "$can_read_all" == "t" ]] \
  || fail "the connecting role is subject to row-level security, so the dump would miss tenant rows; connect as the superuser or a role WITH BYPASSRLS (BACKUP_DATABASE_URL)"

stamp=$(date -u +%Y%m%d_%H%M%S)
archive="$dir/hermes_$stamp.sql.gz"
[[ ! -e "$archive" ]] || fail "$archive already exists"

# Written under a temporary name and renamed when complete, so neither restore.sh nor the
# retention below ever sees a half-written archive.
partial="$dir/.hermes_$stamp.sql.gz.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --dbname="$url" --no-password --format=plain --clean --if-exists | gzip -9 > "$partial" \
  || fail "pg_dump failed; no backup was written"
gzip -t "$partial" || fail "the archive just written does not verify"
mv "$partial" "$archive"
trap - EXIT
echo "$archive"

if (( retention > 0 )); then
  now=$(date -u +%s)
  for old in "$dir"/hermes_*.sql.gz; do
    base=$(basename "$old")
    [[ "$base" =~ ^${name_pattern}$ ]] || continue
    ts="${base:7:8} ${base:16:2}:${base:18:2}:${base:20:2}"
    taken=$(date -u -d "${ts:0:4}-${ts:4:2}-${ts:6:2} ${ts:9}" +%s 2>/dev/null) || continue
    if (( now - taken > retention * 86400 )); then
      rm -f -- "$old"
      echo "removed $old (older than $retention days)" >&2
    fi
  done
fi
