#!/usr/bin/env bash
# Benchmark 1 (issue 9): the pipeline vs the reference's bash. On the testbed, with the same
# images, the same replaced service and the same droplets: reference-pipeline.sh (tunnel,
# sleep 5, psql, docker run migrate, then ssh + login + pull + rm -f + run + curl loop with
# sleep 5, backend then frontend) vs `mvn golden:deploy -Denv=dev-backend` then
# `-Denv=dev-frontend` (two Maven runs, JVM start included, with the MAVEN_OPTS of the generated
# workflow's deploy jobs; also reported with the JVM's defaults). RUNS rounds (default 3),
# interleaved, each deploying a new tag of the same image content; medians.
# Also, in the same rounds, golden as it was before the zero-downtime cutover (PRE_CUTOVER, default
# e7fff67: the commit the first pipeline_ratio=0.53 was measured at; built from this clone's
# history, see golden_pre_cutover; PRE_CUTOVER= skips it): pipeline_vs_pre_cutover_ratio answers
# "did the cutover and drain make the deploy slower" on this machine, whatever its speed.
# bench-target: pipeline_ratio <= 0.6
# bench-needs: testbed
# bench-timeout: 1500
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib-testbed.sh"
RUNS=${RUNS:-3}
PRE_CUTOVER=${PRE_CUTOVER-e7fff67}
BENCH_WORK=$(mktemp -d)
trap 'rm -rf "$BENCH_WORK"' EXIT
trap 'exit 130' INT TERM

tb_load
tb_tools
have_golden=1
golden_ensure_plugin
[ -z "$PRE_CUTOVER" ] || golden_pre_cutover "$PRE_CUTOVER"

# Setup (not timed): the service running once, every droplet holding the image layers.
warm=$(bench_sha warm)
tb_images "$warm"
echo "setup: reference deploy of $warm (warms the droplets' layer cache, installs the nginx site)"
reference_deploy "$warm" >"$BENCH_WORK/setup.log" 2>&1 || { cat "$BENCH_WORK/setup.log" >&2; echo "setup deploy failed" >&2; exit 1; }

: >"$BENCH_WORK/ref"; : >"$BENCH_WORK/golden"; : >"$BENCH_WORK/default"; : >"$BENCH_WORK/pre"
for i in $(seq 1 "$RUNS"); do
  ref_sha=$(bench_sha "ref$i"); tb_images "$ref_sha"
  t0=$(now)
  reference_deploy "$ref_sha" >"$BENCH_WORK/ref-$i.log" 2>&1 || { cat "$BENCH_WORK/ref-$i.log" >&2; echo "reference run $i failed" >&2; exit 1; }
  ref_t=$(elapsed "$t0"); echo "$ref_t" >>"$BENCH_WORK/ref"
  pre_t=-
  if [ -n "$PRE_CUTOVER" ]; then
    # Before the cutover, every deploy stopped the running container and started the new one on the
    # public port (the reference's way, same container names): right after the reference's round is
    # its steady state.
    pre_sha=$(bench_sha "pre$i"); tb_images "$pre_sha"
    t0=$(now)
    { export GOLDEN_MVN_PLUGIN=$PRE_CUTOVER_PLUGIN GOLDEN_MVN_REPO=$PRE_CUTOVER_REPO GOLDEN_BENCH_MANIFEST=$PRE_CUTOVER_MANIFEST
      golden_deploy dev-backend "$pre_sha" && golden_deploy dev-frontend "$pre_sha"; } >"$BENCH_WORK/pre-$i.log" 2>&1 \
      || { tail -60 "$BENCH_WORK/pre-$i.log" >&2; echo "golden before the cutover ($PRE_CUTOVER) run $i failed" >&2; exit 1; }
    unset GOLDEN_MVN_PLUGIN GOLDEN_MVN_REPO GOLDEN_BENCH_MANIFEST
    pre_t=$(elapsed "$t0"); echo "$pre_t" >>"$BENCH_WORK/pre"
  fi
  if [ $have_golden = 1 ]; then
    # The JVM's default options (a plain `mvn golden:deploy`) first: after the reference's round
    # golden's proxy is gone (reference_deploy gives the public port back), so this run takes the
    # droplets over (the reference's container stopped at the cutover, the proxy started, no
    # drain); the headline run below is then golden's steady state, slot to slot, with the
    # cutover (graceful reload) and the drain of the previous slot, as every later deploy runs.
    default_sha=$(bench_sha "default$i"); tb_images "$default_sha"
    t0=$(now)
    { GOLDEN_BENCH_MAVEN_OPTS= golden_deploy dev-backend "$default_sha" && GOLDEN_BENCH_MAVEN_OPTS= golden_deploy dev-frontend "$default_sha"; } \
      >"$BENCH_WORK/default-$i.log" 2>&1 || { tail -60 "$BENCH_WORK/default-$i.log" >&2; echo "golden (default JVM) run $i failed" >&2; exit 1; }
    default_t=$(elapsed "$t0"); echo "$default_t" >>"$BENCH_WORK/default"
    golden_sha=$(bench_sha "golden$i"); tb_images "$golden_sha"
    t0=$(now)
    { golden_deploy dev-backend "$golden_sha" && golden_deploy dev-frontend "$golden_sha"; } >"$BENCH_WORK/golden-$i.log" 2>&1 \
      || { tail -60 "$BENCH_WORK/golden-$i.log" >&2; echo "golden run $i failed" >&2; exit 1; }
    golden_t=$(elapsed "$t0"); echo "$golden_t" >>"$BENCH_WORK/golden"
    grep -q '^\[INFO\] drain pm-backend-' "$BENCH_WORK/golden-$i.log" \
      || { echo "golden run $i did not drain a previous slot: not the steady state" >&2; exit 1; }
    echo "round $i: reference=${ref_t}s golden=${golden_t}s golden_pre_cutover=${pre_t}s golden_default_jvm_takeover=${default_t}s"
  else
    echo "round $i: reference=${ref_t}s golden=(goal not built)"
  fi
