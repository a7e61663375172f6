#!/usr/bin/env bash
# Checks that nothing of the testbed is left on the machine (run after down.sh):
# namespaces, links, routes, processes, mounts, cgroups, /etc/hosts lines, sudoers, user, state.
# Exit 0 when clean; otherwise lists every leftover and exits 1.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
left=0
leftover() { printf '[testbed] LEFTOVER %s\n' "$*" >&2; left=1; }

for ns in $TB_NAMESPACES; do
  ns_exists "$ns" && leftover "network namespace $ns"
  [ -e "/etc/netns/$ns" ] && leftover "/etc/netns/$ns"
done
for l in "$TB_BRIDGE" $TB_VETHS; do ip link show "$l" >/dev/null 2>&1 && leftover "link $l"; done
routes=$(ip route show table all 2>/dev/null | grep -F '10.213.' || true)
[ -n "$routes" ] && leftover "routes: $routes"
iptables -S 2>/dev/null | grep -q golden-testbed && leftover "iptables rules: $(iptables -S | grep golden-testbed)"
grep -q "$TB_HOSTS_TAG" /etc/hosts && leftover "/etc/hosts line: $(grep "$TB_HOSTS_TAG" /etc/hosts)"
[ -e /etc/sudoers.d/golden-testbed ] && leftover "/etc/sudoers.d/golden-testbed"
grep -qE "golden-testbed|$TB_STATE" /proc/self/mounts && leftover "mounts: $(grep -E "golden-testbed|$TB_STATE" /proc/self/mounts | tr '\n' ';')"
ls -d /sys/fs/cgroup/*/golden-testbed-* >/dev/null 2>&1 && leftover "cgroups: $(ls -d /sys/fs/cgroup/*/golden-testbed-* | tr '\n' ' ')"
# Processes of the testbed: every daemon it starts names the state dir (or, the registry
# forwarder, the bridge address) on its command line.
procs=$(ps -eo pid=,args= | grep -F -e "$TB_STATE/" -e "bind=$TB_PUB_GW" | grep -v -e 'grep -F' -e selftest.sh || true)
[ -n "$procs" ] && leftover "processes: $procs"
[ -e "$TB_STATE" ] && leftover "state dir $TB_STATE"
id "$TB_USER" >/dev/null 2>&1 && leftover "user $TB_USER"
[ $left -eq 0 ] && log "clean: no namespace, link, route, process, mount, cgroup, hosts line or state left"
exit $left
