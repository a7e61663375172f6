#!/usr/bin/env bash
# Zero downtime (issue 14): a prober at PROBE_RATE requests/s (default 50; half to `/`, half to
# `/api/v1/health/`, each on a new connection) through the frontend droplet's nginx, during
# (a) a successful backend deploy, (b) a successful frontend deploy, (c) a backend deploy whose
# new version fails its health check, (d) a rollback of the backend to the previous sha; golden
# (proxy cutover) first, then the reference's bash steps (reference-pipeline.sh; its "rollback"
# is its deploy of the previous sha). The prober runs from before each operation until SETTLE
# seconds (default 3) after it returned. Per operation: requests, failed (not HTTP 200 or no
# answer within 2 s), the longest request and p99. The figure is the sum of failed requests of
# the four operations, each side.
# bench-target: zero_downtime_failed_requests_golden <= 0
# bench-needs: testbed
# bench-timeout: 1200
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib-testbed.sh"
SETTLE=${SETTLE:-3}
PROBE_RATE=${PROBE_RATE:-50}
BENCH_WORK=$(mktemp -d)
PROBE_PID=""
probe_stop() { [ -z "$PROBE_PID" ] || { kill "$PROBE_PID" 2>/dev/null || true; wait "$PROBE_PID" 2>/dev/null || true; PROBE_PID=""; }; }
trap 'probe_stop; golden_off_droplets_quiet; rm -rf "$BENCH_WORK"' EXIT
trap 'exit 130' INT TERM
golden_off_droplets_quiet() { [ -z "${TESTBED_STATE_DIR:-}" ] || golden_off_droplets; }

tb_load
tb_tools
golden_ensure_plugin
golden_has_goal deploy || { echo "golden:deploy is not in this branch's plugin"; exit 77; }
site="http://$TESTBED_FRONTEND_IP"

# probe_start FILE: one curl at PROBE_RATE/s over 300 s at most (bounded), alternating the two
# URLs, a new connection per request; one "http_code time_total" line per request.
probe_start() {
  local file=$1 cfg=$BENCH_WORK/probe.cfg n
  n=$((PROBE_RATE * 300))
  { for ((i = 0; i < n / 2; i++)); do
      printf 'url = "%s"\noutput = "/dev/null"\nurl = "%s"\noutput = "/dev/null"\n' "$site/" "$site/api/v1/health/"
    done; } >"$cfg"
  curl -s --rate "$PROBE_RATE/s" --max-time 2 -H 'Connection: close' -w '%{http_code} %{time_total}\n' \
    -K "$cfg" >"$file" 2>/dev/null &
  PROBE_PID=$!
}

# summary FILE: requests failed longest_seconds p99_seconds
summary() {
  sort -k2,2g "$1" | awk '{ n++; if ($1 != 200) f++; t[n] = $2 + 0 }
       END { p = int(n * 0.99); if (p < 1) p = 1;
             printf "requests=%d failed=%d longest_s=%.3f p99_s=%.3f\n", n, f + 0, t[n], t[p] }'
}

# measure SIDE OP COMMAND...: the prober around one operation.
measure() {
  local side=$1 op=$2 rc t0; shift 2
  probe_start "$BENCH_WORK/$side-$op.probes"
  sleep 1
  t0=$(now)
  set +e; "$@" >"$BENCH_WORK/$side-$op.log" 2>&1; rc=$?; set -e
  local took; took=$(elapsed "$t0")
  sleep "$SETTLE"
  probe_stop
  echo "$side $op: exit $rc after ${took}s; $(summary "$BENCH_WORK/$side-$op.probes")"
  echo "$rc" >"$BENCH_WORK/$side-$op.rc"
}
failed() { summary "$BENCH_WORK/$1.probes" | sed -n 's/.*failed=\([0-9]*\).*/\1/p'; }
expect() { [ "$(cat "$BENCH_WORK/$1.rc")" "$2" 0 ] || { tail -40 "$BENCH_WORK/$1.log" >&2; echo "$1: unexpected exit" >&2; exit 1; }; }

one=$(bench_sha one); tb_images "$one"
two=$(bench_sha two); tb_images "$two"
bad=$(bench_sha bad); tb_images "$bad" fail
echo "images: $one, $two, failing health $bad"

# golden: v1 of both (not measured), then the four operations.
golden_deploy dev-backend "$one" >"$BENCH_WORK/golden-setup.log" 2>&1 && golden_deploy dev-frontend "$one" >>"$BENCH_WORK/golden-setup.log" 2>&1 \
  || { tail -60 "$BENCH_WORK/golden-setup.log" >&2; echo "golden setup failed" >&2; exit 1; }
golden_rollback() { (
  set -a; source "$BACKEND_ENV_FILE"; set +a; export MAVEN_OPTS=${GOLDEN_BENCH_MAVEN_OPTS-$(workflow_maven_opts)}
  mkdir -p "$BENCH_WORK/golden-project"; cd "$BENCH_WORK/golden-project"
  golden_mvn rollback -Denv=dev-backend -Dgolden.registries="$REGISTRY" -Dgolden.manifest="$MANIFEST"
); }
measure golden backend golden_deploy dev-backend "$two"; expect golden-backend =
measure golden frontend golden_deploy dev-frontend "$two"; expect golden-frontend =
measure golden failed golden_deploy dev-backend "$bad"; expect golden-failed !=
measure golden rollback golden_rollback; expect golden-rollback =
grep -h "rolling dev-backend back to" "$BENCH_WORK/golden-rollback.log" | sed 's/^\[INFO\] //' || true

# reference: v1 (not measured), then the same four; its rollback is a deploy of the previous sha.
reference_deploy "$one" >"$BENCH_WORK/reference-setup.log" 2>&1 || { tail -60 "$BENCH_WORK/reference-setup.log" >&2; exit 1; }
measure reference backend reference_deploy "$two" "backend"; expect reference-backend =
measure reference frontend reference_deploy "$two" "frontend"; expect reference-frontend =
measure reference failed reference_deploy "$bad" "backend"; expect reference-failed !=
measure reference rollback reference_deploy "$two" "backend"; expect reference-rollback =

g=0; r=0
for op in backend frontend failed rollback; do
  g=$((g + $(failed "golden-$op"))); r=$((r + $(failed "reference-$op")))
  echo "${op}_golden=\"$(summary "$BENCH_WORK/golden-$op.probes")\" ${op}_reference=\"$(summary "$BENCH_WORK/reference-$op.probes")\""
done
echo "probe_rate_per_second=$PROBE_RATE"
echo "zero_downtime_failed_requests_golden=$g reference=$r"
