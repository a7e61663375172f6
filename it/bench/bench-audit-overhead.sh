#!/usr/bin/env bash
# Benchmark 5 (issue 9): plugin overhead. `mvn golden:audit` of the reference manifest's six
# environments against the local GitHub stand-in holding 1,000 secrets in each GitHub
# environment (10 pages of per_page=100 each, 62 requests a run), through a real Maven.
# Two measures, both printed:
#   - in the JVM: Maven's own timestamps from the goal's "--- golden:...:audit" line to the
#     end of the build (plugin realm, configuration, fetch, report) — the figure;
#   - outside: the Maven run's wall time minus that of the same command with
#     -Dgolden.audit.skip=true (same JVM start, same plugin resolution, goal a no-op).
# RUNS (default 3) runs of each, interleaved; medians. Loopback only.
# bench-target: audit_overhead_seconds <= 5
# bench-timeout: 600
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/golden-maven.sh"
RUNS=${RUNS:-3}
PER_ENV=${SECRETS_PER_ENV:-1000}

golden_ensure_plugin
cp=$(golden_classpath)
work=$(mktemp -d)
standin_pid=""
cleanup() {
  [ -z "$standin_pid" ] || { kill "$standin_pid" 2>/dev/null || true; wait "$standin_pid" 2>/dev/null || true; }
  [ -n "${KEEP_WORK:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

java -cp "$cp" "$here/support/ManySecretsStandIn.java" "$GOLDEN_ROOT/config/env.manifest.json" "$PER_ENV" >"$work/standin.out" 2>&1 &
standin_pid=$!
for _ in $(seq 1 150); do
  grep -q '^GITHUB_TOKEN=' "$work/standin.out" && break
  kill -0 "$standin_pid" 2>/dev/null || { cat "$work/standin.out" >&2; exit 1; }
  sleep 0.2
done
grep -q '^GITHUB_TOKEN=' "$work/standin.out" || { echo "the GitHub stand-in did not start" >&2; exit 1; }
grep '^#' "$work/standin.out" | sed 's/^# /stand-in: /'
set -a; . <(grep '^GITHUB_' "$work/standin.out"); set +a
mkdir -p "$work/project/config"
cp "$GOLDEN_ROOT/config/env.manifest.json" "$work/project/config/"

now() { date +%s.%N; }
# hms_seconds "HH:MM:SS.mmm" -> seconds since midnight
hms_seconds() { awk -F: '{ printf "%.3f", $1*3600 + $2*60 + $3 }' <<<"$1"; }
# goal_seconds LOG: from the goal's header line to the closing separator, by Maven's timestamps.
goal_seconds() {
  local start end
  start=$(grep -m1 -E '\[INFO\] --- .*:audit \(default-cli\)' "$1" | cut -d' ' -f1)
  end=$(awk '/\[INFO\] --- .*:audit \(default-cli\)/ {g=1; next} g && /\[INFO\] --------------------*$/ {print $1; exit}' "$1")
  [ -n "$start" ] && [ -n "$end" ] || { echo "no goal timestamps in $1" >&2; return 1; }
  awk -v s="$(hms_seconds "$start")" -v e="$(hms_seconds "$end")" 'BEGIN { d = e - s; if (d < 0) d += 86400; printf "%.3f", d }'
}
run_audit() {  # run_audit LOG [ARGS...] -> prints wall seconds
  local log=$1; shift
  local t0 t1
  t0=$(now)
  (cd "$work/project" && golden_mvn audit -Dorg.slf4j.simpleLogger.showDateTime=true \
      -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS "$@") >"$log" 2>&1 \
    || { tail -40 "$log" >&2; echo "golden:audit failed (log above)" >&2; return 1; }
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One warm-up of each (file cache, JIT of the first JVM), not counted.
run_audit "$work/warm-skip.log" -Dgolden.audit.skip=true >/dev/null
run_audit "$work/warm-audit.log" >/dev/null
grep -q 'Scanning Environment: prod2-frontend' "$work/warm-audit.log" || { tail -30 "$work/warm-audit.log" >&2; echo "the audit did not scan the six environments" >&2; exit 1; }
requests_per_run=$(grep -c 'Fetched\|Scanning' "$work/warm-audit.log" || true)

: >"$work/skip"; : >"$work/audit"; : >"$work/goal"
for i in $(seq 1 "$RUNS"); do
  run_audit "$work/skip-$i.log" -Dgolden.audit.skip=true >>"$work/skip"; echo >>"$work/skip"
  run_audit "$work/audit-$i.log" >>"$work/audit"; echo >>"$work/audit"
  goal_seconds "$work/audit-$i.log" >>"$work/goal"; echo >>"$work/goal"
  echo "run $i: maven wall audit=$(tail -1 "$work/audit")s skip=$(tail -1 "$work/skip")s goal(in JVM)=$(tail -1 "$work/goal")s"
done
skip=$(median <"$work/skip"); audit=$(median <"$work/audit"); goal=$(median <"$work/goal")
grep -E 'Fetched [0-9]+ Global|All Clear|Zombie|zombie' "$work/audit-1.log" | head -3 | sed 's/^[0-9:.]* //' || true
echo "environments=6 secrets_per_environment=$PER_ENV runs=$RUNS"
echo "maven_wall_audit_seconds=$audit"
echo "maven_wall_noop_seconds=$skip"
echo "maven_wall_difference_seconds=$(awk -v a="$audit" -v s="$skip" 'BEGIN { printf "%.3f", a - s }')"
echo "audit_overhead_seconds=$goal"
