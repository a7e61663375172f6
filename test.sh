#!/usr/bin/env bash
# Runs every test of golden on this machine, from a bare Debian machine up:
# installs what is missing, brings the local testbed up (it/testbed/README.md), runs the
# whole Maven build with its tests (including those tagged "testbed"), and tears the
# testbed down afterwards whatever the result, then checks that nothing was left behind.
set -euo pipefail
cd "$(dirname "$0")"

it/setup-machine.sh

teardown() {
  local rc=$?
  trap - EXIT INT TERM
  it/testbed/down.sh || rc=1
  it/testbed/selftest.sh || rc=1
  exit $rc
}
trap teardown EXIT
trap 'exit 130' INT TERM

it/testbed/up.sh
./mvnw -B -ntp verify -Ptestbed "$@"
