# Shared settings and helpers of the testbed scripts (sourced, not run).
# Every name, address and path the testbed uses is defined here, once.
set -euo pipefail

TB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TB_OUT="${GOLDEN_TESTBED_OUT:-$TB_DIR/target}"               # testbed.env, env/*.env, keys
TB_STATE="${GOLDEN_TESTBED_STATE:-/var/lib/golden-testbed}"   # pids, data roots, logs (removed by down.sh)
TB_CACHE="${GOLDEN_TESTBED_CACHE:-/var/cache/golden-testbed}" # base-image rootfs tarballs (kept by down.sh)

# Addresses. 10.213.0.0/16 is the testbed's; the root namespace gets an
# "unreachable" route for all of it, so only the public /24 below (a more
# specific, directly connected route) is reachable from the runner.
TB_NET=10.213.0.0/16
TB_PUB_NET=10.213.1.0/24     # bridge gtb0: runner + droplets ("the internet" of the droplets)
TB_PUB_GW=10.213.1.1         # root namespace side of the bridge (registry forwarder)
TB_DB_NET=10.213.2.0/24      # private: backend droplet <-> db only
TB_BACKEND_IP=10.213.1.10
TB_FRONTEND_IP=10.213.1.11
TB_BACKEND_DB_SIDE=10.213.2.1
TB_DB_IP=10.213.2.10
TB_BACKEND_BIP=10.213.11.1/24   # the droplets' own docker0 bridges
TB_FRONTEND_BIP=10.213.12.1/24
# Several droplets per environment (#19): a second backend droplet (no leg on the db subnet:
# migrations go through the first, the bastion) and a load balancer in front of both backends.
TB_BACKEND2_IP=10.213.1.12
TB_BACKEND2_BIP=10.213.13.1/24
TB_LB_IP=10.213.1.13
TB_LB_PORT=8000
TB_FRONTEND_LB_PORT=8090        # the frontend droplet's extra site: /api through the load balancer

TB_BRIDGE=gtb0
TB_NS_DB=gtb-db
TB_NS_BACKEND=gtb-backend
TB_NS_FRONTEND=gtb-frontend
TB_NS_BACKEND2=gtb-backend2
TB_NS_LB=gtb-lb
TB_DROPLETS="backend frontend backend2"   # every droplet (ns + dockerd + sshd)
# Every namespace, droplets first: down.sh stops their processes before the database's.
TB_NAMESPACES="$TB_NS_BACKEND $TB_NS_FRONTEND $TB_NS_BACKEND2 $TB_NS_LB $TB_NS_DB"
# The bridge end of every namespace's veth, as up.sh names them (gtb-<droplet>, gtb-lb).
TB_VETHS=$(for d in $TB_DROPLETS lb; do printf 'gtb-%s ' "$d"; done)

TB_REGISTRY_HOST=registry.golden.test
TB_REGISTRY_PORT="${GOLDEN_TESTBED_REGISTRY_PORT:-5000}"
TB_REGISTRY="$TB_REGISTRY_HOST:$TB_REGISTRY_PORT"
TB_HOSTS_TAG="# golden-testbed"
TB_FORWARD_RULE="-i $TB_BRIDGE -o $TB_BRIDGE -m comment --comment golden-testbed -j ACCEPT"

TB_USER=deployer
TB_USER_GECOS="golden testbed deployer"   # marks the user as the testbed's (down.sh removes it)
TB_DB_NAME=pm_dev
TB_DB_OWNER=pm_owner
TB_DB_APP=pm_app
TB_DB_PORT=5432
TB_PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"

# tb_lock: one up.sh/down.sh at a time on this machine, whichever checkout runs it.
# (Daemons started meanwhile inherit fd 8: up.sh unlocks explicitly when it ends.)
tb_lock() {
  mkdir -p "$TB_CACHE"
  exec 8>"$TB_CACHE/.testbed.lock"
  flock -w 600 8 || die "another it/testbed script holds $TB_CACHE/.testbed.lock"
}

log() { printf '[testbed] %s\n' "$*" >&2; }
die() { printf '[testbed] ERROR: %s\n' "$*" >&2; exit 1; }

require_root() { [ "$(id -u)" = 0 ] || die "run as root (it creates namespaces, routes and users)"; }

# pid_running PID: the process exists and is not a zombie. Daemons outlive up.sh and are
# reparented to PID 1, which here may not reap them at once: kill -0 alone would wait in vain.
pid_running() {
  local st
  st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# pid_alive FILE: the process recorded in FILE is running.
pid_alive() { [ -s "$1" ] && pid_running "$(cat "$1")"; }

# wait_for SECONDS DESCRIPTION COMMAND...: poll until COMMAND succeeds.
wait_for() {
  local secs=$1 what=$2; shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $end ] || { log "timed out after ${secs}s waiting for $what"; return 1; }
    sleep 0.2
  done
}

# stop_pidfile FILE [SECONDS]: TERM the recorded process, KILL it if it lingers.
stop_pidfile() {
  local f=$1 secs=${2:-15} pid
  [ -s "$f" ] || { rm -f "$f"; return 0; }
  pid=$(cat "$f")
  if pid_running "$pid"; then
    kill "$pid" 2>/dev/null || true
    local end=$((SECONDS + secs))
    while pid_running "$pid" && [ $SECONDS -lt $end ]; do sleep 0.1; done
    pid_running "$pid" && kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$f"
}

# in_droplet NAME CMD...: run CMD in the droplet's network AND mount namespace
# (the one its sshd, dockerd and nginx share), entered through its holder process.
in_droplet() {
  local name=$1; shift
  local holder; holder=$(cat "$TB_STATE/$name/holder.pid")
  nsenter -t "$holder" -m -n -- "$@"
}

ns_exists() { [ -e "/run/netns/$1" ]; }
droplet_ns() { case $1 in backend) echo "$TB_NS_BACKEND";; frontend) echo "$TB_NS_FRONTEND";; backend2) echo "$TB_NS_BACKEND2";; *) die "no droplet $1";; esac; }
droplet_ip() { case $1 in backend) echo "$TB_BACKEND_IP";; frontend) echo "$TB_FRONTEND_IP";; backend2) echo "$TB_BACKEND2_IP";; *) die "no droplet $1";; esac; }
droplet_bip() { case $1 in backend) echo "$TB_BACKEND_BIP";; frontend) echo "$TB_FRONTEND_BIP";; backend2) echo "$TB_BACKEND2_BIP";; *) die "no droplet $1";; esac; }
