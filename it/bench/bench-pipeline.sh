#!/usr/bin/env bash
# Benchmark 1 (issue 9): the pipeline vs the reference's bash. On the testbed, with the same
# images, the same replaced service and the same droplets: reference-pipeline.sh (tunnel,
# sleep 5, psql, docker run migrate, then ssh + login + pull + rm -f + run + curl loop with
# sleep 5, backend then frontend) vs `mvn golden:deploy -Denv=dev-backend` then
# `-Denv=dev-frontend` (two Maven runs, JVM start included, with the MAVEN_OPTS of the generated
# workflow's deploy jobs; also reported with the JVM's defaults). RUNS rounds (default 3),
# interleaved, each deploying a new tag of the same image content; medians.
# bench-target: pipeline_ratio <= 0.6
# bench-needs: testbed
# bench-timeout: 1500
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/lib-testbed.sh"
RUNS=${RUNS:-3}
BENCH_WORK=$(mktemp -d)
trap 'rm -rf "$BENCH_WORK"' EXIT
trap 'exit 130' INT TERM

tb_load
tb_tools
have_golden=1
golden_ensure_plugin

# Setup (not timed): the service running once, every droplet holding the image layers.
warm=$(bench_sha warm)
tb_images "$warm"
echo "setup: reference deploy of $warm (warms the droplets' layer cache, installs the nginx site)"
reference_deploy "$warm" >"$BENCH_WORK/setup.log" 2>&1 || { cat "$BENCH_WORK/setup.log" >&2; echo "setup deploy failed" >&2; exit 1; }

: >"$BENCH_WORK/ref"; : >"$BENCH_WORK/golden"; : >"$BENCH_WORK/default"
for i in $(seq 1 "$RUNS"); do
  ref_sha=$(bench_sha "ref$i"); tb_images "$ref_sha"
  t0=$(now)
  reference_deploy "$ref_sha" >"$BENCH_WORK/ref-$i.log" 2>&1 || { cat "$BENCH_WORK/ref-$i.log" >&2; echo "reference run $i failed" >&2; exit 1; }
  ref_t=$(elapsed "$t0"); echo "$ref_t" >>"$BENCH_WORK/ref"
  if [ $have_golden = 1 ]; then
    golden_sha=$(bench_sha "golden$i"); tb_images "$golden_sha"
    t0=$(now)
    { golden_deploy dev-backend "$golden_sha" && golden_deploy dev-frontend "$golden_sha"; } >"$BENCH_WORK/golden-$i.log" 2>&1 \
      || { tail -60 "$BENCH_WORK/golden-$i.log" >&2; echo "golden run $i failed" >&2; exit 1; }
    golden_t=$(elapsed "$t0"); echo "$golden_t" >>"$BENCH_WORK/golden"
    # The same with the JVM's default options (a plain `mvn golden:deploy`), for comparison.
    default_sha=$(bench_sha "default$i"); tb_images "$default_sha"
    t0=$(now)
    { GOLDEN_BENCH_MAVEN_OPTS= golden_deploy dev-backend "$default_sha" && GOLDEN_BENCH_MAVEN_OPTS= golden_deploy dev-frontend "$default_sha"; } \
      >"$BENCH_WORK/default-$i.log" 2>&1 || { tail -60 "$BENCH_WORK/default-$i.log" >&2; echo "golden (default JVM) run $i failed" >&2; exit 1; }
    default_t=$(elapsed "$t0"); echo "$default_t" >>"$BENCH_WORK/default"
    echo "round $i: reference=${ref_t}s golden=${golden_t}s golden_default_jvm=${default_t}s"
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
echo "golden_seconds=$golden"
echo "pipeline_ratio=$(awk -v g="$golden" -v r="$ref" 'BEGIN { printf "%.2f", g / r }')"
