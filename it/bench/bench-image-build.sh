#!/usr/bin/env bash
# Benchmark 3 (issues 9 and 20): golden:build against the docker CLI doing the same kind of build
# on the same engine: legacy (docker-java vs `DOCKER_BUILDKIT=0 docker build`) and BuildKit (both
# through the client found by version, `DOCKER_BUILDKIT=1`), cold and warm, 7 and 21 runs each after one untimed cold build each (reported), then a
# 1 GB context. The measurement is it/bench/image-build.sh (JUnit bench ImageBuildBench); this
# wrapper prints every ratio and, last, the figure: the worst of the four build ratios.
# bench-target: build_ratio <= 1.0
# bench-needs: docker
# bench-timeout: 1500
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -f "$root/it/target/bench-image-build.txt"
"$root/it/bench/image-build.sh"
report="$root/it/target/bench-image-build.txt"
[ -s "$report" ] || { echo "image-build.sh wrote no $report" >&2; exit 1; }
grep -E '^(build_ratio_|context_1g_)' "$report"
sed -n 's/^build_ratio_[a-z]*_[a-z]*=//p' "$report" \
  | awk 'BEGIN { worst = 0 } { if ($1 > worst) worst = $1 } END { printf "build_ratio=%.2f\n", worst }'
