#!/usr/bin/env bash
# Says what of the testbed is up. Exit 0 when everything is, 1 otherwise.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root
bad=0
check() {  # check "what" COMMAND...
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then printf '  up    %s\n' "$what"; else printf '  DOWN  %s\n' "$what"; bad=1; fi
}
tcp_open() { timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }
registry_answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$1:$TB_REGISTRY_PORT/v2/")" = 401 ]; }
route_unreachable() { grep -q "^unreachable $1 " <<<"$(ip route show type unreachable) "; }
echo "golden testbed (state $TB_STATE):"
check "safety route: unreachable $TB_NET" route_unreachable "$TB_NET"
check "safety route: unreachable $TB_DB_NET" route_unreachable "$TB_DB_NET"
check "runner docker engine" docker info
check "bridge $TB_BRIDGE $TB_PUB_GW" ip link show "$TB_BRIDGE"
for ns in $TB_NAMESPACES; do check "namespace $ns" test -e "/run/netns/$ns"; done
check "registry $TB_REGISTRY (127.0.0.1)" registry_answers 127.0.0.1
check "registry $TB_REGISTRY ($TB_PUB_GW, for droplets)" registry_answers "$TB_PUB_GW"
check "postgresql $TB_DB_IP:$TB_DB_PORT (in $TB_NS_DB)" ip netns exec "$TB_NS_DB" "$TB_PG_BIN/pg_isready" -q -h "$TB_DB_IP" -p "$TB_DB_PORT"
for d in $TB_DROPLETS; do
  check "$d droplet sshd $(droplet_ip "$d"):22" tcp_open "$(droplet_ip "$d")" 22
  check "$d droplet dockerd (unix://$TB_STATE/$d/docker.sock)" docker -H "unix://$TB_STATE/$d/docker.sock" info
done
check "frontend droplet nginx $TB_FRONTEND_IP:80" tcp_open "$TB_FRONTEND_IP" 80
check "load balancer $TB_LB_IP:$TB_LB_PORT (nginx in $TB_NS_LB; upstreams $TB_BACKEND_IP, $TB_BACKEND2_IP :8000)" tcp_open "$TB_LB_IP" "$TB_LB_PORT"
check "frontend droplet /api through the load balancer $TB_FRONTEND_IP:$TB_FRONTEND_LB_PORT" tcp_open "$TB_FRONTEND_IP" "$TB_FRONTEND_LB_PORT"
check "backend droplet reaches db $TB_DB_IP:$TB_DB_PORT" ip netns exec "$TB_NS_BACKEND" timeout 2 bash -c "exec 3<>/dev/tcp/$TB_DB_IP/$TB_DB_PORT"
check "outputs $TB_OUT/testbed.env" test -s "$TB_OUT/testbed.env"
exit $bad
