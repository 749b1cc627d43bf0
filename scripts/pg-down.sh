#!/usr/bin/env bash
# scripts/pg-down.sh DIR: stops the private cluster scripts/pg-up.sh started in DIR and removes DIR.
set -euo pipefail
DIR=$1
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); else as_pg=(); fi
if [ -f "$DIR/data/postmaster.pid" ]; then "${as_pg[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true; fi
rm -rf "$DIR"
