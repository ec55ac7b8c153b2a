#!/usr/bin/env bash
# The third-party client libraries (tests/clients/) the integration tests drive against a running
# silo: npm ci when their lockfile changed since the last install. Log: .run/logs/clients-install.log.

hermes_client_sdks_install() {
  local dir="$HERMES_REPO/tests/clients" log="$HERMES_RUN_DIR/logs/clients-install.log"
  if [ -f "$dir/node_modules/.package-lock.json" ] && [ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    return 0
  fi
  mkdir -p "$HERMES_RUN_DIR/logs"
  hermes_log "client SDKs: npm ci in tests/clients (log .run/logs/clients-install.log)"
  (cd "$dir" && npm ci --no-audit --no-fund --no-update-notifier) >"$log" 2>&1 || {
    tail -n 40 "$log" >&2
    hermes_die "client SDKs: npm ci failed (full log $log)"
  }
}
