#!/usr/bin/env bash
# Proxy upgrade (issue 14): the gap when golden.proxy.image changes. The prober (Prober.java, 50
# requests/s through the frontend droplet's nginx to `/` and `/api/v1/health/`, as in
# bench-zero-downtime.sh) runs across (1) a backend deploy with -Dgolden.proxy.image set to a
# re-tag of the proxy's nginx image pushed to the testbed registry (the droplet pulls it, the
# cutover replaces pm-backend-proxy), (2) the same for the frontend (pm-frontend-proxy behind the
# host nginx), and (3) a backend deploy back to the default image. Per operation: failed
# requests, the gap (first failed request to the first good one after the last failure), the
# longest request and p99. The droplets end on golden's default proxy image.
# bench-needs: testbed
# bench-timeout: 900
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib-testbed.sh"
SETTLE=${SETTLE:-3}
BENCH_WORK=$(mktemp -d)
PROBE_DIR=${PROXY_UPGRADE_KEEP:-$BENCH_DIR/target/proxy-upgrade}
rm -rf "$PROBE_DIR"; mkdir -p "$PROBE_DIR"
PROBE_PID=""
trap 'probe_stop; rm -rf "$BENCH_WORK"' EXIT
trap 'exit 130' INT TERM

tb_load
golden_ensure_plugin
command -v java >/dev/null || { echo "java is missing (the prober is Prober.java)"; exit 77; }

# The proxy's image as the droplets have it (the testbed loads the local nginx base under the
# default name), re-tagged and pushed: a different golden.proxy.image, the same nginx.
upgraded="$REGISTRY/golden-proxy:upgrade-$$"
cfg=$(mktemp -d)
{ printf '%s' "$TESTBED_REGISTRY_PASSWORD" | DOCKER_CONFIG=$cfg docker login "$REGISTRY" -u "$TESTBED_REGISTRY_USER" --password-stdin \
  && docker tag "$TESTBED_BASE_IMAGE_NGINX" "$upgraded" && DOCKER_CONFIG=$cfg docker push -q "$upgraded"; } >"$BENCH_WORK/push.log" 2>&1 \
  || { cat "$BENCH_WORK/push.log" >&2; rm -rf "$cfg"; echo "pushing $upgraded failed" >&2; exit 1; }
rm -rf "$cfg"; docker rmi "$upgraded" >/dev/null 2>&1 || true

one=$(bench_sha one); tb_images "$one"
two=$(bench_sha two); tb_images "$two"
three=$(bench_sha three); tb_images "$three"
golden_deploy dev-backend "$one" >"$BENCH_WORK/setup.log" 2>&1 && golden_deploy dev-frontend "$one" >>"$BENCH_WORK/setup.log" 2>&1 \
  || { tail -60 "$BENCH_WORK/setup.log" >&2; echo "setup deploys failed" >&2; exit 1; }

# measure OP COMMAND...: the prober around one operation; prints its figures.
measure() {
  local op=$1 rc; shift
  probe_start "$op"
  sleep 1
  set +e; "$@" 2>&1 | stamp_lines >"$PROBE_DIR/$op.log"; rc=${PIPESTATUS[0]}; set -e
  sleep "$SETTLE"
  probe_stop
  [ "$rc" = 0 ] || { tail -40 "$PROBE_DIR/$op.log" >&2; echo "$op: the deploy failed" >&2; exit 1; }
  echo "$op: $(summary "$op") gap_ms=$(probe_gap "$op")"
  grep '^failure at' "$PROBE_DIR/$op.prober" | head -5 || true
  grep -E 'cutover to|stop pm-.*proxy|run pm-.*proxy' "$PROBE_DIR/$op.log" | head -4 || true
}
proxy_image() { docker -H "$1" container inspect --format '{{.Config.Image}}' "$2"; }

measure backend_upgrade golden_deploy dev-backend "$two" -Dgolden.proxy.image="$upgraded"
[ "$(proxy_image "$TESTBED_BACKEND_DOCKER_HOST" pm-backend-proxy)" = "$upgraded" ] || { echo "pm-backend-proxy was not replaced" >&2; exit 1; }
measure frontend_upgrade golden_deploy dev-frontend "$two" -Dgolden.proxy.image="$upgraded"
[ "$(proxy_image "$TESTBED_FRONTEND_DOCKER_HOST" pm-frontend-proxy)" = "$upgraded" ] || { echo "pm-frontend-proxy was not replaced" >&2; exit 1; }
measure backend_back golden_deploy dev-backend "$three"
golden_deploy dev-frontend "$three" >"$BENCH_WORK/restore.log" 2>&1 || { tail -40 "$BENCH_WORK/restore.log" >&2; exit 1; }

total=0
for op in backend_upgrade frontend_upgrade backend_back; do
  f=$(summary "$op" | sed -n 's/.*failed=\([0-9-]*\).*/\1/p')
  total=$((total + f))
  echo "${op}_failed=$f ${op}_gap_ms=$(probe_gap "$op")"
done
echo "proxy_upgrade_failed_requests=$total"
