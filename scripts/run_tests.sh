#!/usr/bin/env bash
# Run the whole test suite on whatever DATABASE_URL names (SQLite when unset).
set -euo pipefail
cd "$(dirname "$0")/.."

# WhiteNoise warns on every request while STATIC_ROOT is missing: collect once, then again when static/ changes.
if [ ! -f var/staticfiles/css/app.css ] || [ -n "$(find static -newer var/staticfiles/css/app.css -type f -print -quit)" ]; then
    .venv/bin/python manage.py collectstatic --noinput --verbosity 0
fi

# Only the scheme is shown: the URL may carry a password.
if [ -n "${DATABASE_URL:-}" ]; then echo "Database: ${DATABASE_URL%%://*} (DATABASE_URL)"; else echo "Database: SQLite"; fi
exec .venv/bin/pytest "$@"
