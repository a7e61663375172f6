#!/usr/bin/env bash
# Brings the local testbed up (idempotent: what already runs is left alone).
# Topology, addresses and usage: it/testbed/README.md. Tear down: it/testbed/down.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root
# A caller's open files (e.g. the lock of `flock /tmp/golden-testbed.lock it/testbed/up.sh`) must
# not be inherited by the daemons started below: they would hold that lock for as long as they
# run. Bash keeps the script itself on fd 255.
for fd in $(ls /proc/$$/fd); do
  [ "$fd" -gt 2 ] && [ "$fd" -lt 255 ] && eval "exec $fd>&-"
done
tb_lock
START=$SECONDS
mkdir -p "$TB_STATE" "$TB_OUT"
chmod 711 "$TB_STATE"   # postgres must traverse it; secrets inside are 0600

# ---------------------------------------------------------------- packages
ensure_packages() {
  local want=(docker.io openssh-server openssh-client docker-registry apache2-utils debootstrap
              nginx-light postgresql iproute2 busybox-static socat sudo iptables util-linux curl)
  local missing=() p
  for p in "${want[@]}"; do
    dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >"$TB_STATE/apt.log" 2>&1 || {
    apt-get update -q >>"$TB_STATE/apt.log" 2>&1
    apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$TB_STATE/apt.log" 2>&1 || { tail -20 "$TB_STATE/apt.log" >&2; die "apt-get install failed"; }
  }
  # Where no policy-rc.d blocks it, installing starts the stock services in the root
  # namespace. The testbed runs its own; stop only what this install just started.
  for p in "${missing[@]}"; do
    case $p in
      nginx-light) [ -s /run/nginx.pid ] && nginx -s quit 2>/dev/null && log "stopped the root namespace's nginx that the install started" ;;
      postgresql) command -v pg_lsclusters >/dev/null && pg_lsclusters -h 2>/dev/null | awk '$4=="online"{print $1, $2}' \
                    | while read -r v c; do pg_ctlcluster "$v" "$c" stop && log "stopped PostgreSQL cluster $v/$c that the install started"; done ;;
      openssh-server) [ -s /run/sshd.pid ] && kill "$(cat /run/sshd.pid)" 2>/dev/null && log "stopped the root namespace's sshd that the install started" ;;
    esac
  done
  return 0
}

# ---------------------------------------------------------------- runner engine
ensure_root_engine() {
  docker info >/dev/null 2>&1 && return 0
  log "no Docker engine answers: starting dockerd in the root namespace"
  touch "$TB_STATE/root-dockerd.ours"
  setsid dockerd --pidfile "$TB_STATE/root-dockerd.pid" >"$TB_STATE/root-dockerd.log" 2>&1 </dev/null &
  wait_for 60 "the runner's dockerd" docker info || { tail -20 "$TB_STATE/root-dockerd.log" >&2; die "dockerd did not start"; }
}

# ---------------------------------------------------------------- safety first
ensure_safety_routes() {
  # Before anything can connect: the whole testbed range and the private db subnet are
  # unreachable from the root namespace, so a stray connect fails at once with
  # "No route to host" instead of leaving the machine by the default route.
  ip route replace unreachable "$TB_NET"
  ip route replace unreachable "$TB_DB_NET"
}

# ---------------------------------------------------------------- network
ensure_ns() { ns_exists "$1" || { ip netns add "$1"; ip -n "$1" link set lo up; }; }

