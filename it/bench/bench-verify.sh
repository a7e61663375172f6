#!/usr/bin/env bash
# golden:verify benchmark (not a test): synthetic 5,000-file service; prints verify_seconds last.
# bench-target: verify_seconds < 2
# Builds the plugin classes offline if needed and runs VerifyBench.java with the plugin's classpath.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./mvnw -B -ntp -q -o compile -pl golden-maven-plugin
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -ntp -q -o dependency:build-classpath -pl golden-maven-plugin -Dmdep.outputFile="$cp_file" >/dev/null
exec java -cp "golden-maven-plugin/target/classes:$(cat "$cp_file")" it/bench/VerifyBench.java config/env.manifest.json
