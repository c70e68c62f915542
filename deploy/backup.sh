#!/usr/bin/env bash
# Back up the database to DIR as a custom-format dump, keep 30 days, and prove it restores.
# Usage: deploy/backup.sh DIR   (DATABASE_URL from the environment, as the app reads it)
set -euo pipefail
dir=${1:?usage: backup.sh DIR}
url=${DATABASE_URL:?DATABASE_URL must be set}
url=${url/postgresql+psycopg:/postgresql:}
mkdir -p "$dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$dir/housing-$stamp.dump"
pg_dump --format=custom --no-owner --file="$file.partial" "$url"
mv "$file.partial" "$file"
# A backup that cannot be listed is no backup: fail loudly now, not on the day it is needed.
pg_restore --list "$file" >/dev/null
find "$dir" -name 'housing-*.dump' -mtime +30 -delete
echo "backed up to $file ($(du -h "$file" | cut -f1))"
