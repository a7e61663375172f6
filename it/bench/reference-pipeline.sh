#!/usr/bin/env bash
# The reference's own deployment, as GOLDEN_PIPELINE.md writes it ("Migration Strategy:
# Bastion Tunnel" steps 2-5, "Deployment Workflow" stages 5-6, "Frontend Strategy",
# "Health Check"): the BASELINE of benchmarks 1 and 4. Kept faithful on purpose, fixed
# sleeps and StrictHostKeyChecking=no included. Do not copy it: golden:deploy replaces it.
#
#   reference-pipeline.sh BACKEND_ENV_FILE FRONTEND_ENV_FILE SHA
#
# The env files hold what GitHub gives a job of environment dev-backend / dev-frontend
# (it/testbed/target/env/*.env, secret names as config/env.manifest.json maps them).
# Images: $REGISTRY/backend:dev-backend-SHA and $REGISTRY/frontend:dev-frontend-SHA.
# STAGES (default "migrate backend frontend") picks stages; REGISTRY defaults to the
# testbed's; DJANGO_SETTINGS_MODULE to the manifest's django_settings of dev-backend.
#
# Deviations, none of which changes what is timed:
#  - sshpass -e (password from $SSHPASS) instead of -p "$SSHPASS": same login, but the
#    password stays off the process list;
#  - secrets reach `docker run -e NAME` through the environment, not as NAME=value argv;
#  - host keys go to a throwaway known_hosts, not root's (StrictHostKeyChecking=no kept);
#  - `ssh -f` does not survive sshpass 1.09 here (the forked ssh dies as sshpass exits),
#    so the tunnel runs as a background job and the script waits, as -f does, until it is
#    logged in and listening on 5433, then sleeps the reference's 5 s;
#  - the tunnel is stopped by its own process id instead of the reference's
#    `pkill -f "ssh.*5433"`, which would kill any other ssh on this shared machine;
#  - DATABASE_URL's user and password are percent-encoded: the testbed's passwords carry
#    @ : / % # and the raw URL of the reference cannot even connect with them;
#  - the runner's registry login goes to a throwaway DOCKER_CONFIG;
#  - nginx reload falls back to `nginx -s reload` (no systemd on the droplets).
set -euo pipefail
[ $# -eq 3 ] || { sed -n '7,9p' "$0" >&2; exit 2; }
BACKEND_ENV_FILE=$1 FRONTEND_ENV_FILE=$2 SHA=$3
REGISTRY=${REGISTRY:-registry.golden.test:5000}
DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-projectmeats.settings.development}
STAGES=${STAGES:-migrate backend frontend}
work=$(mktemp -d)
tunnel_pid=""
close_tunnel() {
  [ -n "$tunnel_pid" ] || return 0
  kill $(pgrep -P "$tunnel_pid") "$tunnel_pid" 2>/dev/null || true
  wait "$tunnel_pid" 2>/dev/null || true
  tunnel_pid=""
}
cleanup() { close_tunnel; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
export DOCKER_CONFIG="$work/docker"
SSH_OPTS=(-o StrictHostKeyChecking=no -o UserKnownHostsFile="$work/known_hosts" -o LogLevel=ERROR)

stamp() { echo "[reference $(date +%T.%3N)] $*"; }
urlencode() {  # percent-encode everything but unreserved characters
  local s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in [a-zA-Z0-9.~_-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  printf '%s' "$out"
}
# remote_script NAME=VALUE...: export lines (shell-quoted) for the remote side, then the body from stdin.
remote_script() { local kv; for kv in "$@"; do printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"; done; cat; }

# ---------------------------------------------------------------- 4. Migrate Database
migrate() (
  trap close_tunnel EXIT
  set -a; source "$BACKEND_ENV_FILE"; set +a
  local image="$REGISTRY/backend:dev-backend-$SHA"
  export SSHPASS="$DEV_SSH_PASSWORD"
  stamp "migrate: tunnel 5433 -> $DEV_DB_HOST:${DEV_DB_PORT:-5432} via $DEV_USER@$DEV_HOST"
  # 2. Create SSH Tunnel (the reference: sshpass ... ssh -f -N -L; see the deviations above)
  sshpass -e ssh "${SSH_OPTS[@]}" -N \
    -L "5433:$DEV_DB_HOST:${DEV_DB_PORT:-5432}" \
    "$DEV_USER@$DEV_HOST" &
  tunnel_pid=$!
  for ((i = 0; i < 300; i++)); do   # what -f waits for: logged in, forward listening (30 s at most)
    ss -Hltn 'sport = :5433' | grep -q . && break
    kill -0 "$tunnel_pid" 2>/dev/null || { echo "reference: the tunnel's ssh exited" >&2; exit 1; }
    sleep 0.1
  done
  sleep 5
  # 3. Test Connectivity
  PGPASSWORD="$DEV_DB_PASSWORD" psql -h 127.0.0.1 -p 5433 -U "$DEV_DB_USER" -d "$DEV_DB_NAME" -X -t -c "SELECT version();"
  # 4. Run Migrations (the runner logs in to the registry first, as the workflow's login step does)
  printf '%s' "$DO_ACCESS_TOKEN" | docker login "$REGISTRY" -u "$DO_ACCESS_TOKEN" --password-stdin >/dev/null
  export DATABASE_URL="postgresql://$(urlencode "$DEV_DB_USER"):$(urlencode "$DEV_DB_PASSWORD")@127.0.0.1:5433/$DEV_DB_NAME"
  export SECRET_KEY="$DEV_SECRET_KEY" DJANGO_SETTINGS_MODULE
  docker run --rm \
    --network host \
    -e DATABASE_URL \
    -e DJANGO_SETTINGS_MODULE \
    -e SECRET_KEY \
    "$image" \
    python manage.py migrate --fake-initial --noinput
  # 5. Cleanup
  close_tunnel
  stamp "migrate: done"
)

# ---------------------------------------------------------------- 5. Deploy Backend
deploy_backend() (
  set -a; source "$BACKEND_ENV_FILE"; set +a
  export SSHPASS="$DEV_SSH_PASSWORD"
  stamp "backend: deploy $REGISTRY/backend:dev-backend-$SHA to $DEV_HOST"
  remote_script REGISTRY="$REGISTRY" IMAGE="$REGISTRY/backend:dev-backend-$SHA" TOKEN="$DO_ACCESS_TOKEN" \
      DATABASE_URL="postgresql://$(urlencode "$DEV_DB_APP_USER"):$(urlencode "$DEV_DB_APP_PASSWORD")@$DEV_DB_HOST:${DEV_DB_PORT:-5432}/$DEV_DB_NAME" \
      SECRET_KEY="$DEV_SECRET_KEY" DJANGO_SETTINGS_MODULE="$DJANGO_SETTINGS_MODULE" <<'REMOTE' |
echo "$TOKEN" | docker login "$REGISTRY" -u "$TOKEN" --password-stdin >/dev/null
docker pull "$IMAGE"
docker stop pm-backend 2>/dev/null || true
docker rm -f pm-backend 2>/dev/null || true
docker run -d --name pm-backend \
  --restart unless-stopped \
  -p 8000:8000 \
  -e DATABASE_URL -e SECRET_KEY -e DJANGO_SETTINGS_MODULE \
  "$IMAGE"
for i in 1 2 3 4 5; do
  if curl -sf http://localhost:8000/api/v1/health/ >/dev/null; then
    echo "backend healthy (attempt $i)"; exit 0
  fi
  echo "health attempt $i/5 failed; retrying in 5s"
  sleep 5
done
echo "backend health check failed after 5 attempts"
docker logs --tail 50 pm-backend 2>&1
exit 1
REMOTE
    sshpass -e ssh "${SSH_OPTS[@]}" "$DEV_USER@$DEV_HOST" bash -s
  stamp "backend: done"
)

# ---------------------------------------------------------------- 6. Deploy Frontend
deploy_frontend() (
  set -a; source "$FRONTEND_ENV_FILE"; set +a
  export SSHPASS="$DEV_SSH_PASSWORD"
  local backend_ip=${BACKEND_IP:-${DEV_BACKEND_IP:-}}
  stamp "frontend: deploy $REGISTRY/frontend:dev-frontend-$SHA to $DEV_HOST"
  remote_script REGISTRY="$REGISTRY" IMAGE="$REGISTRY/frontend:dev-frontend-$SHA" TOKEN="$DO_ACCESS_TOKEN" \
      BACKEND_IP="$backend_ip" API_BASE_URL="$REACT_APP_API_BASE_URL" ENVIRONMENT="$REACT_APP_ENVIRONMENT" <<'REMOTE' |
echo "$TOKEN" | docker login "$REGISTRY" -u "$TOKEN" --password-stdin >/dev/null
docker pull "$IMAGE"
mkdir -p /opt/pm/frontend/env
cat > /opt/pm/frontend/env/env-config.js <<JS
window.ENV = {
  API_BASE_URL: "$API_BASE_URL",
  ENVIRONMENT: "$ENVIRONMENT"
};
JS
docker stop pm-frontend 2>/dev/null || true
docker rm -f pm-frontend 2>/dev/null || true
docker run -d --name pm-frontend \
  --restart unless-stopped \
  -p 8080:80 \
  --add-host backend:$BACKEND_IP \
  -v /opt/pm/frontend/env/env-config.js:/usr/share/nginx/html/env-config.js:ro \
  "$IMAGE"
# Host nginx (Frontend Strategy): /api /admin /static -> backend, the rest -> the container.
cat > /etc/nginx/sites-enabled/.default.new <<NGINX
server {
    listen 80;
    server_name _ localhost;
    location ~ ^/(api|admin|static)/ {
        proxy_pass http://$BACKEND_IP:8000;
        proxy_set_header Host \$host;
        proxy_set_header X-Real-IP \$remote_addr;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto \$scheme;
    }
    location / {
        proxy_pass http://127.0.0.1:8080;
        proxy_set_header Host \$host;
        proxy_set_header X-Real-IP \$remote_addr;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto \$scheme;
    }
}
NGINX
mv -f /etc/nginx/sites-enabled/.default.new /etc/nginx/sites-enabled/default
sudo -n nginx -t 2>/dev/null && { sudo -n systemctl reload nginx 2>/dev/null || sudo -n nginx -s reload; }
for i in 1 2 3 4 5; do
  HTTP_CODE=$(curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1:8080/)
  if [ "$HTTP_CODE" = 200 ]; then
    echo "frontend healthy (attempt $i)"
    PROXY_CODE=$(curl -s -o /dev/null -w "%{http_code}" http://localhost:80/)
    echo "proxy answered $PROXY_CODE"
    exit 0
  fi
  echo "health attempt $i/5: HTTP $HTTP_CODE; retrying in 5s"
  sleep 5
done
echo "frontend health check failed after 5 attempts"
exit 1
REMOTE
    sshpass -e ssh "${SSH_OPTS[@]}" "$DEV_USER@$DEV_HOST" bash -s
  stamp "frontend: done"
)

command -v sshpass >/dev/null || { echo "reference-pipeline: sshpass is missing (apt-get install sshpass)" >&2; exit 1; }
for stage in $STAGES; do
  case $stage in
    migrate) migrate ;;
    backend) deploy_backend ;;
    frontend) deploy_frontend ;;
    *) echo "reference-pipeline: unknown stage $stage" >&2; exit 2 ;;
  esac
done
