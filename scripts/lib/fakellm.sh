# shellcheck shell=bash
# The fake LLM server (tools/HermesX.FakeLlm) that stands in for a provider when none is
# configured: no LLM is reachable from the project's machines.

_hermes_fakellm_port() { printf '%s\n' "${HERMES_FAKE_LLM_PORT:-18080}"; }
_hermes_fakellm_pidfile() { printf '%s\n' "$HERMES_RUN_DIR/fakellm/server.pid"; }
_hermes_fakellm_project() { printf '%s\n' "$HERMES_REPO/tools/HermesX.FakeLlm/HermesX.FakeLlm.csproj"; }

# Whether run.sh should use the fake server: it exists, no provider key is set, and no
# endpoint either (a local OpenAI-compatible server such as Ollama needs no key).
hermes_fake_llm_wanted() {
  [ -f "$(_hermes_fakellm_project)" ] && [ -z "${HERMES_API_KEY_LLM:-}${LLM_API_KEY:-}" ] &&
    [ -z "${HERMES_BASE_URL:-}${LLM_API_URL:-}" ]
}

# Returns 0 after starting the server, 2 when it was already running, 1 on failure.
_hermes_fakellm_start() {
  local port pidfile log project
  port="$(_hermes_fakellm_port)"
  pidfile="$(_hermes_fakellm_pidfile)"
  log="$HERMES_RUN_DIR/logs/fake-llm.log"
  project="$(_hermes_fakellm_project)"
  mkdir -p "$HERMES_RUN_DIR/fakellm" "$HERMES_RUN_DIR/logs"

  if _hermes_pidfile_runs "$pidfile" HermesX.FakeLlm; then
    if [ "$(cat "$HERMES_RUN_DIR/fakellm/port" 2>/dev/null)" = "$port" ]; then
      hermes_log "fake LLM: already running on 127.0.0.1:$port"
      return 2
    fi
    _hermes_fakellm_stop
  fi
  if _hermes_port_open "$port"; then
    hermes_die "port $port is taken by another program; set HERMES_FAKE_LLM_PORT to a free port"
    return 1
  fi

  hermes_log "fake LLM: building tools/HermesX.FakeLlm"
  dotnet build "$project" -c Release -nologo -v quiet --disable-build-servers >>"$log" 2>&1 || {
    tail -n 30 "$log" >&2 || true
    hermes_die "building the fake LLM server failed; see $log"
    return 1
  }
  hermes_log "fake LLM: starting on 127.0.0.1:$port (log $log)"
  printf '%s\n' "$port" >"$HERMES_RUN_DIR/fakellm/port"
  _hermes_spawn "$pidfile" "$log" dotnet run --project "$project" -c Release --no-build \
    -- --urls "http://127.0.0.1:$port" || return 1
  _hermes_wait_spawned 120 "fake LLM server on port $port" "$pidfile" "$log" _hermes_port_open "$port"
}

_hermes_fakellm_stop() {
  local pidfile
  pidfile="$(_hermes_fakellm_pidfile)"
  _hermes_pidfile_runs "$pidfile" HermesX.FakeLlm || {
    rm -f "$pidfile"
    return 0
  }
  hermes_log "fake LLM: stopping"
  _hermes_stop_group "$pidfile" "fake LLM server"
}

hermes_fake_llm_start() { _hermes_track_start fakellm; }

hermes_export_fake_llm_env() {
  export HERMES_PROVIDER=openai
  HERMES_BASE_URL="http://127.0.0.1:$(_hermes_fakellm_port)/v1"
  export HERMES_BASE_URL
  export HERMES_API_KEY_LLM=fake
  export HERMES_MODEL=fake-gpt
}
