#!/usr/bin/env bash
# Builds the local base images the tests use instead of public ones (no Docker Hub here):
#   local/python-django:trixie   python3 (also as `python`, like python:3.12-slim) + Django + DRF + psycopg2 + gunicorn + psql client
#   local/nginx:trixie           nginx in the foreground, default site on :80 serving
#                                /usr/share/nginx/html (like the official nginx image)
# Made with debootstrap (minbase, the machine's own Debian mirror) + `docker import`
# into the runner's engine. The root filesystem tarball is cached under
# $GOLDEN_TESTBED_CACHE (default /var/cache/golden-testbed, kept by down.sh) by a hash
# of suite + package list + the config step, so an unchanged list is never rebuilt,
# and an image whose label carries the same hash is not even re-imported.
# Usage: it/testbed/base-images.sh [python-django|nginx ...]   (default: both)
# Env: GOLDEN_TESTBED_MIRROR (default: read from the apt sources), GOLDEN_TESTBED_SUITE (trixie).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root

SUITE="${GOLDEN_TESTBED_SUITE:-trixie}"

declare -A PACKAGES=(
  [python-django]="python3 python-is-python3 python3-django python3-djangorestframework python3-psycopg2 python3-dj-database-url gunicorn python3-whitenoise postgresql-client ca-certificates"
  [nginx]="nginx ca-certificates"
)

# The Debian mirror this machine's apt uses (deb822 .sources or one-line sources.list),
# skipping security and third-party repositories.
debian_mirror() {
  if [ -n "${GOLDEN_TESTBED_MIRROR:-}" ]; then echo "$GOLDEN_TESTBED_MIRROR"; return; fi
  local m
  m=$( { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{for(i=2;i<=NF;i++) print $i}';
         grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | sed 's/\[[^]]*\]//' | awk '{print $2}'; } \
       | grep -E '/debian/?$' | grep -v security | head -1)
  [ -n "$m" ] || die "no Debian mirror found in the apt sources; set GOLDEN_TESTBED_MIRROR"
  echo "${m%/}"
}

# The config step each image gets after debootstrap (part of the cache key).
configure_rootfs() {
  local name=$1 root=$2
  case $name in
    nginx)
      # Serve /usr/share/nginx/html like the official image, so an SPA image can
      # `COPY dist/ /usr/share/nginx/html/` on top of it; logs to the container's output.
      mkdir -p "$root/usr/share/nginx/html"
      [ -f "$root/usr/share/nginx/html/index.html" ] || \
        printf '<!doctype html><title>nginx</title><p>local/nginx base image</p>\n' > "$root/usr/share/nginx/html/index.html"
      cat > "$root/etc/nginx/sites-available/default" <<'CONF'
server {
    listen 80 default_server;
    listen [::]:80 default_server;
    root /usr/share/nginx/html;
    index index.html;
    server_name _;
    location / {
        try_files $uri $uri/ =404;
    }
}
CONF
      ln -sf ../sites-available/default "$root/etc/nginx/sites-enabled/default"
      ln -sf /dev/stdout "$root/var/log/nginx/access.log"
      ln -sf /dev/stderr "$root/var/log/nginx/error.log"
      ;;
  esac
  # Smaller image: no apt lists or package cache.
  rm -rf "$root/var/lib/apt/lists/"* "$root/var/cache/apt/"*.bin "$root/var/cache/apt/archives/"*.deb
}
CONFIG_VERSION=2   # bump when configure_rootfs changes

image_changes() {
  case $1 in
    nginx) printf '%s\n' 'ENV LANG=C.UTF-8' 'EXPOSE 80' 'CMD ["nginx", "-g", "daemon off;"]';;
    python-django) printf '%s\n' 'ENV LANG=C.UTF-8' 'ENV PYTHONUNBUFFERED=1' 'CMD ["python3"]';;
  esac
}

build_one() {
  local name=$1 tag="local/$1:$SUITE"
  local pkgs="${PACKAGES[$name]}"
  # The tarball depends on suite, packages and the config step; the image also on its metadata.
  local rootkey key
  rootkey=$(printf '%s\n' "$SUITE" "$pkgs" "$CONFIG_VERSION" "$(declare -f configure_rootfs)" | sha256sum | cut -c1-16)
  key=$(printf '%s\n' "$rootkey" "$(image_changes "$name")" | sha256sum | cut -c1-16)
  if [ "$(docker image inspect -f '{{ index .Config.Labels "golden.testbed.key" }}' "$tag" 2>/dev/null || true)" = "$key" ]; then
    log "$tag is up to date ($key)"; return 0
  fi
  local tarball="$TB_CACHE/$name-$SUITE-$rootkey.tar"
  if [ ! -s "$tarball" ]; then
    local mirror; mirror=$(debian_mirror)
    local root="$TB_CACHE/build-$name"
    rm -rf "$root"; mkdir -p "$root"
    log "debootstrap $SUITE for $tag from $mirror (packages: $pkgs)"
    if ! debootstrap --variant=minbase --include="${pkgs// /,}" "$SUITE" "$root" "$mirror" > "$TB_CACHE/$name.debootstrap.log" 2>&1; then
      tail -20 "$TB_CACHE/$name.debootstrap.log" >&2; rm -rf "$root"; die "debootstrap for $tag failed (log: $TB_CACHE/$name.debootstrap.log)"
    fi
    configure_rootfs "$name" "$root"
    tar --numeric-owner -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
    # Older keys of this image are of no use any more.
    find "$TB_CACHE" -maxdepth 1 -name "$name-$SUITE-*.tar" ! -name "$(basename "$tarball")" -delete
  fi
  local changes=() line
  while IFS= read -r line; do changes+=(--change "$line"); done < <(image_changes "$name"; echo "LABEL golden.testbed.key=$key")
  docker import "${changes[@]}" "$tarball" "$tag" >/dev/null
  log "imported $tag ($key)"
}

command -v debootstrap >/dev/null || die "debootstrap is missing (it/testbed/up.sh installs it)"
docker info >/dev/null 2>&1 || die "no Docker engine answers (it/testbed/up.sh starts one)"
mkdir -p "$TB_CACHE"
# One build at a time per cache (up.sh, the archetype and the image tests all call this).
exec 9>"$TB_CACHE/.lock"
flock 9
names=("$@"); [ ${#names[@]} -gt 0 ] || names=(python-django nginx)
pids=()
for n in "${names[@]}"; do
  [ -n "${PACKAGES[$n]:-}" ] || die "unknown base image '$n' (known: ${!PACKAGES[*]})"
  build_one "$n" & pids+=($!)
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
exit $rc