ensure_network() {
  if ! ip link show "$TB_BRIDGE" >/dev/null 2>&1; then
    ip link add "$TB_BRIDGE" type bridge
    ip addr add "$TB_PUB_GW/24" dev "$TB_BRIDGE"
  fi
  ip link set "$TB_BRIDGE" up
  # Frames between droplets on the bridge pass the root's FORWARD chain (br_netfilter),
  # whose policy docker sets to DROP: let the bridge's own traffic through, nothing else.
  iptables -C FORWARD $TB_FORWARD_RULE 2>/dev/null || iptables -I FORWARD $TB_FORWARD_RULE
  local ns
  for ns in $TB_NAMESPACES; do ensure_ns "$ns"; done
  local d ip veth
  for d in $TB_DROPLETS lb; do
    if [ "$d" = lb ]; then ns=$TB_NS_LB ip=$TB_LB_IP; else ns=$(droplet_ns $d); ip=$(droplet_ip $d); fi
    veth="gtb-$d"
    if ! ip link show "$veth" >/dev/null 2>&1; then
      ip link add "$veth" type veth peer name eth0 netns "$ns"
      ip link set "$veth" master "$TB_BRIDGE" up
      ip -n "$ns" addr add "$ip/24" dev eth0
      ip -n "$ns" link set eth0 up
    fi
    # No default route: a droplet reaches the bridge subnet (runner, registry, the other
    # droplet) and nothing else. The backend also reaches the db subnet (below).
  done
  if ! ip -n "$TB_NS_BACKEND" link show gtb-db >/dev/null 2>&1; then
    ip -n "$TB_NS_BACKEND" link add gtb-db type veth peer name eth0 netns "$TB_NS_DB"
    ip -n "$TB_NS_BACKEND" addr add "$TB_BACKEND_DB_SIDE/24" dev gtb-db
    ip -n "$TB_NS_BACKEND" link set gtb-db up
    ip -n "$TB_NS_DB" addr add "$TB_DB_IP/24" dev eth0
    ip -n "$TB_NS_DB" link set eth0 up
  fi
}

# ---------------------------------------------------------------- names
ensure_hosts() {
  # One registry name for everybody: loopback for the runner (docker treats a registry
  # on 127.0.0.0/8 as insecure without daemon flags), the bridge address for droplets.
  if ! grep -q "$TB_HOSTS_TAG" /etc/hosts; then
    printf '127.0.0.1 %s %s\n' "$TB_REGISTRY_HOST" "$TB_HOSTS_TAG" >> /etc/hosts
  fi
  local ns
  for ns in $TB_NAMESPACES; do
    mkdir -p "/etc/netns/$ns"
    cat > "/etc/netns/$ns/hosts" <<HOSTS
127.0.0.1 localhost
::1 localhost
$TB_PUB_GW $TB_REGISTRY_HOST
$TB_BACKEND_IP backend-droplet
$TB_FRONTEND_IP frontend-droplet
$TB_BACKEND2_IP backend2-droplet
$TB_LB_IP lb
$TB_DB_IP db
HOSTS
  done
}

# ---------------------------------------------------------------- secrets
random_hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }

ensure_secrets() {
  local f="$TB_STATE/secrets.env"
  if [ ! -s "$f" ]; then
    # Passwords carry @ : / % # on purpose: URL-pasting code breaks on them.
    umask 077
    cat > "$f" <<SECRETS
TB_DB_OWNER_PASSWORD='Own@r:$(random_hex 4)/p%w#1'
TB_DB_APP_PASSWORD='App@u:$(random_hex 4)/p%w#2'
TB_USER_PASSWORD='Dep@l:$(random_hex 4)/y%r#3'
TB_TOKEN='dop_v1_$(random_hex 24)'
TB_SECRET_KEY='dj@ngo:$(random_hex 16)/s%k#'
SECRETS
    umask 022
  fi
  # shellcheck disable=SC1090
  source "$f"
  # Keys and secrets live in the state dir (one testbed per machine); each checkout's
  # outputs are copies, so up.sh from any worktree hands out the same, current facts.
  install -d -m 700 "$TB_STATE/ssh" "$TB_OUT/ssh"
  [ -s "$TB_STATE/ssh/deployer_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C "deployer@golden-testbed" -f "$TB_STATE/ssh/deployer_ed25519"
  install -m 600 "$TB_STATE/ssh/deployer_ed25519" "$TB_OUT/ssh/deployer_ed25519"
  install -m 644 "$TB_STATE/ssh/deployer_ed25519.pub" "$TB_OUT/ssh/deployer_ed25519.pub"
  local d
  for d in $TB_DROPLETS; do
    mkdir -p "$TB_STATE/$d"
    [ -s "$TB_STATE/$d/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "$d-droplet" -f "$TB_STATE/$d/ssh_host_ed25519_key"
  done
}

# ---------------------------------------------------------------- deployer user
ensure_user() {
  if ! id "$TB_USER" >/dev/null 2>&1; then
    useradd -m -s /bin/bash -c "$TB_USER_GECOS" "$TB_USER"
    touch "$TB_STATE/user.ours"
  fi
  getent group docker >/dev/null || { groupadd docker; touch "$TB_STATE/docker-group.ours"; }
  usermod -aG docker "$TB_USER"
  printf '%s:%s\n' "$TB_USER" "$TB_USER_PASSWORD" | chpasswd
  local home; home=$(getent passwd "$TB_USER" | cut -d: -f6)
  install -d -m 700 -o "$TB_USER" -g "$TB_USER" "$home/.ssh"
  # Added, not replaced: a checkout running an older up.sh may have put its own key there.
  touch "$home/.ssh/authorized_keys"
  grep -qxF "$(cat "$TB_STATE/ssh/deployer_ed25519.pub")" "$home/.ssh/authorized_keys" \
    || cat "$TB_STATE/ssh/deployer_ed25519.pub" >> "$home/.ssh/authorized_keys"
  chown "$TB_USER:$TB_USER" "$home/.ssh/authorized_keys"; chmod 600 "$home/.ssh/authorized_keys"
  # The deploy reloads the droplet's host nginx: deployer may run nginx (-t, -s reload) as root.
  printf '%s ALL=(root) NOPASSWD: /usr/sbin/nginx\n' "$TB_USER" > /etc/sudoers.d/golden-testbed.tmp
  chmod 440 /etc/sudoers.d/golden-testbed.tmp
  visudo -cqf /etc/sudoers.d/golden-testbed.tmp && mv /etc/sudoers.d/golden-testbed.tmp /etc/sudoers.d/golden-testbed
}

# ---------------------------------------------------------------- registry
registry_answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$1:$TB_REGISTRY_PORT/v2/")" = 401 ]; }

