#!/usr/bin/env bash
# Runs every benchmark under it/bench and writes it/bench/RESULTS.md (the machine, then
# benchmark -> figure -> target -> met?). Conventions: it/bench/README.md.
#   it/bench/run.sh [--keep-testbed] [NAME...]     NAME = bench-NAME.sh / bench-NAME.java
# Benchmarks that declare `bench-needs: testbed` get it/testbed/up.sh first when the testbed
# is not up; a testbed this script brought up is torn down at the end (and on Ctrl-C)
# unless --keep-testbed. Exit status: 0 when every benchmark produced its figure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/target"
logs="$out/logs"
results="$here/RESULTS.md"
keep_testbed=0
only=()
for a in "$@"; do
  case $a in
    --keep-testbed) keep_testbed=1 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $a (see --help)" >&2; exit 2 ;;
    *) only+=("$a") ;;
  esac
done
mkdir -p "$logs"

# ---------------------------------------------------------------- discovery
benches=()
for f in "$here"/bench-*.sh "$here"/bench-*.java; do
  [ -e "$f" ] || continue
  name=$(basename "$f"); name=${name#bench-}; name=${name%.sh}; name=${name%.java}
  if [ ${#only[@]} -gt 0 ]; then
    keep=0; for o in "${only[@]}"; do [ "$o" = "$name" ] && keep=1; done
    [ $keep = 1 ] || continue
  fi
  benches+=("$f")
done
[ ${#benches[@]} -gt 0 ] || { echo "run.sh: no benchmark matches ${only[*]:-} under $here" >&2; exit 2; }

# header FILE KEY: the value of a `# KEY: value` (or `// KEY: value`) line.
header() { sed -n -E "s@^[[:space:]]*(#|//)[[:space:]]*$2:[[:space:]]*(.*)\$@\2@p" "$1" | head -1; }

# ---------------------------------------------------------------- testbed
testbed_state=unknown   # unknown | up | ours | missing | failed
teardown() {
  if [ "$testbed_state" = ours ] && [ $keep_testbed = 0 ]; then
    echo "==> tearing the testbed down (it/testbed/down.sh; --keep-testbed keeps it)"
    "$root/it/testbed/down.sh" >"$logs/testbed-down.log" 2>&1 || echo "   down.sh failed: $logs/testbed-down.log" >&2
    testbed_state=unknown
  fi
}
trap teardown EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

ensure_testbed() {
  case $testbed_state in up|ours) return 0 ;; missing|failed) return 1 ;; esac
  if [ ! -x "$root/it/testbed/up.sh" ]; then testbed_state=missing; return 1; fi
  if "$root/it/testbed/status.sh" >"$logs/testbed-status.log" 2>&1; then testbed_state=up; return 0; fi
  echo "==> bringing the testbed up (it/testbed/up.sh, log $logs/testbed-up.log)"
  if "$root/it/testbed/up.sh" >"$logs/testbed-up.log" 2>&1; then testbed_state=ours; return 0; fi
  testbed_state=ours; teardown; testbed_state=failed; return 1
}

# ---------------------------------------------------------------- machine
machine() {
  local cpu mem jdk mvn engine
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  jdk=$(java -version 2>&1 | head -1)
  mvn=$("$root/mvnw" -v -B -q 2>/dev/null | head -1 | sed 's/ (.*//')
  engine=$(docker version --format 'Docker Engine {{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null || echo "no engine answering")
  cat <<TABLE
| | |
|---|---|
| cpu | ${cpu:-unknown} |
| nproc | $(nproc) |
| memory | $mem |
| kernel | $(uname -sr) |
| os | $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") |
| jdk | $jdk |
| maven | ${mvn:-unknown} |
| docker | $engine |
| load average at start | $(cut -d" " -f1-3 /proc/loadavg) (other work on this machine shares its cores) |
| date | $(date -u '+%Y-%m-%d %H:%M UTC') |
| commit | $(git -C "$root" rev-parse --short HEAD 2>/dev/null)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo " (dirty)") |
TABLE
}

# met FIGURE_LINE "KEY OP BOUND" -> yes | no | -. BOUND is a number, or the name of another
# key=number on the figure line (e.g. `a_golden=3 reference=40` against "a_golden < reference").
met() {
  local line=$1 value op bound
  read -r _ op bound <<<"$2"
  value=${line#*=}; value=${value%% *}
  if ! [[ $bound =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; then
    bound=$(tr ' ' '\n' <<<"$line" | sed -n "s/^$bound=//p" | head -1)
  fi
  [ -n "$op" ] && [[ $value =~ ^-?[0-9]+(\.[0-9]+)?$ ]] && [[ $bound =~ ^-?[0-9]+(\.[0-9]+)?$ ]] || { echo "-"; return; }
  awk -v v="$value" -v b="$bound" -v op="$op" 'BEGIN {
    r = (op == "<=") ? v <= b : (op == ">=") ? v >= b : (op == "<") ? v < b : (op == ">") ? v > b : -1
    print (r == 1) ? "yes" : (r == 0) ? "no" : "-" }'
}

# ---------------------------------------------------------------- run
rows=(); details=(); failures=0
java_cp=""
for f in "${benches[@]}"; do
  base=$(basename "$f"); name=${base#bench-}; name=${name%.sh}; name=${name%.java}
  target=$(header "$f" bench-target); needs=$(header "$f" bench-needs); limit=$(header "$f" bench-timeout)
  limit=${limit:-900}
  log="$logs/$name.log"
  echo "==> $name (at most ${limit}s; log $log)"
  # A benchmark that needs only a Docker engine gets the testbed's (up.sh starts one) when none answers.
  if [[ " $needs " == *" docker "* ]] && ! docker info >/dev/null 2>&1; then needs="$needs testbed"; fi
  if [[ " $needs " == *" testbed "* ]] && ! ensure_testbed; then
    case $testbed_state in
      missing) why="not run: needs the testbed, and it/testbed/up.sh is not on this branch yet" ;;
      *) why="not run: it/testbed/up.sh failed (see $logs/testbed-up.log)" ;;
    esac
    echo "   $why"; rows+=("| $name | $why | ${target:--} | - |"); failures=$((failures + 1)); continue
  fi
  start=$SECONDS
  if [[ $f == *.java ]]; then
    if [ -z "$java_cp" ]; then
      # shellcheck source=../lib/golden-maven.sh
      source "$root/it/lib/golden-maven.sh"; golden_ensure_plugin; java_cp=$(golden_classpath)
    fi
    timeout -k 30 "$limit" java -cp "$java_cp" "$f" >"$log" 2>&1; rc=$?
  else
    timeout -k 30 "$limit" bash "$f" >"$log" 2>&1; rc=$?
  fi
  took=$((SECONDS - start))
  last=$(grep -v '^[[:space:]]*$' "$log" | tail -1)
  figures=$(grep -E '^[A-Za-z0-9_]+=' "$log" | grep -v -x -F "$last" | paste -sd ' ' -)
  if [ $rc = 0 ] && [[ $last =~ ^[A-Za-z0-9_]+=.+ ]]; then
    key=${last%%=*}
    m="-"; [ -z "$target" ] || { [ "${target%% *}" = "$key" ] && m=$(met "$last" "$target"); }
    echo "   $last (${took}s)"
    rows+=("| $name | \`$last\` | ${target:--} | $m |")
  elif [ $rc = 77 ]; then
    echo "   not available: $last"
    rows+=("| $name | not available: ${last//|/\\|} | ${target:--} | - |"); failures=$((failures + 1))
  else
    [ $rc = 124 ] && last="timed out after ${limit}s" || last="failed (exit $rc): $last"
    echo "   $last"
    rows+=("| $name | ${last//|/\\|} | ${target:--} | no |"); failures=$((failures + 1))
  fi
  [ -z "$figures" ] || details+=("- **$name** (${took}s): $figures")
done

{
  echo "# Benchmark results"
  echo
  echo "Written by \`it/bench/run.sh\`$([ ${#only[@]} -gt 0 ] && echo " (only: ${only[*]})"). Each figure is measured against its"
  echo "baseline in the same run, on this machine and the local testbed (loopback and testbed addresses only)."
  echo "Logs: \`it/bench/target/logs/\`. Conventions: \`it/bench/README.md\`."
  echo
  echo "## Machine"
  echo
  machine
  echo
  echo "## Figures"
  echo
  echo "| benchmark | figure | target | met? |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  if [ ${#details[@]} -gt 0 ]; then
    echo
    echo "## Details"
    echo
    printf '%s\n' "${details[@]}"
  fi
} >"$results"
echo "==> $results"
exit $((failures > 0))
