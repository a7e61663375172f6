#!/usr/bin/env bash
# The main job in one command (issue 9, "Demo"): bring the testbed up, generate a service from
# the archetype into target/demo/, and run the pipeline as CI would for `development`:
# golden:verify, golden:audit (GitHub stand-in on 127.0.0.1 listing the secrets), build, push,
# golden:deploy -Denv=dev-backend (migrate through the bastion, deploy, health), golden:deploy
# -Denv=dev-frontend; then the URL served through the frontend droplet's nginx, a curl of
# /api/v1/health/ through it, and the steps with their durations. Run it again: it deploys again.
#
#   ./demo.sh [--keep-testbed] [--pipeline | --audit]
#
# --keep-testbed  leave the testbed up afterwards for exploring (it/testbed/down.sh ends it);
#                 a testbed that was already up before the demo is always left up.
# --pipeline      the whole pipeline (the default)
# --audit         only the audit demo (it/demo/audit-demo.sh)
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/../lib/golden-maven.sh"
here="$GOLDEN_ROOT/it/demo"
keep_testbed=0 mode=pipeline
for a in "$@"; do
  case $a in
    --keep-testbed) keep_testbed=1 ;;
    --pipeline) mode=pipeline ;;
    --audit) mode=audit ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "demo: unknown argument $a (see --help)" >&2; exit 2 ;;
  esac
done
[ "$mode" = audit ] && exec "$here/audit-demo.sh"

TESTBED="$GOLDEN_ROOT/it/testbed"
TESTBED_OUT="${GOLDEN_TESTBED_OUT:-$TESTBED/target}"
DEMO_DIR="$GOLDEN_ROOT/target/demo"
SERVICE=demo-service
DOMAIN=demo.example.com
SITE_HOST=dev.$DOMAIN     # the generated manifest's dev-frontend URL
SITE=http://$SITE_HOST
SERVICE_DIR="$DEMO_DIR/$SERVICE"
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$GOLDEN_ROOT/pom.xml" | head -1; }
ARCHETYPE_PLUGIN=$(pom_property archetype.version)
INSTALL_PLUGIN=$(pom_property install-plugin.version)

golden_ensure_plugin

# ---------------------------------------------------------------- steps and cleanup
rows=()
testbed_ours=0
standin_pid=""
work=$(mktemp -d)
finish() {
  [ -z "$standin_pid" ] || { kill "$standin_pid" 2>/dev/null || true; wait "$standin_pid" 2>/dev/null || true; }
  rm -rf "$work"
  if [ $testbed_ours = 1 ] && [ $keep_testbed = 0 ]; then
    echo "==> tearing the testbed down (--keep-testbed keeps it)"
    "$TESTBED/down.sh" >"$DEMO_DIR/testbed-down.log" 2>&1 || echo "demo: it/testbed/down.sh failed, see $DEMO_DIR/testbed-down.log" >&2
  fi
}
trap finish EXIT
trap 'echo "demo: interrupted" >&2; exit 130' INT TERM
rm -rf "$DEMO_DIR/logs"
mkdir -p "$DEMO_DIR"

# step NAME FUNCTION: runs it timed, output to $DEMO_DIR/logs/NAME.log; stops the demo on failure.
step() {
  local name=$1 fn=$2 log start secs
  log="$DEMO_DIR/logs/${name//[^a-zA-Z0-9.-]/_}.log"
  mkdir -p "$DEMO_DIR/logs"
  echo "==> $name"
  start=$(date +%s.%N)
  if "$fn" >"$log" 2>&1; then
    secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    rows+=("$name|${secs}s|ok")
    grep -E '^\[(INFO|WARNING)\] (golden|Scanning|  All Clear|Fetched|Audit|.*deployed|.*healthy)' "$log" | tail -4 | sed 's/^/    /' || true
  else
    secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    rows+=("$name|${secs}s|FAILED (log: ${log#$GOLDEN_ROOT/})")
    tail -30 "$log" | sed 's/^/    /'
    echo "demo: step '$name' failed; whole log: $log" >&2
    table; exit 1
  fi
}
table() {
  echo
  printf '%-20s %9s  %s\n' step duration result
  local r; for r in "${rows[@]}"; do IFS='|' read -r n d s <<<"$r"; printf '%-20s %9s  %s\n' "$n" "$d" "$s"; done
}

