# Sourced by the benchmarks that run on the testbed (bench-pipeline.sh, bench-failed-deploy.sh):
# its facts and secrets, the sample images, the two ways to deploy, the prober.
# Every address used here is the testbed's (10.213.1.0/24) or loopback.
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$BENCH_DIR/../lib/golden-maven.sh"
TESTBED_OUT="${GOLDEN_TESTBED_OUT:-$GOLDEN_ROOT/it/testbed/target}"
MANIFEST="$GOLDEN_ROOT/config/env.manifest.json"

# tb_load: the testbed's facts (TESTBED_*); fails clearly when the testbed is not up.
tb_load() {
  [ -s "$TESTBED_OUT/testbed.env" ] || { echo "the testbed is not up ($TESTBED_OUT/testbed.env missing): it/testbed/up.sh" >&2; return 1; }
  # shellcheck disable=SC1091
  source "$TESTBED_OUT/testbed.env"
  BACKEND_ENV_FILE=${TESTBED_ENV_BACKEND:-$TESTBED_OUT/env/dev-backend.env}
  FRONTEND_ENV_FILE=${TESTBED_ENV_FRONTEND:-$TESTBED_OUT/env/dev-frontend.env}
  REGISTRY=$TESTBED_REGISTRY
  export REGISTRY
}