ensure_registry() {
  local dir="$TB_STATE/registry"
  mkdir -p "$dir/data"
  # DOCR's convention: user = password = the token. htpasswd reads it from stdin.
  printf '%s' "$TB_TOKEN" | htpasswd -iBc "$dir/htpasswd" "$TB_TOKEN" 2>/dev/null
  chmod 600 "$dir/htpasswd"
  cat > "$dir/config.yml" <<CONF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$TB_REGISTRY_PORT
auth:
  htpasswd:
    realm: golden-testbed
    path: $dir/htpasswd
CONF
  if ! pid_alive "$dir/registry.pid"; then
    setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
    echo $! > "$dir/registry.pid"
  fi
  wait_for 20 "the registry on 127.0.0.1:$TB_REGISTRY_PORT" registry_answers 127.0.0.1 || { tail "$dir/registry.log" >&2; die "registry did not start"; }
  # The same registry on the bridge address, for the droplets' engines.
  if ! pid_alive "$dir/forwarder.pid"; then
    setsid socat "TCP-LISTEN:$TB_REGISTRY_PORT,bind=$TB_PUB_GW,reuseaddr,fork" "TCP:127.0.0.1:$TB_REGISTRY_PORT" >"$dir/forwarder.log" 2>&1 </dev/null &
    echo $! > "$dir/forwarder.pid"
  fi
  wait_for 10 "the registry on $TB_PUB_GW:$TB_REGISTRY_PORT" registry_answers "$TB_PUB_GW" || die "registry forwarder did not start"
}

# ---------------------------------------------------------------- database
db_ready() { ip netns exec "$TB_NS_DB" "$TB_PG_BIN/pg_isready" -q -h "$TB_DB_IP" -p "$TB_DB_PORT"; }