done
grep -h '^\[reference' "$BENCH_WORK/ref-1.log" || true
ref=$(median <"$BENCH_WORK/ref")
echo "reference_seconds=$ref"
if [ $have_golden = 0 ]; then
  echo "golden:deploy is not in this branch's plugin yet (merge the deploy branch): only the reference side ran"
  exit 77
fi
golden=$(median <"$BENCH_WORK/golden")
default=$(median <"$BENCH_WORK/default")
echo "golden_maven_opts=\"$(workflow_maven_opts)\" (the generated workflow's deploy jobs)"
echo "golden_default_jvm_seconds=$default"
echo "pipeline_ratio_default_jvm=$(awk -v g="$default" -v r="$ref" 'BEGIN { printf "%.2f", g / r }')"
# Where golden's time goes: each step's median over the rounds (the lines StepLog prints as each
# step ends: "NAME ok|FAILED N.N s"), per service, and the rest (JVM, Maven, plugin loading).
for svc in backend frontend; do
  for i in $(seq 1 "$RUNS"); do
    awk -v svc="$svc" '/ dev-(backend|frontend) deployed / { if (index($0, "dev-" svc " deployed")) exit; else { on = 0; next } }
                       /^\[INFO\] audit dev-/ { on = index($0, "audit dev-" svc) > 0 }
                       on && match($0, /^\[INFO\] (.*[^ ]) +(ok|FAILED) +([0-9.]+) s$/) {
                         n = split(substr($0, 8), f, " ")
                         name = f[1] ~ /^(docker|registry|verify|clean|proxy|nginx)$/ ? f[1] "_" f[2] : f[1]
                         print name, f[n - 1] }' "$BENCH_WORK/golden-$i.log"
  done | awk -v svc="$svc" '{ v[$1] = v[$1] " " $2; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
         END { for (j = 1; j <= k; j++) { m = split(v[order[j]], a, " "); asort_n(a, m); printf "step_%s_%s_median_seconds=%s\n", svc, order[j], (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 } }
         function asort_n(a, m,   i, j, t) { for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t } }'
done
echo "golden_seconds=$golden"
if [ -n "$PRE_CUTOVER" ]; then
  pre=$(median <"$BENCH_WORK/pre")
  echo "golden_pre_cutover_seconds=$pre (golden at $PRE_CUTOVER: stop, run, health; no cutover, no drain)"
  echo "pipeline_ratio_pre_cutover=$(awk -v g="$pre" -v r="$ref" 'BEGIN { printf "%.2f", g / r }')"
  echo "pipeline_vs_pre_cutover_ratio=$(awk -v g="$golden" -v p="$pre" 'BEGIN { printf "%.2f", g / p }')"
fi
echo "pipeline_ratio=$(awk -v g="$golden" -v r="$ref" 'BEGIN { printf "%.2f", g / r }')"
