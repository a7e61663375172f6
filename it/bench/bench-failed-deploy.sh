#!/usr/bin/env bash
# Benchmark 4 (issue 9): a failed deploy. The backend is healthy; a new backend image whose
# health endpoint answers 503 is deployed while a prober GETs /api/v1/health/ every 100 ms
# through the frontend droplet's nginx (at most 150 s of probing). Golden (health fails ->
# rollback to the previous container) vs the reference script (5 curl attempts, exit 1, the
# broken container left serving). Probing goes on for SETTLE seconds (default 10) after
# each deploy returns. Failed requests and outage, each side; golden first.
# bench-target: failed_deploy_outage_requests_golden < reference
# bench-needs: testbed
# bench-timeout: 900
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib-testbed.sh"
SETTLE=${SETTLE:-10}
BENCH_WORK=$(mktemp -d)
trap 'prober_stop; rm -rf "$BENCH_WORK"' EXIT
trap 'exit 130' INT TERM

tb_load
tb_tools
golden_ensure_plugin
have_golden=1
url="http://$TESTBED_FRONTEND_IP/api/v1/health/"

good=$(bench_sha good); tb_images "$good"
bad=$(bench_sha bad); tb_images "$bad" fail
echo "images: good $good, failing health $bad"

# side NAME DEPLOY_GOOD_CMD DEPLOY_BAD_CMD: healthy first, then the failing deploy under the prober.
side() {
  local name=$1 good_cmd=$2 bad_cmd=$3 t0 rc
  $good_cmd >"$BENCH_WORK/$name-good.log" 2>&1 || { tail -40 "$BENCH_WORK/$name-good.log" >&2; echo "$name: the healthy deploy failed" >&2; return 1; }
  curl -sf --max-time 2 "$url" >/dev/null || { echo "$name: $url is not healthy after the good deploy" >&2; return 1; }
  prober_start "$BENCH_WORK/$name.probes" "$url"
  t0=$(now)
  set +e; $bad_cmd >"$BENCH_WORK/$name-bad.log" 2>&1; rc=$?; set -e
  echo "$name: failing deploy returned exit $rc after $(elapsed "$t0")s"
  sleep "$SETTLE"   # observation window after the deploy, same for both sides
  prober_stop
  [ $rc -ne 0 ] || { echo "$name: the deploy of an unhealthy image succeeded" >&2; return 1; }
  echo "$name: $(prober_summary "$BENCH_WORK/$name.probes")"
}
golden_good() { golden_deploy dev-backend "$good" && golden_deploy dev-frontend "$good"; }
golden_bad() { golden_deploy dev-backend "$bad"; }
reference_good() { reference_deploy "$good"; }
reference_bad() { reference_deploy "$bad" "migrate backend"; }

if [ $have_golden = 1 ]; then side golden golden_good golden_bad; fi
side reference reference_good reference_bad
# Leave the service healthy for whoever comes next.
reference_deploy "$good" >"$BENCH_WORK/restore.log" 2>&1 || echo "warning: restoring the healthy backend failed" >&2

figure() { prober_summary "$BENCH_WORK/$1.probes" | sed -n 's/.*failed=\([0-9]*\).*/\1/p'; }
outage() { prober_summary "$BENCH_WORK/$1.probes" | sed -n 's/.*outage_seconds=\([0-9.]*\).*/\1/p'; }
echo "failed_deploy_outage_seconds_reference=$(outage reference)"
if [ $have_golden = 0 ]; then
  echo "golden:deploy is not in this branch's plugin yet (merge the deploy branch): only the reference side ran"
  exit 77
fi
echo "failed_deploy_outage_seconds_golden=$(outage golden)"
echo "failed_deploy_outage_requests_golden=$(figure golden) reference=$(figure reference)"