# ---------------------------------------------------------------- the steps
testbed_up() {
  if "$TESTBED/status.sh" >/dev/null 2>&1; then echo "testbed already up: left up afterwards"; return 0; fi
  testbed_ours=1
  "$TESTBED/up.sh"
}
load_testbed() { source "$TESTBED_OUT/testbed.env"; REGISTRY=$TESTBED_REGISTRY; }

# Step functions chain their commands with || return: step() runs them in an `if`, where
# bash ignores set -e, so a failing command must end the function itself.
generate() {
  rm -rf "$SERVICE_DIR"
  # The archetype, into the ITs' repository (never ~/.m2) like the plugin and golden-parent.
  local jar="$GOLDEN_ROOT/golden-archetype/target/golden-archetype-$GOLDEN_VERSION.jar"
  # -am: the archetype's build needs this reactor's plugin and parent, never whatever ~/.m2 holds.
  (cd "$GOLDEN_ROOT" && ./mvnw -B -ntp -q -pl golden-archetype -am package -DskipTests \
    && ./mvnw -B -ntp -q "org.apache.maven.plugins:maven-install-plugin:$INSTALL_PLUGIN:install-file" \
         -Dfile="$jar" -DpomFile=golden-archetype/pom.xml -DlocalRepositoryPath="$GOLDEN_REPO") || return
  (cd "$DEMO_DIR" && golden_mvn_plain "org.apache.maven.plugins:maven-archetype-plugin:$ARCHETYPE_PLUGIN:generate" \
      -DarchetypeGroupId=com.meatscentral.golden -DarchetypeArtifactId=golden-archetype \
      -DarchetypeVersion="$GOLDEN_VERSION" -DgroupId=com.example.demo -DartifactId="$SERVICE" \
      -Dversion=1.0.0-SNAPSHOT -Dpackage=com.example.demo -DprojectName=Demo -Ddomain="$DOMAIN" \
      -DinteractiveMode=false) || return
  # A commit per run: the images' tag is {env}-{sha}, so a second run deploys a new sha.
  git -C "$SERVICE_DIR" init -q -b development || return
  git -C "$SERVICE_DIR" add -A || return
  git -C "$SERVICE_DIR" -c user.name=golden-demo -c user.email=demo@localhost commit -q -m "demo service $(date -u +%FT%TZ)" || return
  git -C "$SERVICE_DIR" rev-parse HEAD
}
in_service() { (cd "$SERVICE_DIR" && "$@"); }
verify_rules() { in_service golden_mvn verify; }

audit_secrets() {
  local cp; cp=$(golden_classpath)
  java -cp "$cp" com.meatscentral.golden.secrets.GitHubStandIn --manifest "$SERVICE_DIR/config/env.manifest.json" >"$work/standin.out" 2>&1 &
  standin_pid=$!
  for _ in $(seq 1 150); do grep -q '^GITHUB_TOKEN=' "$work/standin.out" && break; sleep 0.2; done
  grep -q '^GITHUB_TOKEN=' "$work/standin.out" || { cat "$work/standin.out"; return 1; }
  ( set -a; . <(grep '^GITHUB_' "$work/standin.out"); set +a; in_service golden_mvn audit )
  local rc=$?
  kill "$standin_pid" 2>/dev/null || true; wait "$standin_pid" 2>/dev/null || true; standin_pid=""
  return $rc
}

