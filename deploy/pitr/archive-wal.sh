#!/bin/sh
# archive_command for HermesX PITR: archive-wal.sh %p %f
# Copies one WAL segment into $WAL_ARCHIVE_DIR (default /var/lib/postgresql/wal-archive),
# gzip-compressed, via a temporary file and a rename so a crash never leaves a truncated segment
# under the final name. Exits non-zero on any failure: PostgreSQL then keeps the segment and
# retries, so nothing is lost while the archive is unavailable.
#
# Put WAL_ARCHIVE_DIR on storage that does not share the database's failure domain (another
# disk, an NFS or object-storage mount). For object storage directly, pgBackRest or WAL-G do the
# same job with more features.
set -eu

src="$1"
name="$2"
archive="${WAL_ARCHIVE_DIR:-/var/lib/postgresql/wal-archive}"
dest="$archive/$name.gz"

if [ -f "$dest" ]; then
  # Re-archiving the same segment (after a crash between copy and acknowledgement) is fine;
  # a different segment under the same name means two servers share one archive.
  if gzip -dc "$dest" | cmp -s - "$src"; then
    exit 0
  fi
  echo "archive-wal: $dest exists with different content; refusing to overwrite" >&2
  exit 1
fi

tmp="$archive/.$name.gz.partial"
gzip -c "$src" > "$tmp"
sync "$tmp" 2>/dev/null || sync
mv "$tmp" "$dest"
