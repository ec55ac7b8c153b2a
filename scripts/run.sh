#!/usr/bin/env bash
# Sets up and runs HermesX locally: installs what is missing, starts PostgreSQL, Redis and the
# S3 test server on loopback (plus the fake LLM server when no provider key is set), applies
# the migrations and runs the SaaS API until stopped. Ctrl-C or a plain `kill` of this script
# (SIGINT, SIGTERM) stops hermesx and the services this script started; data stays in .run/ for
# the next run.
# Every port (services, fake LLM, HTTP, Orleans) moves up from its default when another program
# holds it, unless its variable is set; the ones chosen are printed. Everything listens on
# HERMES_BIND_ADDRESS, 127.0.0.1 unless set.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib/services.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"
# shellcheck source=SCRIPTDIR/lib/webui.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/webui.sh"
cd "$HERMES_REPO"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The program this script is waiting for (a build, the migration, hermesx), leader of its own
# process group, or empty.
child="" child_name=""

# Runs "$@" in the background in its own process group, then waits for it. Bash runs a trap only
# once its foreground command has returned, so a child in the foreground would hold off a plain
# `kill` of this script until the child ended by itself (hermesx never does); `wait` returns at
# once, the trap stops the child and the EXIT trap the services.
start_child() {
  child_name="$(basename "$1")${2:+ $2}"
  setsid "$@" &
  child=$!
}
wait_child() {
  local rc=0
  wait "$child" || rc=$?
  child=""
  return "$rc"
}
run_child() {
  start_child "$@"
  wait_child
}

# TERM to the child's whole group (hermesx leaves the cluster and exits; a build and its nodes
# stop), KILL once the graceful stop's bound has passed.
stop_child() {
  [ -n "$child" ] || return 0
  hermes_log "stopping $child_name"
  kill -TERM -- "-$child" 2>/dev/null || true
  local deadline=$((SECONDS + 60))
  while _hermes_pid_alive "$child" && ((SECONDS < deadline)); do sleep 0.2; done
  if _hermes_pid_alive "$child"; then
    hermes_warn "$child_name did not stop within 60 s of TERM; killing it"
    kill -KILL -- "-$child" 2>/dev/null || true
  fi
  wait "$child" 2>/dev/null || true
  child=""
}

on_signal() {
  # A second Ctrl-C while stopping must not leave the services running.
  trap '' INT TERM
  stop_child
  exit "$1"
}

trap 'hermes_services_stop' EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

hermes_log "step 1/5: dependencies"
hermes_install_deps

# The web console, served by the silo at /; a SAAS_STATIC_DIR set by the caller wins, and then
# webui/ is not built.
if [ -z "${SAAS_STATIC_DIR:-}" ]; then
  hermes_webui_build
  export SAAS_STATIC_DIR="$HERMES_REPO/webui/dist"
fi
hermes_log "web console: http://127.0.0.1:${SAAS_API_PORT:-8080}/ (from $SAAS_STATIC_DIR)"

hermes_log "step 2/5: services"
hermes_pick_free_run_ports
export HERMES_BIND_ADDRESS="${HERMES_BIND_ADDRESS:-127.0.0.1}"
# No load balancer to drain from locally: a stop is a stop.
export HERMES_SHUTDOWN_DRAIN_SECONDS="${HERMES_SHUTDOWN_DRAIN_SECONDS:-0}"
# A new silo name per run: Orleans takes an earlier run's entry under the same name in the
# membership table for a crashed silo of this host and warns about it.
export HERMES_INSTANCE_ID="${HERMES_INSTANCE_ID:-local-$(date +%Y%m%d-%H%M%S)}"
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

hermes_log "step 4/5: build and migrate (dotnet build src/HermesX.Silo -c Release, hermesx migrate)"
hermesx="$HERMES_REPO/src/HermesX.Silo/bin/Release/net10.0/hermesx"
run_child dotnet build src/HermesX.Silo -c Release -nologo -v minimal --disable-build-servers
run_child "$hermesx" migrate

