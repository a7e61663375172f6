#!/usr/bin/env bash
# Benchmark 2 (issue 9, from the migrate issue): throughput of golden's SSHJ forward vs
# OpenSSH `ssh -L` through one OpenSSH sshd on loopback, 256 MB per run, 3 runs, medians
# (it/bench/tunnel-bench.sh runs TunnelBench.java). Figure: tunnel_ratio = SSHJ / OpenSSH.
# bench-target: tunnel_ratio >= 0.9
# bench-timeout: 900
set -euo pipefail
exec "$(dirname "$0")/tunnel-bench.sh"