ensure_db() {
  local dir="$TB_STATE/db"
  [ -n "$TB_PG_BIN" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  mkdir -p "$dir/sock"; chown postgres:postgres "$dir" "$dir/sock"
  if [ ! -s "$dir/data/PG_VERSION" ]; then
    install -d -o postgres -g postgres -m 700 "$dir/data"
    runuser -u postgres -- "$TB_PG_BIN/initdb" --no-instructions -D "$dir/data" -A scram-sha-256 --auth-local=peer -U postgres >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    cat >> "$dir/data/pg_hba.conf" <<HBA
# golden testbed: the private subnet (the backend droplet / bastion) with passwords
host all all $TB_DB_NET scram-sha-256
HBA
  fi
  if ! db_ready; then
    rm -f "$dir/data/postmaster.pid"
    ip netns exec "$TB_NS_DB" setsid runuser -u postgres -- "$TB_PG_BIN/postgres" -D "$dir/data" \
      -c listen_addresses="$TB_DB_IP" -p "$TB_DB_PORT" -c unix_socket_directories="$dir/sock" \
      >"$dir/postgres.log" 2>&1 </dev/null &
    wait_for 30 "PostgreSQL in $TB_NS_DB" db_ready || { tail "$dir/postgres.log" >&2; die "PostgreSQL did not start"; }
  fi
  # Roles and database (idempotent); passwords travel as psql variables on stdin, never argv.
  ip netns exec "$TB_NS_DB" runuser -u postgres -- "$TB_PG_BIN/psql" -q -X -v ON_ERROR_STOP=1 \
    -h "$dir/sock" -p "$TB_DB_PORT" -d postgres >/dev/null <<SQL
\set owner_pw '$(printf '%s' "$TB_DB_OWNER_PASSWORD" | sed "s/'/''/g")'
\set app_pw '$(printf '%s' "$TB_DB_APP_PASSWORD" | sed "s/'/''/g")'
SELECT 'CREATE ROLE $TB_DB_OWNER LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TB_DB_OWNER') \gexec
SELECT 'CREATE ROLE $TB_DB_APP LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TB_DB_APP') \gexec
ALTER ROLE $TB_DB_OWNER LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS CREATEDB PASSWORD :'owner_pw';
ALTER ROLE $TB_DB_APP LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS PASSWORD :'app_pw';
SELECT 'CREATE DATABASE $TB_DB_NAME OWNER $TB_DB_OWNER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$TB_DB_NAME') \gexec
REVOKE ALL ON DATABASE $TB_DB_NAME FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE $TB_DB_NAME TO $TB_DB_APP;
\c $TB_DB_NAME
GRANT USAGE ON SCHEMA public TO $TB_DB_APP;
ALTER DEFAULT PRIVILEGES FOR ROLE $TB_DB_OWNER IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO $TB_DB_APP;
ALTER DEFAULT PRIVILEGES FOR ROLE $TB_DB_OWNER IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO $TB_DB_APP;
SQL
}

# ---------------------------------------------------------------- droplets
# A droplet = a network namespace + ONE mount namespace shared by its dockerd, sshd and
# (frontend) nginx, kept alive by a holder process. In it: a private /run (so the
# droplet's socket is the standard /var/run/docker.sock, not the runner's), cgroup
# hierarchies remounted (ip netns exec remounts /sys), a private /opt/pm and, on the
# frontend, its own /etc/nginx and /var/log/nginx.
cgroup_mounts() {
  # "fstype dir options" of the root namespace's cgroup mounts, replayed in the droplet.
  awk '$2 ~ "^/sys/fs/cgroup" && ($3=="cgroup" || $3=="cgroup2" || $3=="tmpfs") {print $3, $2, $4}' /proc/self/mounts
}

ensure_droplet_ns() {
  local d=$1 ns; ns=$(droplet_ns "$d")
  local dir="$TB_STATE/$d"
  pid_alive "$dir/holder.pid" && return 0
  mkdir -p "$dir/opt-pm" "$dir/docker" "$dir/log"
  chown "$TB_USER:$TB_USER" "$dir/opt-pm"
  if [ "$d" = frontend ]; then
    install -d -o "$TB_USER" -g "$TB_USER" "$dir/opt-pm/frontend" "$dir/opt-pm/frontend/env"
    if [ ! -d "$dir/etc-nginx" ]; then
      cp -a /etc/nginx "$dir/etc-nginx"
      # The deploy (as deployer) writes its site here, then runs `sudo -n nginx -t` and
      # `sudo -n nginx -s reload`.
      chown "$TB_USER:$TB_USER" "$dir/etc-nginx/sites-enabled" "$dir/etc-nginx/conf.d"
    fi
    mkdir -p "$dir/log/nginx"
  else
    install -d -o "$TB_USER" -g "$TB_USER" "$dir/opt-pm/backend"
  fi
  cgroup_mounts > "$dir/cgroups"
  ip netns exec "$ns" bash -s "$dir" "$d" <<'INIT'
set -euo pipefail
dir=$1 d=$2
mount --make-rprivate /
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/sshd /run/nginx /run/lock
while read -r type mp opts; do
  case $type in
    tmpfs) mount -t tmpfs -o mode=755 cgroup "$mp" ;;
    *) mkdir -p "$mp"; mount -t "$type" -o "$opts" "$type" "$mp" ;;
  esac
