#!/usr/bin/env bash
# SSHJ forward (golden's PortForward) vs OpenSSH `ssh -L` through one OpenSSH sshd on
# loopback: 256 MB per run, 3 runs, medians. Prints tunnel_ratio=... last (target >= 0.9).
# Needs openssh-client and openssh-server (sshd is started here, not as a service); run as root.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -ntp -q -o package -pl golden-maven-plugin -DskipTests
./mvnw -B -ntp -q -o dependency:build-classpath -pl golden-maven-plugin -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime
cp="golden-maven-plugin/target/classes:$(cat golden-maven-plugin/target/bench.classpath):$(ls ~/.m2/repository/org/slf4j/slf4j-nop/*/slf4j-nop-*.jar 2>/dev/null | tail -1)"
exec java -cp "$cp" "$@" it/bench/TunnelBench.java
