#!/usr/bin/env bash
# Several droplets (issue 19): wall time of `mvn golden:deploy` of dev-backend onto ONE backend
# droplet (DEV_HOST = the first) vs a rolling deploy onto TWO (DEV_HOST = both; the first alone
# as the barrier, then the second; golden.deploy.limit 1), paired in the same run, alternating
# 1-host and 2-host deploys RUNS times (default 3), each switching to the other of two images so
# every host really cuts over. Images are tiny (busybox httpd under a shell that exits on SIGTERM, as gunicorn does; health page only), the migration
# is skipped (it runs once either way), defaults otherwise (drain 30 s at most: the proxy's old
# workers finish at once here). Both sides use known_hosts (no pinned fingerprint). The figure is
# the ratio of the medians, 2 hosts / 1 host; expected about one more host cutover, not double
# the whole deploy. Testbed addresses only.
# bench-target: rolling_2host_ratio < 2
# bench-needs: testbed
# bench-timeout: 1200
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib-testbed.sh"
RUNS=${RUNS:-3}
BENCH_WORK=$(mktemp -d)
trap 'rm -rf "$BENCH_WORK"' EXIT
trap 'exit 130' INT TERM

tb_load
golden_ensure_plugin
[ -n "${TESTBED_BACKEND2_IP:-}" ] || { echo "the testbed has no second backend droplet (it/testbed/up.sh of this branch adds it)"; exit 77; }

# busybox_image SHA VERSION: backend:dev-backend-SHA, a static busybox httpd answering the health page.
busybox_image() {
  local sha=$1 v=$2 ctx=$BENCH_WORK/img-$2 cfg=$BENCH_WORK/docker-config
  mkdir -p "$ctx/www/api/v1/health" "$cfg"
  cp /bin/busybox "$ctx/busybox"
  printf '{"version":"%s"}\n' "$v" >"$ctx/www/api/v1/health/index.html"
  printf 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY www /srv\nCMD ["/bin/busybox", "sh", "-c", "trap '"'"'exit 0'"'"' TERM; /bin/busybox httpd -f -p 8000 -h /srv & wait"]\n' >"$ctx/Dockerfile"
  {
    printf '%s' "$TESTBED_REGISTRY_PASSWORD" | DOCKER_CONFIG=$cfg docker login "$REGISTRY" -u "$TESTBED_REGISTRY_USER" --password-stdin
    docker build -q -t "$REGISTRY/backend:dev-backend-$sha" "$ctx"
    DOCKER_CONFIG=$cfg docker push -q "$REGISTRY/backend:dev-backend-$sha"
  } >"$BENCH_WORK/build-$v.log" 2>&1 || { cat "$BENCH_WORK/build-$v.log" >&2; exit 1; }
}

# deploy HOSTS SHA: golden:deploy of dev-backend with DEV_HOST=HOSTS; prints the wall seconds.
deploy() {
  local hosts=$1 sha=$2 t0 rc
  t0=$(now)
  set +e
  (
    set -a; source "$BACKEND_ENV_FILE"; set +a
    export DEV_HOST=$hosts MAVEN_OPTS=${GOLDEN_BENCH_MAVEN_OPTS-$(workflow_maven_opts)}
    unset DEV_SSH_HOST_FINGERPRINT
    mkdir -p "$BENCH_WORK/project" && cd "$BENCH_WORK/project"
    golden_mvn deploy -Denv=dev-backend -Dgolden.sha="$sha" -Dgolden.registries="$REGISTRY" \
      -Dgolden.manifest="$MANIFEST" -Dgolden.ssh.knownHosts="$TESTBED_SSH_KNOWN_HOSTS" -Dgolden.deploy.skipMigrate=true
  ) >"$BENCH_WORK/deploy-$sha-${hosts//,/+}.log" 2>&1
  rc=$?
  set -e
  [ $rc -eq 0 ] || { tail -40 "$BENCH_WORK/deploy-$sha-${hosts//,/+}.log" >&2; echo "deploy to $hosts failed" >&2; exit 1; }
  elapsed "$t0"
}

a=$(bench_sha rolling-a); b=$(bench_sha rolling-b)
busybox_image "$a" a
busybox_image "$b" b
one=$TESTBED_BACKEND_IP
two=$TESTBED_BACKEND_IP,$TESTBED_BACKEND2_IP
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Warm-up: both droplets on image a (the first deploy of a droplet installs the proxy).
deploy "$two" "$a" >/dev/null
t1=(); t2=(); next=$b
for ((i = 1; i <= RUNS; i++)); do
  s1=$(deploy "$one" "$next")
  # The first droplet already runs this image: it still cuts over (a new slot), without a pull,
  # while the second pulls; each side has one pull and one cutover per host.
  s2=$(deploy "$two" "$next")
  t1+=("$s1"); t2+=("$s2")
  echo "run $i: 1 host ${s1}s, 2 hosts ${s2}s (load $(cut -d' ' -f1 /proc/loadavg))"
  [ "$next" = "$b" ] && next=$a || next=$b
done
m1=$(printf '%s\n' "${t1[@]}" | median)
m2=$(printf '%s\n' "${t2[@]}" | median)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rolling_1host_seconds=$m1 rolling_2host_seconds=$m2 runs=$RUNS"
awk -v a="$m1" -v b="$m2" 'BEGIN { printf "rolling_2host_ratio=%.2f\n", b / a }'
