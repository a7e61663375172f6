#!/usr/bin/env bash
# Benchmark 3 (issue 9, from the images issue): golden:build's docker-java core vs
# `DOCKER_BUILDKIT=0 docker build`, cold and warm cache, 3 runs each, plus the heap while
# sending a 1 GB context. The measurement is it/bench/image-build.sh (the images helper's
# JUnit bench ImageBuildBench); this wrapper gives run.sh one figure: the worse of the two ratios.
# bench-target: build_ratio <= 1.1
# bench-needs: docker
# bench-timeout: 1500
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -f "$root/it/target/bench-image-build.txt"
"$root/it/bench/image-build.sh"
report="$root/it/target/bench-image-build.txt"
[ -s "$report" ] || { echo "image-build.sh wrote no $report" >&2; exit 1; }
cold=$(sed -n 's/^build_ratio_cold=//p' "$report"); warm=$(sed -n 's/^build_ratio_warm=//p' "$report")
echo "build_ratio=$(awk -v c="$cold" -v w="$warm" 'BEGIN { printf "%.2f", (c > w) ? c : w }')"
