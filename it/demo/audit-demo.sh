#!/usr/bin/env bash
# The audit demo (./demo.sh --audit): `mvn golden:audit` of
# config/env.manifest.json against a local stand-in of GitHub's secrets API that holds every
# secret the manifest maps (All Clear for the six environments), then against one that lacks
# UAT_DB_PASSWORD (the build fails and names uat2-backend, DB_PASSWORD and UAT_DB_PASSWORD).
# Nothing leaves this machine: the stand-in listens on 127.0.0.1 only; the plugin goes to the
# ITs' own local repository.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/../lib/golden-maven.sh"
golden_ensure_plugin
classpath=$(golden_classpath)

work=$(mktemp -d)
standin_pid=""
stop_standin() {
  if [ -n "$standin_pid" ]; then
    kill "$standin_pid" 2>/dev/null || true
    wait "$standin_pid" 2>/dev/null || true
    standin_pid=""
  fi
}
trap 'stop_standin; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Starts the stand-in with every secret of the manifest, minus the names given; exports its address.
start_standin() {
  local args=(--manifest "$GOLDEN_ROOT/config/env.manifest.json")
  for omit in "$@"; do args+=(--omit "$omit"); done
  java -cp "$classpath" com.meatscentral.golden.secrets.GitHubStandIn "${args[@]}" >"$work/standin.out" 2>&1 &
  standin_pid=$!
  for _ in $(seq 1 150); do   # poll for its address (up to ~30 s)
    grep -q '^GITHUB_TOKEN=' "$work/standin.out" 2>/dev/null && break
    kill -0 "$standin_pid" 2>/dev/null || { cat "$work/standin.out" >&2; exit 1; }
    sleep 0.2
  done
  grep -q '^GITHUB_TOKEN=' "$work/standin.out" || { echo "GitHub stand-in did not start" >&2; exit 1; }
  set -a; . <(grep '^GITHUB_' "$work/standin.out"); set +a
}

# `mvn golden:audit`, run outside any project (the goal needs none).
audit() { (cd "$work" && golden_mvn audit -Dgolden.manifest="$GOLDEN_ROOT/config/env.manifest.json"); }

echo "==> golden:audit against GitHub (stand-in at 127.0.0.1) holding every secret of config/env.manifest.json"
start_standin
audit
stop_standin

echo
echo "==> the same, with the secret UAT_DB_PASSWORD deleted in GitHub: the build must fail"
start_standin UAT_DB_PASSWORD
if audit; then
  echo "demo: the audit passed although UAT_DB_PASSWORD is missing" >&2
  exit 1
fi
echo
echo "demo: OK (All Clear for six environments; a missing secret fails the build and is named)"
