#!/usr/bin/env bash
# The main job: the whole pipeline on a local testbed (it/demo/demo.sh; --help for flags).
exec "$(dirname "$0")/it/demo/demo.sh" "$@"