done < "$dir/cgroups"
mount -t tmpfs -o mode=755 tmpfs /opt
mkdir -p /opt/pm
mount --bind "$dir/opt-pm" /opt/pm
if [ "$d" = frontend ]; then
  mount --bind "$dir/etc-nginx" /etc/nginx
  mount --bind "$dir/log/nginx" /var/log/nginx
fi
setsid sleep infinity </dev/null >/dev/null 2>&1 &
echo $! > "$dir/holder.pid"
INIT
}

droplet_docker_ready() { docker -H "unix://$TB_STATE/$1/docker.sock" info; }

ensure_droplet_dockerd() {
  local d=$1 dir="$TB_STATE/$1"
  pid_alive "$dir/dockerd.pid" && droplet_docker_ready "$d" >/dev/null 2>&1 && return 0
  # A simple command in the background: bash execs nsenter, no shell lingers as parent.
  nsenter -t "$(cat "$dir/holder.pid")" -m -n -- setsid dockerd \
    --data-root "$dir/docker" --exec-root /run/docker --pidfile "$dir/dockerd.pid" \
    -H unix:///run/docker.sock -H "unix://$dir/docker.sock" --group docker \
    --bip "$(droplet_bip "$d")" --cgroup-parent "/golden-testbed-$d" \
    --insecure-registry "$TB_REGISTRY" --shutdown-timeout 3 \
    >"$dir/log/dockerd.log" 2>&1 </dev/null &
}

ensure_droplet_sshd() {
  local d=$1 dir="$TB_STATE/$1"
  cat > "$dir/sshd_config" <<CONF
# $d droplet of the golden testbed
ListenAddress $(droplet_ip "$d"):22
HostKey $dir/ssh_host_ed25519_key
PidFile $dir/sshd.pid
AllowUsers $TB_USER
PermitRootLogin no
PasswordAuthentication yes
PubkeyAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
AllowTcpForwarding yes
PermitOpen any
X11Forwarding no
PrintMotd no
ClientAliveInterval 15
MaxStartups 30:50:100
Subsystem sftp internal-sftp
CONF
  pid_alive "$dir/sshd.pid" && return 0
  in_droplet "$d" /usr/sbin/sshd -t -f "$dir/sshd_config" || die "sshd config of $d is invalid"
  in_droplet "$d" /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/log/sshd.log"
}

ensure_frontend_nginx() {
  local dir="$TB_STATE/frontend"
  in_droplet frontend sh -c 'test -s /run/nginx.pid && kill -0 "$(cat /run/nginx.pid)"' 2>/dev/null && return 0
  in_droplet frontend /usr/sbin/nginx -t -q || die "the frontend droplet's nginx config is invalid"
  in_droplet frontend /usr/sbin/nginx
}

tcp_open() { timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# ---------------------------------------------------------------- load balancer (#19)
# nginx from Debian in its own namespace, in front of both backend droplets' port 8000. A
# backend that does not answer is skipped (passive checks, the request retried on the
# other), so the LB serves whenever one backend does, e.g. when only the first is deployed.
ensure_lb() {
  local dir="$TB_STATE/lb"
  mkdir -p "$dir/tmp" "$dir/log"
  cat > "$dir/nginx.conf.tmp" <<CONF
# load balancer of the golden testbed (it/testbed/up.sh)
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/log/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  upstream golden_backends {
    server $TB_BACKEND_IP:8000 max_fails=1 fail_timeout=2s;
    server $TB_BACKEND2_IP:8000 max_fails=1 fail_timeout=2s;
    keepalive 16;
  }
  server {
    listen $TB_LB_IP:$TB_LB_PORT;
    location / {
      proxy_pass http://golden_backends;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_connect_timeout 1s;
      proxy_next_upstream error timeout http_502 http_503 http_504;
      proxy_next_upstream_tries 2;
      add_header X-Golden-Upstream \$upstream_addr always;
    }
  }
}
CONF
  mv "$dir/nginx.conf.tmp" "$dir/nginx.conf"
  if pid_alive "$dir/nginx.pid"; then
    ip netns exec "$TB_NS_LB" /usr/sbin/nginx -t -q -c "$dir/nginx.conf" && kill -HUP "$(cat "$dir/nginx.pid")"
    return 0
  fi
  ip netns exec "$TB_NS_LB" /usr/sbin/nginx -t -q -c "$dir/nginx.conf" || die "the load balancer's nginx config is invalid"
  ip netns exec "$TB_NS_LB" /usr/sbin/nginx -c "$dir/nginx.conf"
}