# The images, built from the testbed's local bases (no Docker Hub here), tagged for its registry.
# The backend's base already has requirements.txt's packages (Debian's; no PyPI here); the SPA
# is built on the host by the POM's npm steps and copied in by Dockerfile.prebuilt (docker
# build has no node image here). The audit ran as its own step, as in the generated workflow.
build_args=() registry_login=()
set_build_args() {
  build_args=(-Dgolden.registries="$REGISTRY" "-Dgolden.buildArg.BASE_IMAGE=$TESTBED_BASE_IMAGE_PYTHON"
              -Dgolden.buildArg.INSTALL_REQUIREMENTS=false "-Dgolden.buildArg.RUNTIME_IMAGE=$TESTBED_BASE_IMAGE_NGINX")
  # The testbed's registry takes DO_ACCESS_TOKEN as user and password, like DOCR, under its own host name.
  registry_login=("-Dgolden.registrySecrets=${REGISTRY%%/*}=DO_ACCESS_TOKEN")
}
build_images() {
  local mvn=("$GOLDEN_ROOT/mvnw" -B -ntp -o -Daether.offline.protocols=file -s "$GOLDEN_SETTINGS" -DskipTests
             -Dgolden.audit.skip=true "${build_args[@]}" package)
  in_service "${mvn[@]}" -Denv=dev-backend -Dgolden.images=backend -Dgolden.frontend.skip=true || return
  in_service "${mvn[@]}" -Denv=dev-frontend -Dgolden.images=frontend -Dgolden.dockerfile.frontend=Dockerfile.prebuilt
}
# Not offline: golden:push refuses under -o (Maven's offline mode means "no network").
push_images() {
  local mvn=("$GOLDEN_ROOT/mvnw" -B -ntp -s "$GOLDEN_SETTINGS" "$GOLDEN_PLUGIN:push" "${build_args[@]}" "${registry_login[@]}")
  ( set -a; source "$TESTBED_OUT/env/dev-backend.env"; set +a
    in_service "${mvn[@]}" -Denv=dev-backend -Dgolden.images=backend || exit
    in_service "${mvn[@]}" -Denv=dev-frontend -Dgolden.images=frontend )
}
deploy_env() {  # deploy_env ENV ENV_FILE
  ( set -a; source "$2"; set +a
    [ -n "${BACKEND_IP:-}" ] || [ -z "${DEV_BACKEND_IP:-}" ] || export BACKEND_IP=$DEV_BACKEND_IP
    [ -z "${REACT_APP_API_BASE_URL_OVERRIDE:-}" ] || export REACT_APP_API_BASE_URL=$REACT_APP_API_BASE_URL_OVERRIDE
    in_service golden_mvn deploy -Denv="$1" -Dgolden.registries="$REGISTRY" "${registry_login[@]}" )
}
deploy_backend() { deploy_env dev-backend "$TESTBED_OUT/env/dev-backend.env"; }
# The SPA calls the API on its own origin, the dev-frontend URL of the generated manifest;
# the backend allows that host (the manifest's allowed_hosts), not the droplet's address.
deploy_frontend() { REACT_APP_API_BASE_URL_OVERRIDE=$SITE deploy_env dev-frontend "$TESTBED_OUT/env/dev-frontend.env"; }

# golden_mvn_plain ARGS: Maven with the ITs' settings (offline but for file://), any plugin.
golden_mvn_plain() { "$GOLDEN_ROOT/mvnw" -B -ntp -o -Daether.offline.protocols=file -s "$GOLDEN_SETTINGS" "$@"; }

step "testbed up" testbed_up
load_testbed; set_build_args
step "generate service" generate
step "golden:verify" verify_rules
step "golden:audit" audit_secrets
step "golden:build" build_images
step "golden:push" push_images
step "deploy dev-backend" deploy_backend
step "deploy dev-frontend" deploy_frontend

# The site by its name, pinned to the frontend droplet: no lookup of the name ever leaves
# the machine (the name is the dev-frontend URL of the generated manifest, not registered).
resolve=(--resolve "$SITE_HOST:80:$TESTBED_FRONTEND_IP")
echo
echo "The service, through the frontend droplet's nginx: $SITE/ (= $TESTBED_FRONTEND_IP)"
echo "curl ${resolve[*]} $SITE/api/v1/health/ :"
health=$(curl -s --max-time 5 "${resolve[@]}" -w '\n(HTTP %{http_code})' "$SITE/api/v1/health/" || true)
sed 's/^/    /' <<<"$health"
table
[ $keep_testbed = 1 ] && [ $testbed_ours = 1 ] && echo "testbed left up: explore with curl ${resolve[*]} $SITE/, ssh deployer@$TESTBED_BACKEND_IP; it/testbed/down.sh ends it"
[[ $health == *"(HTTP 200)" ]] || { echo "demo: the health endpoint through nginx did not answer 200" >&2; exit 1; }
exit 0
