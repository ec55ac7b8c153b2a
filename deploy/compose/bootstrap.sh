#!/bin/sh
# One-shot bootstrap for the Compose stacks: asks HermesX to mint the first platform admin API
# key. The key is printed once, here, in this container's log:
#   docker compose -f docker-compose.quickstart.yml logs bootstrap
# Usage: bootstrap.sh BASE_URL   (HERMES_ACP_TOKEN comes from the environment)
set -eu

base_url="${1:?usage: bootstrap.sh BASE_URL}"
: "${HERMES_ACP_TOKEN:?HERMES_ACP_TOKEN is not set}"

body=$(mktemp)
code=$(curl -sS -o "$body" -w '%{http_code}' -X POST "$base_url/admin/v1/bootstrap" \
  -H "Authorization: Bearer $HERMES_ACP_TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{}')

case "$code" in
  200|201)
    echo "HermesX bootstrapped. Store this admin API key now; it is not shown again:"
    cat "$body"; echo ;;
  409)
    # Bootstrap runs once per database; a restarted stack lands here, which is fine.
    echo "HermesX was already bootstrapped; nothing to do." ;;
  *)
    echo "bootstrap failed: HTTP $code" >&2
    cat "$body" >&2; echo >&2
    exit 1 ;;
esac
