#!/usr/bin/env bash
# scripts/pg-up.sh DIR PORT: a private PostgreSQL cluster in DIR (a fresh directory) listening on
# 127.0.0.1:PORT, with role app/app (CREATEDB, for Prisma's shadow databases) and database appdb.
# Prints DATABASE_URL=... . Needs Debian's postgresql package; initdb/pg_ctl refuse to run as
# root, so as root they run as the postgres user. Stop with scripts/pg-down.sh DIR.
set -euo pipefail
DIR=$1; PORT=$2
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
test -n "$BIN" || { echo "pg-up: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin)" >&2; exit 3; }
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); else as_pg=(); fi
mkdir -p "$DIR"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DIR"; fi
"${as_pg[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 --no-sync >/dev/null
"${as_pg[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
"${as_pg[@]}" "$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qc \
  "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB;" -c "CREATE DATABASE appdb OWNER app;"
echo "DATABASE_URL=postgresql://app:app@127.0.0.1:$PORT/appdb"
