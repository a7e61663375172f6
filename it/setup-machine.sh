#!/usr/bin/env bash
# Installs the Debian packages the build and its tests need, when they are missing.
# Safe to run again: it installs nothing that is already there.
set -euo pipefail

need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v git >/dev/null 2>&1 || need+=(git)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
# build/push tests: a registry with htpasswd auth.
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
# migrate tests: a throwaway PostgreSQL, psql/python3 reading the DATABASE_URL.
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client-15)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# The archetype's SPA in a real browser (ServiceEndToEndTest): Debian's Chromium and its driver.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
# The workflow linter (WorkflowLintTest): @action-validator/cli from npm, run by Debian's node.
command -v npm >/dev/null 2>&1 || need+=(npm)
# A static busybox makes FROM-scratch test images (the dynamic one would need libc inside).
{ [ -x /bin/busybox ] && ldd /bin/busybox 2>&1 | grep -q 'not a dynamic'; } || need+=(busybox-static)

if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup-machine: missing ${need[*]}; run as root or install them" >&2
    exit 1
  fi
  echo "setup-machine: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
