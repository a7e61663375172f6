#!/usr/bin/env bash
# Tears the testbed down: every process, namespace, veth, bridge, route, mount, cgroup,
# /etc/hosts line, user and file up.sh made. Safe after a failed or partial up.sh, and
# safe to run twice. Keeps the base-image cache ($GOLDEN_TESTBED_CACHE) and the runner's
# Docker engine (unless up.sh started that engine itself).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root
tb_lock
set +e   # best effort: one thing that is already gone must not stop the rest
START=$SECONDS

# kill_ns_procs NS: TERM, then KILL, every process in the network namespace.
kill_ns_procs() {
  local ns=$1 pids
  ns_exists "$ns" || return 0
  pids=$(ip netns pids "$ns" 2>/dev/null)
  [ -n "$pids" ] || return 0
  kill $pids 2>/dev/null
  local end=$((SECONDS + 10))
  while [ -n "$(ip netns pids "$ns" 2>/dev/null)" ] && [ $SECONDS -lt $end ]; do sleep 0.2; done
  pids=$(ip netns pids "$ns" 2>/dev/null)
  [ -z "$pids" ] || kill -9 $pids 2>/dev/null
  end=$((SECONDS + 5))
  while [ -n "$(ip netns pids "$ns" 2>/dev/null)" ] && [ $SECONDS -lt $end ]; do sleep 0.1; done
}

# Droplets: dockerd first (it stops its containers), then everything else in the namespace.
for d in $TB_DROPLETS; do
  stop_pidfile "$TB_STATE/$d/dockerd.pid" 30
done
stop_pidfile "$TB_STATE/lb/nginx.pid"
# Containers of the droplets live in their own namespaces: find them by cgroup.
for d in $TB_DROPLETS; do
  for procs in /sys/fs/cgroup/*/golden-testbed-$d/*/cgroup.procs; do
    [ -f "$procs" ] && xargs -r kill -9 < "$procs" 2>/dev/null
  done
done
for ns in $TB_NAMESPACES; do kill_ns_procs "$ns"; done
for d in $TB_DROPLETS; do
  find /sys/fs/cgroup/*/golden-testbed-$d -depth -type d -exec rmdir {} \; 2>/dev/null
  rm -f "$TB_STATE/$d/holder.pid" "$TB_STATE/$d/sshd.pid"
done

# Registry and its forwarder (root namespace).
stop_pidfile "$TB_STATE/registry/forwarder.pid"
stop_pidfile "$TB_STATE/registry/registry.pid"
# Daemons whose pid file was lost (a partial up, a run racing another checkout): every
# daemon of the testbed names the state dir, or the bridge address, on its command line.
for pid in $(ps -eo pid=,args= | grep -F -e "$TB_STATE/" -e "bind=$TB_PUB_GW" | grep -v -e 'grep -F' | awk '{print $1}'); do
  [ "$pid" = $$ ] || kill "$pid" 2>/dev/null
done

# Namespaces (their veths go with them), the bridge, /etc/netns files.
for ns in $TB_NAMESPACES; do
  ns_exists "$ns" && ip netns del "$ns"
  rm -rf "/etc/netns/$ns"
done
rmdir /etc/netns 2>/dev/null
while iptables -C FORWARD $TB_FORWARD_RULE 2>/dev/null; do iptables -D FORWARD $TB_FORWARD_RULE; done
for l in $TB_VETHS "$TB_BRIDGE"; do ip link show "$l" >/dev/null 2>&1 && ip link del "$l"; done

# Names, user, sudoers.
if grep -q "$TB_HOSTS_TAG" /etc/hosts; then
  # In place (not sed -i): /etc/hosts may be a bind mount that cannot be replaced.
  grep -v "$TB_HOSTS_TAG" /etc/hosts > /etc/hosts.golden-testbed.tmp && cat /etc/hosts.golden-testbed.tmp > /etc/hosts
  rm -f /etc/hosts.golden-testbed.tmp
fi
rm -f /etc/sudoers.d/golden-testbed /etc/sudoers.d/golden-testbed.tmp
if id "$TB_USER" >/dev/null 2>&1 && { [ -e "$TB_STATE/user.ours" ] || [ "$(getent passwd "$TB_USER" | cut -d: -f5)" = "$TB_USER_GECOS" ]; }; then
  userdel -r "$TB_USER" 2>/dev/null
fi
[ -e "$TB_STATE/docker-group.ours" ] && groupdel docker 2>/dev/null

# The runner's engine: only if up.sh started it.
if [ -e "$TB_STATE/root-dockerd.ours" ]; then
  stop_pidfile "$TB_STATE/root-dockerd.pid" 30
fi

# Routes last: until everything is gone, the testbed range stays unreachable.
ip route del unreachable "$TB_DB_NET" 2>/dev/null
ip route del unreachable "$TB_NET" 2>/dev/null

# State (data roots of droplet engines, database, registry storage, logs).
if [ -d "$TB_STATE" ]; then
  if grep -q " $TB_STATE" /proc/self/mounts; then
    log "mounts under $TB_STATE remain; not deleting it:"; grep " $TB_STATE" /proc/self/mounts >&2
  else
    rm -rf "$TB_STATE"
  fi
fi
rm -rf "$TB_OUT"
log "down in $((SECONDS - START))s"