# The frontend droplet's extra site: /api through the load balancer, on its own port, so the
# default site (what golden:deploy of dev-frontend writes, and the single-host tests read) is
# never touched.
ensure_frontend_lb_site() {
  local f="$TB_STATE/frontend/etc-nginx/sites-enabled/golden-lb"
  cat > "$f.tmp" <<SITE
# golden testbed (#19): the frontend droplet's /api through the load balancer of both backends
server {
  listen $TB_FRONTEND_IP:$TB_FRONTEND_LB_PORT;
  location /api/ {
    proxy_pass http://$TB_LB_IP:$TB_LB_PORT;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
  }
  location / { return 200 "golden testbed: /api goes through the load balancer"; }
}
SITE
  if cmp -s "$f.tmp" "$f"; then rm -f "$f.tmp"; return 0; fi
  mv "$f.tmp" "$f"
  in_droplet frontend /usr/sbin/nginx -t -q && in_droplet frontend /usr/sbin/nginx -s reload \
    || { rm -f "$f"; die "the frontend droplet's nginx refused the load-balancer site"; }
}

# ---------------------------------------------------------------- outputs
q() { local s=${1//\'/\'\\\'\'}; printf "'%s'" "$s"; }   # single-quote for sh `source`
exp() { printf 'export %s=%s\n' "$1" "$(q "$2")"; }
fingerprint() { ssh-keygen -lf "$1" | awk '{print $2}'; }

write_outputs() {
  local key; key="$(cat "$TB_OUT/ssh/deployer_ed25519")"$'\n'
  local be_fp fe_fp
  be_fp=$(fingerprint "$TB_STATE/backend/ssh_host_ed25519_key.pub")
  fe_fp=$(fingerprint "$TB_STATE/frontend/ssh_host_ed25519_key.pub")
  local be2_fp; be2_fp=$(fingerprint "$TB_STATE/backend2/ssh_host_ed25519_key.pub")
  {
    printf '%s %s\n' "$TB_BACKEND_IP" "$(cut -d' ' -f1,2 "$TB_STATE/backend/ssh_host_ed25519_key.pub")"
    printf '%s %s\n' "$TB_FRONTEND_IP" "$(cut -d' ' -f1,2 "$TB_STATE/frontend/ssh_host_ed25519_key.pub")"
    printf '%s %s\n' "$TB_BACKEND2_IP" "$(cut -d' ' -f1,2 "$TB_STATE/backend2/ssh_host_ed25519_key.pub")"
  } > "$TB_OUT/ssh/known_hosts"
  umask 077
  mkdir -p "$TB_OUT/env"
  # The origin, as in the reference (window.ENV.API_BASE_URL = "https://dev.meatscentral.com"):
  # the SPA appends /api/v1/... itself.
  local api="http://$TB_FRONTEND_IP"
  {
    echo "# golden testbed facts for tests and humans (written by it/testbed/up.sh; 0600)."
    exp TESTBED_STATE_DIR "$TB_STATE"
    exp TESTBED_BRIDGE "$TB_BRIDGE"
    exp TESTBED_PUBLIC_SUBNET "$TB_PUB_NET"
    exp TESTBED_RUNNER_IP "$TB_PUB_GW"
    exp TESTBED_DB_SUBNET "$TB_DB_NET"
    exp TESTBED_NETNS_DB "$TB_NS_DB"
    exp TESTBED_NETNS_BACKEND "$TB_NS_BACKEND"
    exp TESTBED_NETNS_FRONTEND "$TB_NS_FRONTEND"
    exp TESTBED_BACKEND_IP "$TB_BACKEND_IP"
    exp TESTBED_FRONTEND_IP "$TB_FRONTEND_IP"
    exp TESTBED_SSH_PORT 22
    exp TESTBED_SSH_USER "$TB_USER"
    exp TESTBED_SSH_PASSWORD "$TB_USER_PASSWORD"
    exp TESTBED_SSH_PRIVATE_KEY_FILE "$TB_OUT/ssh/deployer_ed25519"
    exp TESTBED_SSH_KNOWN_HOSTS "$TB_OUT/ssh/known_hosts"
    exp TESTBED_BACKEND_HOST_FINGERPRINT "$be_fp"
    exp TESTBED_FRONTEND_HOST_FINGERPRINT "$fe_fp"
    exp TESTBED_BACKEND_DOCKER_HOST "unix://$TB_STATE/backend/docker.sock"
    exp TESTBED_FRONTEND_DOCKER_HOST "unix://$TB_STATE/frontend/docker.sock"
    exp TESTBED_REGISTRY "$TB_REGISTRY"
    exp TESTBED_REGISTRY_USER "$TB_TOKEN"
    exp TESTBED_REGISTRY_PASSWORD "$TB_TOKEN"
    exp TESTBED_DB_HOST "$TB_DB_IP"
    exp TESTBED_DB_PORT "$TB_DB_PORT"
    exp TESTBED_DB_NAME "$TB_DB_NAME"
    exp TESTBED_DB_OWNER_USER "$TB_DB_OWNER"
    exp TESTBED_DB_OWNER_PASSWORD "$TB_DB_OWNER_PASSWORD"
    exp TESTBED_DB_APP_USER "$TB_DB_APP"
    exp TESTBED_DB_APP_PASSWORD "$TB_DB_APP_PASSWORD"
    exp TESTBED_BASE_IMAGE_PYTHON "local/python-django:trixie"
    exp TESTBED_BASE_IMAGE_NGINX "local/nginx:trixie"
    exp TESTBED_ENV_BACKEND "$TB_OUT/env/dev-backend.env"
    exp TESTBED_ENV_FRONTEND "$TB_OUT/env/dev-frontend.env"
    exp TESTBED_NETNS_BACKEND2 "$TB_NS_BACKEND2"
    exp TESTBED_NETNS_LB "$TB_NS_LB"
    exp TESTBED_BACKEND2_IP "$TB_BACKEND2_IP"
    exp TESTBED_BACKEND2_HOST_FINGERPRINT "$be2_fp"
    exp TESTBED_BACKEND2_DOCKER_HOST "unix://$TB_STATE/backend2/docker.sock"
    exp TESTBED_LB_URL "http://$TB_LB_IP:$TB_LB_PORT"
    exp TESTBED_FRONTEND_LB_URL "http://$TB_FRONTEND_IP:$TB_FRONTEND_LB_PORT"
  } > "$TB_OUT/testbed.env.tmp"
  # What GitHub would expose to a job of environment dev-backend (+ repository globals).
  {
    echo "# GitHub environment dev-backend + repository secrets, as the testbed provides them."
    exp DEV_HOST "$TB_BACKEND_IP"
    exp DEV_USER "$TB_USER"
    exp DEV_SSH_PASSWORD "$TB_USER_PASSWORD"
    exp DEV_SSH_PRIVATE_KEY "$key"
    exp DEV_SSH_HOST_FINGERPRINT "$be_fp"
    exp DO_ACCESS_TOKEN "$TB_TOKEN"
    exp DEV_DB_HOST "$TB_DB_IP"
    exp DEV_DB_PORT "$TB_DB_PORT"
    exp DEV_DB_NAME "$TB_DB_NAME"
    exp DEV_DB_USER "$TB_DB_OWNER"
    exp DEV_DB_PASSWORD "$TB_DB_OWNER_PASSWORD"
    exp DEV_DB_APP_USER "$TB_DB_APP"
    exp DEV_DB_APP_PASSWORD "$TB_DB_APP_PASSWORD"
    exp DEV_SECRET_KEY "$TB_SECRET_KEY"
  } > "$TB_OUT/env/dev-backend.env.tmp"
  {
    echo "# GitHub environment dev-frontend + repository secrets, as the testbed provides them."
    exp DEV_HOST "$TB_FRONTEND_IP"
    exp DEV_USER "$TB_USER"
    exp DEV_SSH_PASSWORD "$TB_USER_PASSWORD"
    exp DEV_SSH_PRIVATE_KEY "$key"
    exp DEV_SSH_HOST_FINGERPRINT "$fe_fp"
    exp DO_ACCESS_TOKEN "$TB_TOKEN"
    exp BACKEND_IP "$TB_BACKEND_IP"
    exp REACT_APP_API_BASE_URL "$api"
    exp REACT_APP_ENVIRONMENT "development"
  } > "$TB_OUT/env/dev-frontend.env.tmp"
  umask 022
  local f
  for f in testbed.env env/dev-backend.env env/dev-frontend.env; do
    chmod 600 "$TB_OUT/$f.tmp"; mv "$TB_OUT/$f.tmp" "$TB_OUT/$f"
  done
}

# The droplet proxy golden:deploy runs (default image nginx:1.27-alpine, from Docker Hub, which
# this machine cannot reach): the local nginx base, loaded into each droplet's engine under that
# name, so a deploy finds it present and pulls nothing. Only when missing (idempotent).
ensure_proxy_images() {
  local d host
  for d in $TB_DROPLETS; do
    host="unix://$TB_STATE/$d/docker.sock"
    docker -H "$host" image inspect nginx:1.27-alpine >/dev/null 2>&1 && continue
    docker save local/nginx:trixie | docker -H "$host" load -q >/dev/null || die "loading the proxy image into the $d droplet failed"
    docker -H "$host" tag local/nginx:trixie nginx:1.27-alpine || die "tagging the proxy image on the $d droplet failed"
  done
}

# ---------------------------------------------------------------- main
BASE_PID=
on_exit() {
  local rc=$?
  flock -u 8 2>/dev/null
  [ $rc -eq 0 ] && return
  [ -n "$BASE_PID" ] && kill "$BASE_PID" 2>/dev/null
  log "up.sh failed (exit $rc); logs under $TB_STATE; it/testbed/down.sh cleans up"
}
trap on_exit EXIT
ensure_safety_routes 2>/dev/null || true   # first of all (iproute2 may still be missing)
ensure_packages
ensure_safety_routes   # again: installing iproute2 on a bare machine comes after the first try
ensure_root_engine
"$TB_DIR/base-images.sh" >"$TB_STATE/base-images.log" 2>&1 &
BASE_PID=$!
ensure_network
ensure_hosts
ensure_secrets
ensure_user
ensure_registry
ensure_db
for d in $TB_DROPLETS; do ensure_droplet_ns "$d"; done
for d in $TB_DROPLETS; do ensure_droplet_dockerd "$d"; done
for d in $TB_DROPLETS; do ensure_droplet_sshd "$d"; done
ensure_frontend_nginx
ensure_lb
for d in $TB_DROPLETS; do
  wait_for 60 "the $d droplet's dockerd" droplet_docker_ready "$d" || { tail "$TB_STATE/$d/log/dockerd.log" >&2; die "dockerd of $d did not start"; }
  wait_for 10 "sshd on the $d droplet" tcp_open "$(droplet_ip "$d")" 22 || die "sshd of $d does not answer"
done
wait_for 10 "nginx on the frontend droplet" tcp_open "$TB_FRONTEND_IP" 80 || die "nginx of the frontend droplet does not answer"
ensure_frontend_lb_site
wait_for 10 "the load balancer" tcp_open "$TB_LB_IP" "$TB_LB_PORT" || die "the load balancer does not answer"
wait_for 10 "the frontend droplet's load-balancer site" tcp_open "$TB_FRONTEND_IP" "$TB_FRONTEND_LB_PORT" || die "the frontend droplet's load-balancer site does not answer"
write_outputs
if ! wait "$BASE_PID"; then cat "$TB_STATE/base-images.log" >&2; die "base images failed"; fi
ensure_proxy_images
log "up in $((SECONDS - START))s; facts: $TB_OUT/testbed.env, secrets: $TB_OUT/env/dev-backend.env, $TB_OUT/env/dev-frontend.env"