# tb_tools: what the reference script needs on the runner (Debian packages).
tb_tools() {
  local need=()
  command -v sshpass >/dev/null || need+=(sshpass)
  command -v psql >/dev/null || need+=(postgresql-client)
  [ ${#need[@]} -eq 0 ] && return 0
  echo "installing ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null 2>&1 || {
    apt-get update -q >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
  }
}

# bench_sha LABEL: a 40-hex commit-like id, distinct per call.
bench_sha() { printf '%s-%s-%s' "$1" "$$" "$(date +%s%N)" | sha1sum | cut -c1-40; }

# tb_images SHA [HEALTH]: builds the sample images (same layers every time; a label makes each
# SHA its own image) and pushes backend:dev-backend-SHA and frontend:dev-frontend-SHA.
tb_images() {
  local sha=$1 health=${2:-ok} cfg log
  cfg=$(mktemp -d); log="$cfg/build.log"
  if ! {
    printf '%s' "$TESTBED_REGISTRY_PASSWORD" | DOCKER_CONFIG=$cfg docker login "$REGISTRY" -u "$TESTBED_REGISTRY_USER" --password-stdin \
    && DOCKER_BUILDKIT=0 docker build -q --build-arg BASE_IMAGE="$TESTBED_BASE_IMAGE_PYTHON" --build-arg HEALTH="$health" \
         --label "golden.bench.sha=$sha" -t "$REGISTRY/backend:dev-backend-$sha" "$BENCH_DIR/sample/backend" \
    && DOCKER_BUILDKIT=0 docker build -q --build-arg BASE_IMAGE="$TESTBED_BASE_IMAGE_NGINX" \
         --label "golden.bench.sha=$sha" -t "$REGISTRY/frontend:dev-frontend-$sha" "$BENCH_DIR/sample/frontend" \
    && DOCKER_CONFIG=$cfg docker push -q "$REGISTRY/backend:dev-backend-$sha" \
    && DOCKER_CONFIG=$cfg docker push -q "$REGISTRY/frontend:dev-frontend-$sha"
  } >"$log" 2>&1; then
    cat "$log" >&2; rm -rf "$cfg"; echo "building or pushing the sample images failed" >&2; return 1
  fi
  rm -rf "$cfg"
}

# golden_off_droplets: removes golden:deploy's proxy and slot containers from both droplets (and
# its journals), so the reference's single container can take the public port again.
golden_off_droplets() {
  local d name
  for d in BACKEND FRONTEND; do
    name=pm-${d,,}
    host_var="TESTBED_${d}_DOCKER_HOST"
    docker -H "${!host_var}" rm -f "$name-proxy" "$name-1" "$name-2" >/dev/null 2>&1 || true
  done
  rm -f "$TESTBED_STATE_DIR"/backend/opt-pm/.golden/*.journal.json "$TESTBED_STATE_DIR"/frontend/opt-pm/.golden/*.journal.json
}

# reference_deploy SHA [STAGES]: the reference's bash (reference-pipeline.sh). golden's proxy, if a
# golden deploy ran before, gives the public port back first (the reference cannot run beside it).
reference_deploy() {
  golden_off_droplets
  STAGES=${2:-migrate backend frontend} "$BENCH_DIR/reference-pipeline.sh" "$BACKEND_ENV_FILE" "$FRONTEND_ENV_FILE" "$1"
}

# golden_deploy ENV SHA [ARGS...]: `mvn golden:deploy -Denv=ENV` with the GitHub environment's
# secrets of that env in the process environment, as a workflow job has them.
# The JVM options the generated workflow's deploy jobs run Maven with (MAVEN_OPTS in
# reusable-deploy.yml, WorkflowGenerator.SHORT_GOAL_MAVEN_OPTS); GOLDEN_BENCH_MAVEN_OPTS overrides
# (set and empty: the JVM's defaults).
workflow_maven_opts() {
  sed -n 's/^ *MAVEN_OPTS: *//p' "$GOLDEN_ROOT/golden-archetype/src/main/resources/archetype-resources/.github/workflows/reusable-deploy.yml" \
    | head -1 | tr -d '"'
}

golden_deploy() {
  local env=$1 sha=$2; shift 2
  local opts
  opts=${GOLDEN_BENCH_MAVEN_OPTS-$(workflow_maven_opts)}
  local file=$BACKEND_ENV_FILE
  [ "$env" = dev-frontend ] && file=$FRONTEND_ENV_FILE
  (
    set -a; source "$file"; set +a
    export MAVEN_OPTS=$opts
    # The manifest maps frontend_runtime BACKEND_IP to the secret BACKEND_IP.
    [ -n "${BACKEND_IP:-}" ] || [ -z "${DEV_BACKEND_IP:-}" ] || export BACKEND_IP=$DEV_BACKEND_IP
    mkdir -p "$BENCH_WORK/golden-project"
    cd "$BENCH_WORK/golden-project"
    golden_mvn deploy -Denv="$env" -Dgolden.sha="$sha" -Dgolden.registries="$REGISTRY" \
      -Dgolden.manifest="${GOLDEN_BENCH_MANIFEST:-$MANIFEST}" "$@"
  )
}

# golden_pre_cutover REV: golden's plugin as it was at REV, built from this clone's history as version
# 0.0.0-pre-cutover-REV into a repository of its own (it/target/pre-cutover-repo: in the ITs' repository a
# release version would win the `golden:` prefix over the SNAPSHOT every e2e test runs), once, with that
# commit's manifest. Sets PRE_CUTOVER_PLUGIN, PRE_CUTOVER_REPO and PRE_CUTOVER_MANIFEST for golden_deploy
# (through GOLDEN_MVN_PLUGIN, GOLDEN_MVN_REPO and GOLDEN_BENCH_MANIFEST). The pipeline benchmark runs it
# beside today's plugin so that "does the cutover make the deploy slower" is answered in one run.
golden_pre_cutover() {
  local rev=$1 ver="0.0.0-pre-cutover-$1"
  local tree="$GOLDEN_ROOT/it/target/pre-cutover-$rev"
  PRE_CUTOVER_PLUGIN="com.meatscentral.golden:golden-maven-plugin:$ver"
  PRE_CUTOVER_REPO="$GOLDEN_ROOT/it/target/pre-cutover-repo"
  PRE_CUTOVER_MANIFEST="$tree/config/env.manifest.json"
  local jar="$PRE_CUTOVER_REPO/com/meatscentral/golden/golden-maven-plugin/$ver/golden-maven-plugin-$ver.jar"
  [ -f "$jar" ] && [ -f "$PRE_CUTOVER_MANIFEST" ] && return 0
  git -C "$GOLDEN_ROOT" cat-file -e "$rev^{commit}" 2>/dev/null \
    || { echo "commit $rev is not in this clone's history (a shallow clone? git fetch --unshallow)" >&2; return 1; }
  echo "==> building golden's plugin as of $rev (before the cutover) as $ver" >&2
  rm -rf "$tree"; mkdir -p "$tree" || return 1
  git -C "$GOLDEN_ROOT" archive "$rev" | tar -x -C "$tree" || { echo "cannot unpack $rev" >&2; return 1; }
  local old
  old=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$tree/pom.xml" | head -1)
  [ -n "$old" ] || { echo "no project version in $rev's pom.xml" >&2; return 1; }
  find "$tree" -name pom.xml -exec sed -i "s:<version>${old//./\\.}</version>:<version>$ver</version>:" {} + || return 1
  (cd "$tree" && ./mvnw -B -ntp -q -o -Daether.offline.protocols=file -s "$GOLDEN_SETTINGS" \
    -Dmaven.repo.local="$PRE_CUTOVER_REPO" install -DskipTests -Dinvoker.skip=true -pl golden-maven-plugin -am) >&2 \
    || { echo "building golden at $rev failed" >&2; return 1; }
  [ -f "$jar" ] || { echo "golden at $rev built no plugin $ver" >&2; return 1; }
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# prober_start FILE URL [MAX]: GET URL every 100 ms (at most MAX probes, default 1500 = 150 s),
# one "epoch_ms http_code" line each, until prober_stop. URL must be a testbed address.
prober_start() {
  local file=$1 url=$2 max=${3:-1500}
  case $url in http://10.213.1.*|http://127.0.0.1*) ;; *) echo "prober: refusing $url (testbed or loopback only)" >&2; return 1 ;; esac
  : >"$file"
  (
    local t0 due now code
    t0=$(date +%s%3N)
    for ((i = 0; i < max; i++)); do
      due=$((t0 + i * 100)); now=$(date +%s%3N)   # a 100 ms cadence, whatever a request took
      [ $((due - now)) -le 0 ] || sleep "$(printf '%d.%03d' $(((due - now) / 1000)) $(((due - now) % 1000)))"
      code=$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "$url" || true)
      echo "$(date +%s%3N) ${code:-000}" >>"$file"
    done
  ) &
  PROBER_PID=$!
}
prober_stop() { [ -z "${PROBER_PID:-}" ] || { kill "$PROBER_PID" 2>/dev/null || true; wait "$PROBER_PID" 2>/dev/null || true; PROBER_PID=""; }; }

# prober_summary FILE: "requests=N failed=F outage_seconds=S recovered=yes|no", the outage being
# from the first failed probe to the first good probe after the last failed one (or the end).
prober_summary() {
  awk '{ n++; t[n] = $1; ok[n] = ($2 == 200) }
       END {
         for (i = 1; i <= n; i++) if (!ok[i]) { failed++; if (!first) first = i; last = i }
         if (!failed) { printf "requests=%d failed=0 outage_seconds=0 recovered=yes\n", n; exit }
         endt = (last < n) ? t[last + 1] : t[n]
         printf "requests=%d failed=%d outage_seconds=%.1f recovered=%s\n", n, failed, (endt - t[first]) / 1000, (last < n) ? "yes" : "no"
       }' "$1"
}

# The zero-downtime prober (PROBER, the e2e tests' Prober.java run as a program): PROBE_RATE requests/s (default 50) to `/` and
# `/api/v1/health/` of the frontend droplet's nginx, alternating; files in PROBE_DIR.
# probe_start NAME: starts it in the background; waits (10 s at most) until it is probing.
PROBER="$BENCH_DIR/../src/test/java/com/meatscentral/golden/it/testbed/Prober.java"
probe_start() {
  local name=$1 i
  rm -f "$PROBE_DIR/.stop"
  java "$PROBER" "$TESTBED_FRONTEND_IP" 80 "${PROBE_RATE:-50}" 600 "$PROBE_DIR/.stop" \
    "$PROBE_DIR/$name.probes" / /api/v1/health/ >"$PROBE_DIR/$name.prober" 2>&1 &
  PROBE_PID=$!
  for ((i = 0; i < 100; i++)); do
    grep -q '^prober: started' "$PROBE_DIR/$name.prober" && return 0
    kill -0 "$PROBE_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$PROBE_DIR/$name.prober" >&2; echo "the prober did not start" >&2; return 1
}
# probe_stop: asks the prober to stop (it ends its requests in flight, 15 s at most), then waits.
probe_stop() {
  [ -z "${PROBE_PID:-}" ] && return 0
  touch "$PROBE_DIR/.stop"
  local i
  for ((i = 0; i < 150; i++)); do kill -0 "$PROBE_PID" 2>/dev/null || break; sleep 0.1; done
  kill "$PROBE_PID" 2>/dev/null || true
  wait "$PROBE_PID" 2>/dev/null || true
  PROBE_PID=""
}
# summary NAME: the prober's summary line (requests failed rate longest p99 overflow).
summary() { grep '^requests=' "$PROBE_DIR/$1.prober" || echo "requests=0 failed=-1 (no prober summary)"; }
# probe_gap NAME: ms from the first failed request's due time to the first good one after the
# last failure (0 when none failed).
probe_gap() {
  awk '{ due[NR] = $1; ok[NR] = ($4 == 200 && $6 == "-") }
       END { for (i = 1; i <= NR; i++) if (!ok[i]) { if (!f) f = i; l = i }
             if (!f) { print 0; exit } print ((l < NR) ? due[l + 1] : due[NR]) - due[f] }' "$PROBE_DIR/$1.probes"
}
# stamp_lines: each line prefixed with the time (UTC, ms), to put failures next to the steps.
stamp_lines() { while IFS= read -r l; do printf '%s %s\n' "$(date -u +%T.%3N)" "$l"; done; }
