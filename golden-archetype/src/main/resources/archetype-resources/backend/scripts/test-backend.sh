#!/bin/sh
# Runs the backend test suite against a real PostgreSQL.
#
#   DATABASE_URL set      -> use that server (owner role: CREATEDB, owns the tables);
#                            DB_APP_USER/DB_APP_PASSWORD must name the application role.
#   DATABASE_URL unset    -> start a throwaway PostgreSQL cluster on a free loopback
#                            port (initdb/pg_ctl from PG_BIN or /usr/lib/postgresql/*/bin),
#                            create an owner and an application role with random
#                            passwords, and remove everything afterwards (also on Ctrl-C).
#   BACKEND_TEST_IMAGE    -> run the tests in that image (docker run --network host);
#                            else with the host's python3.
# Extra arguments go to `manage.py test`.
set -eu

BACKEND_DIR=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
WORK=""
PG_CTL=""

cleanup() {
    status=$?
    trap - EXIT INT TERM
    if [ -n "$PG_CTL" ] && [ -f "$WORK/data/postmaster.pid" ]; then
        as_pg "$PG_CTL" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    [ -n "$WORK" ] && rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# initdb and postgres refuse to run as root: use the postgres account then.
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

random_secret() { od -An -N18 -tx1 /dev/urandom | tr -d ' \n'; }

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    else
        # pg_ctl start fails clearly if this one happens to be taken.
        shuf -i 20000-60999 -n 1
    fi
}

if [ -n "${BACKEND_TEST_IMAGE:-}" ] && ! docker image inspect "$BACKEND_TEST_IMAGE" >/dev/null 2>&1; then
    echo "test-backend: image $BACKEND_TEST_IMAGE not found (or no Docker engine). Build it (e.g. from" \
        "backend/Dockerfile), or unset BACKEND_TEST_IMAGE / -Dgolden.backend.test.image to use the host's python3." >&2
    exit 2
fi

if [ -z "${DATABASE_URL:-}" ]; then
    PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
    if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
        echo "test-backend: no PostgreSQL server binaries found. Install postgresql, set PG_BIN, or set DATABASE_URL." >&2
        exit 2
    fi
    PG_CTL=$PG_BIN/pg_ctl
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/backend-pg.XXXXXX")
    chmod 700 "$WORK"
    [ "$(id -u)" = 0 ] && chown postgres "$WORK"
    PORT=$(free_port)
    export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=postgres PGDATABASE=postgres
    SUPER_PASSWORD=$(random_secret)
    # The superuser's password reaches initdb through a 0600 file, never a command line.
    (umask 077; printf '%s\n' "$SUPER_PASSWORD" > "$WORK/pwfile")
    [ "$(id -u)" = 0 ] && chown postgres "$WORK/pwfile"
    as_pg "$PG_BIN/initdb" -D "$WORK/data" -U postgres --pwfile="$WORK/pwfile" \
        --auth=scram-sha-256 -E UTF8 --no-instructions >"$WORK/initdb.log" 2>&1 \
        || { cat "$WORK/initdb.log" >&2; exit 1; }
    as_pg "$PG_CTL" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off" start >/dev/null \
        || { cat "$WORK/server.log" >&2; exit 1; }

    DB_USER=golden_owner DB_APP_USER=golden_app DB_NAME=golden
    DB_PASSWORD=$(random_secret) DB_APP_PASSWORD=$(random_secret)
    export PGPASSWORD=$SUPER_PASSWORD DB_USER DB_APP_USER DB_PASSWORD DB_APP_PASSWORD
    # psql reads the passwords from its environment (\getenv), not from its arguments.
    psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
\getenv owner_pw DB_PASSWORD
\getenv app_pw DB_APP_PASSWORD
CREATE ROLE golden_owner LOGIN CREATEDB PASSWORD :'owner_pw';
CREATE ROLE golden_app LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD :'app_pw';
-- Tests switch to the application role (SET ROLE) to exercise RLS through the API.
GRANT golden_app TO golden_owner;
CREATE DATABASE golden OWNER golden_owner;
SQL
    unset PGPASSWORD
    DATABASE_URL="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB_NAME"
    export DATABASE_URL
fi

if [ -z "${DB_APP_USER:-}" ] || [ -z "${DB_APP_PASSWORD:-}" ]; then
    echo "test-backend: with DATABASE_URL set, DB_APP_USER and DB_APP_PASSWORD must name the application role (RLS applies to it)." >&2
    exit 2
fi
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.development}
export PYTHONDONTWRITEBYTECODE=1

if [ -n "${BACKEND_TEST_IMAGE:-}" ]; then
    # Secrets pass as `-e NAME` (value taken from this environment), never as NAME=value.
    docker run --rm --network host -v "$BACKEND_DIR:/app" -w /app \
        -e DATABASE_URL -e DB_APP_USER -e DB_APP_PASSWORD -e DJANGO_SETTINGS_MODULE -e PYTHONDONTWRITEBYTECODE \
        "$BACKEND_TEST_IMAGE" python3 manage.py test --noinput "$@"
else
    cd "$BACKEND_DIR" && python3 manage.py test --noinput "$@"
fi
