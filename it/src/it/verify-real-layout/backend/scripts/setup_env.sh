#!/bin/sh
# Prepares a local database. (An older version ran migrate_schemas; this comment is not code.)
set -eu
cd "$(dirname "$0")/.."
export DATABASE_URL="postgresql://$DB_USER:$DB_PASSWORD@${DB_HOST:-localhost}:5432/$DB_NAME"
python manage.py migrate_schemas --shared
python manage.py create_super_tenant --password "$SUPERUSER_PASSWORD"
