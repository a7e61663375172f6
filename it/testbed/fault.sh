#!/usr/bin/env bash
# Fault injection for reliability tests, and its undo.
#   it/testbed/fault.sh kill-bastion-sshd | stop-db | stop-registry | block-droplet [backend|frontend]
#   it/testbed/fault.sh undo <same fault> [droplet]
# kill-bastion-sshd  the backend droplet's sshd dies (open sessions and tunnels drop)
# stop-db            PostgreSQL stops (fast shutdown); the port then refuses
# stop-registry      the registry and its droplet-side forwarder stop
# block-droplet      the droplet's link goes down: connects to it time out (default backend)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root
usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
undo=0
if [ "$1" = undo ]; then undo=1; shift; [ $# -ge 1 ] || usage; fi
fault=$1 target=${2:-backend}
[ -s "$TB_STATE/backend/holder.pid" ] || die "the testbed is not up (it/testbed/up.sh)"

case "$fault:$undo" in
  kill-bastion-sshd:0)
    [ -s "$TB_STATE/backend/sshd.pid" ] || die "the bastion's sshd is not running"
    # The listener and every session it forked (a killed sshd takes its tunnels with it).
    pids=$(for p in $(ip netns pids "$TB_NS_BACKEND"); do [ "$(cat "/proc/$p/comm" 2>/dev/null)" != sshd ] || echo "$p"; done)
    kill -9 $pids 2>/dev/null || true
    rm -f "$TB_STATE/backend/sshd.pid"
    log "bastion sshd killed" ;;
  kill-bastion-sshd:1)
    pid_alive "$TB_STATE/backend/sshd.pid" || in_droplet backend /usr/sbin/sshd -f "$TB_STATE/backend/sshd_config" -E "$TB_STATE/backend/log/sshd.log"
    log "bastion sshd running" ;;
  stop-db:0)
    pid=$(head -1 "$TB_STATE/db/data/postmaster.pid" 2>/dev/null) || die "PostgreSQL is not running"
    kill -INT "$pid"   # fast shutdown
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    log "PostgreSQL stopped" ;;
  stop-db:1)
    if ! ip netns exec "$TB_NS_DB" "$TB_PG_BIN/pg_isready" -q -h "$TB_DB_IP" -p "$TB_DB_PORT"; then
      dir="$TB_STATE/db"
      ip netns exec "$TB_NS_DB" setsid runuser -u postgres -- "$TB_PG_BIN/postgres" -D "$dir/data" \
        -c listen_addresses="$TB_DB_IP" -p "$TB_DB_PORT" -c unix_socket_directories="$dir/sock" \
        >>"$dir/postgres.log" 2>&1 </dev/null &
      wait_for 30 PostgreSQL ip netns exec "$TB_NS_DB" "$TB_PG_BIN/pg_isready" -q -h "$TB_DB_IP" -p "$TB_DB_PORT" || die "PostgreSQL did not restart"
    fi
    log "PostgreSQL running" ;;
  stop-registry:0)
    stop_pidfile "$TB_STATE/registry/forwarder.pid"
    stop_pidfile "$TB_STATE/registry/registry.pid"
    log "registry stopped" ;;
  stop-registry:1)
    # up.sh is idempotent: it restarts exactly what is missing.
    "$TB_DIR/up.sh" ;;
  block-droplet:0)
    ip link set "gtb-$target" down
    log "$target droplet unreachable (link down)" ;;
  block-droplet:1)
    ip link set "gtb-$target" up
    log "$target droplet reachable" ;;
  *) usage ;;
esac
