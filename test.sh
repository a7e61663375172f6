#!/usr/bin/env bash
# Runs every test of golden on this machine, from a bare Debian machine up:
# installs what is missing, then runs the whole Maven build with its tests.
set -euo pipefail
cd "$(dirname "$0")"

it/setup-machine.sh

./mvnw -B -ntp verify "$@"
