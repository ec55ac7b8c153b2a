#!/usr/bin/env bash
# Manages the local services by hand, e.g. to run tests from an IDE:
#   scripts/services.sh start    install what is missing, start, print the environment
#   scripts/services.sh env      print the environment (eval "$(scripts/services.sh env)")
#   scripts/services.sh status
#   scripts/services.sh stop     stop every service of this checkout
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib/services.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"

print_env() {
  hermes_export_env
  local name
  for name in DATABASE_URL HERMES_TEST_PG_ADMIN_URL REDIS_URL MINIO_ENDPOINT MINIO_ACCESS_KEY \
    MINIO_SECRET_KEY MINIO_USE_SSL MINIO_BUCKET; do
    printf 'export %s=%q\n' "$name" "${!name}"
  done
}

case "${1:-}" in
  start)
    hermes_install_deps >&2
    hermes_services_start >&2
    print_env
    ;;
  env) print_env ;;
  status) hermes_services_status ;;
  stop) hermes_services_stop --all ;;
  *)
    echo "usage: $0 start|env|status|stop" >&2
    exit 2
    ;;
esac
