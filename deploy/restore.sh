#!/usr/bin/env bash
# Restore a dump made by backup.sh into an EMPTY database, then check the schema is at head.
# Usage: deploy/restore.sh DUMP TARGET_DATABASE_URL
set -euo pipefail
dump=${1:?usage: restore.sh DUMP TARGET_DATABASE_URL}
target=${2:?usage: restore.sh DUMP TARGET_DATABASE_URL}
pg_restore --no-owner --exit-on-error --dbname="${target/postgresql+psycopg:/postgresql:}" "$dump"
echo "restored $dump"
