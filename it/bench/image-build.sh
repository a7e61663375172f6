#!/usr/bin/env bash
# golden:build vs the docker CLI (legacy and BuildKit, each the same kind of build) on the same context and
# engine (cold and warm cache, 7 and 21 runs each after one untimed cold build each, with the pairs' spread; load average printed), then the JVM heap while sending a 1 GB context.
# Needs a running Docker engine (DOCKER_HOST or the local socket). Prints ratios last
# (build_ratio_{cold,warm}_{legacy,buildkit}=, context_1g_ratio=; targets <= 1.0 and <= 1.2) and writes it/target/bench-image-build.txt.
# Options are passed to Maven: -Dgolden.bench.only=buildkit|legacy (one builder, no 1 GB context),
# -Dgolden.bench.warmRuns=N, -Dgolden.bench.coldRuns=N.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -ntp -q verify -pl .,golden-maven-plugin,golden-parent,it -Dinvoker.test=none-selected \
  -Dgolden.it.excludedGroups=none -Dgroups=bench -Dtest=ImageBuildBench -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat it/target/bench-image-build.txt
