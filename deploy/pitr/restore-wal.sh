#!/bin/sh
# restore_command for HermesX PITR: restore-wal.sh %f %p
# Fetches one archived segment written by archive-wal.sh. A missing segment must exit non-zero
# quietly: that is how PostgreSQL learns it has reached the end of the archive.
set -eu

name="$1"
dest="$2"
archive="${WAL_ARCHIVE_DIR:-/var/lib/postgresql/wal-archive}"

if [ -f "$archive/$name.gz" ]; then
  gzip -dc "$archive/$name.gz" > "$dest"
elif [ -f "$archive/$name" ]; then
  cp "$archive/$name" "$dest"
else
  exit 1
fi
