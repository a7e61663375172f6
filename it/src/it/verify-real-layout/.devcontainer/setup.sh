#!/bin/bash
set -euo pipefail
pip install -r backend/requirements.txt
cd backend
python manage.py migrate --noinput
python manage.py migrate_schemas
