#!/usr/bin/env bash
# Zero downtime (issue 14): a prober at PROBE_RATE requests/s (default 50; alternating `/` and
# `/api/v1/health/`) through the frontend droplet's nginx (10.213.1.11:80), during (a) a
# successful backend deploy, (b) a successful frontend deploy, (c) a backend deploy whose new
# version fails its health check, (d) a rollback of the backend to the previous sha; golden
# (proxy cutover) first, then the reference's bash steps (reference-pipeline.sh; its "rollback"
# is its deploy of the previous sha). The prober is Prober.java: a fixed-rate schedule (open
# loop), 4 keep-alive connections and every 5th request on a fresh connection, a 2 s timeout per
# request, no retry. It runs from 1 s before each operation until SETTLE seconds (default 3)
# after it returned. Per operation: requests, failed (not HTTP 200, a connection error, or no
# answer within 2 s), the longest request and p99 (from each request's due time), each failure
# with its time and error next to the operation's step log (Maven's lines carry timestamps).
# The figure is the sum of failed requests of the four operations, each side.
# Logs (probe lines, step logs): $ZDT_KEEP (default it/bench/target/zero-downtime).
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib-testbed.sh"
SETTLE=${SETTLE:-3}
PROBE_RATE=${PROBE_RATE:-50}
SIDES=${SIDES:-golden reference}   # SIDES=golden: golden's four operations only (no figure)
BENCH_WORK=$(mktemp -d)
ZDT_KEEP=${ZDT_KEEP:-$(cd "$(dirname "$0")" && pwd)/target/zero-downtime}
rm -rf "$ZDT_KEEP"; mkdir -p "$ZDT_KEEP"
PROBE_PID=""
PROBE_DIR=$ZDT_KEEP
trap 'probe_stop; golden_off_droplets_quiet; rm -rf "$BENCH_WORK"' EXIT
trap 'exit 130' INT TERM
golden_off_droplets_quiet() { [ -z "${TESTBED_STATE_DIR:-}" ] || golden_off_droplets; }

tb_load
tb_tools
golden_ensure_plugin
command -v java >/dev/null || { echo "java is missing (the prober is Prober.java)"; exit 77; }

# measure SIDE OP COMMAND...: the prober around one operation.
measure() {
  local side=$1 op=$2 rc t0; shift 2
  probe_start "$side-$op"
  sleep 1
  t0=$(now)
  set +e; "$@" 2>&1 | stamp_lines >"$ZDT_KEEP/$side-$op.log"; rc=${PIPESTATUS[0]}; set -e
  local took; took=$(elapsed "$t0")
  sleep "$SETTLE"
  probe_stop
  echo "$side $op: exit $rc after ${took}s; $(summary "$side-$op")"
  grep '^failure at' "$ZDT_KEEP/$side-$op.prober" | head -20 || true
  echo "$rc" >"$ZDT_KEEP/$side-$op.rc"
}
failed() { summary "$1" | sed -n 's/.*failed=\([0-9-]*\).*/\1/p'; }
expect() { [ "$(cat "$ZDT_KEEP/$1.rc")" "$2" 0 ] || { tail -40 "$ZDT_KEEP/$1.log" >&2; echo "$1: unexpected exit" >&2; exit 1; }; }

one=$(bench_sha one); tb_images "$one"
two=$(bench_sha two); tb_images "$two"
bad=$(bench_sha bad); tb_images "$bad" fail
echo "images: $one, $two, failing health $bad"

# golden: v1 of both (not measured), then the four operations.
if [[ " $SIDES " == *" golden "* ]]; then
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
grep -h "rolling dev-backend back to" "$ZDT_KEEP/golden-rollback.log" | sed 's/^\[INFO\] //' || true
fi

# reference: v1 (not measured), then the same four; its rollback is a deploy of the previous sha.
[ "$SIDES" = "golden reference" ] || { echo "SIDES=$SIDES: no figure"; exit 0; }
reference_deploy "$one" >"$BENCH_WORK/reference-setup.log" 2>&1 || { tail -60 "$BENCH_WORK/reference-setup.log" >&2; exit 1; }
measure reference backend reference_deploy "$two" "backend"; expect reference-backend =
measure reference frontend reference_deploy "$two" "frontend"; expect reference-frontend =
measure reference failed reference_deploy "$bad" "backend"; expect reference-failed !=
measure reference rollback reference_deploy "$two" "backend"; expect reference-rollback =

g=0; r=0
for op in backend frontend failed rollback; do
  g=$((g + $(failed "golden-$op"))); r=$((r + $(failed "reference-$op")))
  echo "${op}_golden=\"$(summary "golden-$op")\" ${op}_reference=\"$(summary "reference-$op")\""
done
echo "probe_rate_per_second=$PROBE_RATE"
echo "zero_downtime_failed_requests_golden=$g reference=$r"
