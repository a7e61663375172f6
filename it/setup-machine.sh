#!/usr/bin/env bash
# Installs the Debian packages the build and its tests need, when they are missing.
# Safe to run again: it installs nothing that is already there.
set -euo pipefail

need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v git >/dev/null 2>&1 || need+=(git)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
# golden:build/push tests: a static busybox for a FROM-scratch base, a registry with htpasswd auth.
[ -x /bin/busybox ] || need+=(busybox-static)
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)

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
