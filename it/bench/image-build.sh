#!/usr/bin/env bash
# golden:build's docker-java core vs `DOCKER_BUILDKIT=0 docker build` on the same context and
# engine (cold and warm cache, 3 runs each), then the JVM heap while sending a 1 GB context.
# Needs a running Docker engine (DOCKER_HOST or the local socket). Prints ratios last
# (build_ratio_cold=, build_ratio_warm=; target <= 1.1) and writes it/target/bench-image-build.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -ntp -q verify -pl .,golden-maven-plugin,golden-parent,it -Dinvoker.test=none-selected \
  -Dgolden.it.excludedGroups=none -Dgroups=bench -Dtest=ImageBuildBench -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat it/target/bench-image-build.txt
