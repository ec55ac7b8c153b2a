#!/bin/sh
# Takes a base backup for HermesX PITR and prunes old ones.
#   base-backup.sh BACKUP_DIR
# Connection: PITR_DATABASE_URL (a superuser or a role with REPLICATION), e.g.
#   postgres://postgres:...@db-host:5432/postgres
# BASE_BACKUP_RETENTION: how many base backups to keep (default 7). WAL segments older than the
# oldest kept backup are removed from WAL_ARCHIVE_DIR, since no kept backup can use them.
#
# Run it daily (cron, a Kubernetes CronJob). Recovery replays WAL from the newest base backup
# before the target time, so a shorter interval means a faster restore, not a better RPO.
set -eu

backup_root="${1:?usage: base-backup.sh BACKUP_DIR}"
url="${PITR_DATABASE_URL:?set PITR_DATABASE_URL (superuser or REPLICATION role)}"
keep="${BASE_BACKUP_RETENTION:-7}"
archive="${WAL_ARCHIVE_DIR:-/var/lib/postgresql/wal-archive}"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$backup_root/base_$stamp"
mkdir -p "$backup_root"

# Tar format, compressed, with the WAL needed to make the copy consistent streamed alongside,
# so every base backup is restorable even without the archive.
pg_basebackup --dbname="$url" --pgdata="$target.partial" --format=tar --gzip \
  --wal-method=stream --checkpoint=fast --label="hermesx-$stamp" --no-password
mv "$target.partial" "$target"
echo "base backup written to $target"

# Keep the newest $keep backups.
ls -1d "$backup_root"/base_* 2>/dev/null | grep -v '\.partial$' | sort -r | tail -n +"$((keep + 1))" |
  while read -r old; do
    rm -rf "$old"
    echo "removed old base backup $old"
  done

# Drop archived WAL that precedes the oldest kept backup: the backup_label inside its
# base.tar.gz names the first WAL segment it needs.
oldest=$(ls -1d "$backup_root"/base_* 2>/dev/null | grep -v '\.partial$' | sort | head -n 1)
if [ -n "$oldest" ] && [ -d "$archive" ]; then
  first_wal=$(tar -xzOf "$oldest/base.tar.gz" backup_label | sed -n 's/^START WAL LOCATION: .* (file \([0-9A-F]*\))$/\1/p')
  if [ -n "$first_wal" ]; then
    pg_archivecleanup -x .gz "$archive" "$first_wal"
    echo "archived WAL before $first_wal removed"
  fi
fi
