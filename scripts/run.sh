#!/usr/bin/env bash
# Sets up and runs HermesX locally: installs what is missing, starts PostgreSQL, Redis and the
# S3 test server on loopback (plus the fake LLM server when no provider key is set), applies
# the migrations and runs the SaaS API in the foreground. Ctrl-C stops it and the services
# this script started; data stays in .run/ for the next run.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib/services.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"
# shellcheck source=SCRIPTDIR/lib/webui.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/webui.sh"
cd "$HERMES_REPO"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

trap 'hermes_services_stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

hermes_log "step 1/5: dependencies"
hermes_install_deps

# The web console, served by the silo at / (a SAAS_STATIC_DIR set by the caller wins).
hermes_webui_build
export SAAS_STATIC_DIR="${SAAS_STATIC_DIR:-$HERMES_REPO/webui/dist}"
hermes_log "web console: http://127.0.0.1:${SAAS_API_PORT:-8080}/ (from $SAAS_STATIC_DIR)"

hermes_log "step 2/5: services"
hermes_services_start
hermes_export_env
hermes_ensure_acp_token

hermes_log "step 3/5: LLM provider"
if hermes_fake_llm_wanted; then
  hermes_fake_llm_start
  hermes_export_fake_llm_env
  cat <<WARN

  ********************************************************************************
  ** NO LLM PROVIDER CONFIGURED: using the fake LLM server at $HERMES_BASE_URL
  ** Chat replies are CANNED test answers, not a real model.
  ** For a real model set HERMES_PROVIDER, HERMES_API_KEY_LLM and HERMES_MODEL
  ** (plus HERMES_BASE_URL for an OpenAI-compatible endpoint) before scripts/run.sh.
  ********************************************************************************

WARN
elif [ -n "${HERMES_API_KEY_LLM:-}${LLM_API_KEY:-}${HERMES_BASE_URL:-}${LLM_API_URL:-}" ]; then
  hermes_log "using the configured provider ${HERMES_PROVIDER:-openai} ${HERMES_BASE_URL:-${LLM_API_URL:-}}"
else
  hermes_warn "no LLM provider key set and no fake LLM server (tools/HermesX.FakeLlm) in this checkout"
fi

hermes_log "step 4/5: build and migrate (dotnet run --project src/HermesX.Silo -c Release -- migrate)"
dotnet run --project src/HermesX.Silo -c Release -- migrate

port="${SAAS_API_PORT:-8080}"
cat <<INFO

HermesX local environment
  DATABASE_URL     $DATABASE_URL
  REDIS_URL        $REDIS_URL
  MINIO_ENDPOINT   $MINIO_ENDPOINT (bucket $MINIO_BUCKET, keys S3RVER/S3RVER)
  HERMES_ACP_TOKEN $HERMES_ACP_TOKEN   (stored in .run/acp-token)
  logs             .run/logs/

Once the API is up, try:
  curl -s http://127.0.0.1:$port/health/ready
  curl -s http://127.0.0.1:$port/admin/v1/bootstrap/status
  curl -s -X POST http://127.0.0.1:$port/admin/v1/bootstrap \\
       -H "Authorization: Bearer $HERMES_ACP_TOKEN" -H 'Content-Type: application/json' -d '{}'
  (the bootstrap answer holds the first admin API key, shown once)

INFO

hermes_log "step 5/5: hermesx saas-api on 127.0.0.1:$port (Ctrl-C to stop)"
set +e
dotnet run --project src/HermesX.Silo -c Release --no-build -- saas-api
rc=$?
set -e
exit "$rc"
