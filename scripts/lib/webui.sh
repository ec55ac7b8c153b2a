#!/usr/bin/env bash
# The web console (webui/): npm ci, build, and its checks (lint, types, unit tests). The browser
# end-to-end run is a dotnet test (ConsoleEndToEndTests) that needs chromium and webui/dist.
# Sourced by services.sh's users after it; logs go to .run/logs/webui-*.log.

_hermes_webui_dir() { printf '%s\n' "$HERMES_REPO/webui"; }

_hermes_webui_npm() {
  local what="$1" log="$HERMES_RUN_DIR/logs/webui-$1.log"
  shift
  mkdir -p "$HERMES_RUN_DIR/logs"
  (cd "$(_hermes_webui_dir)" && "$@") >"$log" 2>&1 || {
    tail -n 40 "$log" >&2
    hermes_die "webui: $what failed (full log $log)"
  }
}

# npm ci when package-lock.json changed since the last install, then the production build into webui/dist.
hermes_webui_build() {
  local dir stamp
  dir="$(_hermes_webui_dir)"
  stamp="$dir/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
    hermes_log "webui: npm ci (log .run/logs/webui-install.log)"
    _hermes_webui_npm install npm ci --no-audit --no-fund --no-update-notifier
  fi
  hermes_log "webui: npm run build -> webui/dist"
  _hermes_webui_npm build npm run build
  hermes_log "webui: built, $(du -sk "$dir/dist" | cut -f1) KiB in webui/dist"
}

# Lint, type-check and the Vitest unit tests; prints Vitest's counts.
hermes_webui_check() {
  hermes_log "webui: lint"
  _hermes_webui_npm lint npm run lint
  hermes_log "webui: unit tests (vitest)"
  _hermes_webui_npm test npm test
  sed 's/\x1b\[[0-9;]*m//g' "$HERMES_RUN_DIR/logs/webui-test.log" | sed -nE 's/^ *Tests +(.*)$/==> webui: vitest \1/p'
}

# Debian's chromium drives the end-to-end run (playwright-core downloads no browser).
hermes_webui_browser() {
  command -v chromium >/dev/null 2>&1 || _hermes_apt_install chromium
}