bind="$HERMES_BIND_ADDRESS"
case "$bind" in 0.0.0.0 | ::) host=127.0.0.1 ;; *) host="$bind" ;; esac
api="http://$host:$SAAS_API_PORT"
model="${HERMES_MODEL:-${LLM_MODEL:-}}"
chat_body='{'"${model:+\"model\":\"$model\",}"'"messages":[{"role":"user","content":"Hello"}]}'
cat <<INFO

HermesX local environment
  DATABASE_URL     $DATABASE_URL
  REDIS_URL        $REDIS_URL
  MINIO_ENDPOINT   $MINIO_ENDPOINT (bucket $MINIO_BUCKET, keys S3RVER/S3RVER)
  HERMES_ACP_TOKEN $HERMES_ACP_TOKEN   (stored in .run/acp-token)
  model            ${model:-none set (HERMES_MODEL): the provider decides}
  logs             .run/logs/

Ports (a default another program holds moves up to the next free port; set the variable to choose)
  full API               $bind:$SAAS_API_PORT    SAAS_API_PORT (default 8080)
  OpenAI data plane      $bind:$HERMES_API_PORT    HERMES_API_PORT (default 8081)
  Orleans silo           $bind:$ORLEANS_SILO_PORT   ORLEANS_SILO_PORT (default 11111)
  Orleans gateway        $bind:$ORLEANS_GATEWAY_PORT   ORLEANS_GATEWAY_PORT (default 30000)
  PostgreSQL             127.0.0.1:$HERMES_PG_PORT   HERMES_PG_PORT (default 54329)
  Redis                  127.0.0.1:$HERMES_REDIS_PORT   HERMES_REDIS_PORT (default 63799)
  S3 test server         127.0.0.1:$HERMES_S3_PORT   HERMES_S3_PORT (default 49000)
INFO
if [ "${HERMES_BASE_URL:-}" = "http://127.0.0.1:$HERMES_FAKE_LLM_PORT/v1" ]; then
  printf '  fake LLM               127.0.0.1:%s   HERMES_FAKE_LLM_PORT (default 18080)\n' "$HERMES_FAKE_LLM_PORT"
fi
printf '  (HERMES_BIND_ADDRESS=%s: the API and silo ports listen there only)\n\n' "$bind"

hermes_log "step 5/5: hermesx saas-api on $api"
# The built program itself, not `dotnet run`: a TERM then reaches hermesx directly, and the
# services are stopped only after the silo has left the cluster.
cd src/HermesX.Silo
start_child "$hermesx" saas-api
cd "$HERMES_REPO"
waited=$SECONDS noted=0
until curl -fsS -o /dev/null --max-time 2 "$api/health/ready" 2>/dev/null; do
  if ! _hermes_pid_alive "$child"; then
    rc=0
    wait_child || rc=$?
    hermes_die "hermesx exited (code $rc) before it was ready" || exit "$((rc == 0 ? 1 : rc))"
  fi
  if ((!noted && SECONDS - waited >= 60)); then
    hermes_log "still waiting for $api/health/ready (hermesx's log is above)"
    noted=1
  fi
  sleep 0.5
done

cat <<INFO

==> HermesX is ready on $api (Ctrl-C, or kill $$, stops it and the services this script started)

Try:
  curl -s $api/health/ready
  curl -s -X POST $api/admin/v1/bootstrap \\
       -H "Authorization: Bearer $HERMES_ACP_TOKEN" -H 'Content-Type: application/json' -d '{}'
  (the bootstrap answer holds the first admin API key of tenant "default", shown once)

Chat example (paste as a whole: it bootstraps when that was not done yet, then makes a new
user key of tenant "default" and asks the model):
  curl -s -o /dev/null -X POST $api/admin/v1/bootstrap \\
       -H "Authorization: Bearer $HERMES_ACP_TOKEN" -H 'Content-Type: application/json' -d '{}'
  KEY=\$(curl -s -X POST $api/admin/v1/tenants/default/api-keys \\
       -H "Authorization: Bearer $HERMES_ACP_TOKEN" -H 'Content-Type: application/json' \\
       -d '{"name":"local chat"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
  curl -s $api/v1/chat/completions -H "Authorization: Bearer \$KEY" \\
       -H 'Content-Type: application/json' \\
       -d '$chat_body'

INFO

rc=0
wait_child || rc=$?
exit "$rc"
