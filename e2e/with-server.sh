#!/usr/bin/env bash
# Starts satu-api on a free port with a temporary database and the demo data (SATU_TEST_MODE=true),
# runs a command against it, and stops the server (and drops the database) whatever happens.
# SQLite by default; with SATU_E2E_PG_URL (a PostgreSQL server's URL) a fresh PostgreSQL database
# instead. The web app is web/dist of this repository. The command finds the server at
# $SATU_E2E_URL and the demo accounts (JSON) in the file $SATU_E2E_ACCOUNTS; the server's log is
# e2e/artifacts/server.log.
# Usage: e2e/with-server.sh PATH_TO_SATU_API COMMAND [ARGS...]
set -euo pipefail
bin=$(realpath "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
server=""
pg_db=""
database="sqlite://$work/satu.db"
if [ -n "${SATU_E2E_PG_URL:-}" ]; then
  pg_db="satu_e2e_$(date +%s)_$$"
  database="${SATU_E2E_PG_URL%/*}/$pg_db?sslmode=disable"
fi
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$pg_db" ]; then
    psql "${SATU_E2E_PG_URL}" -qc "DROP DATABASE IF EXISTS \"$pg_db\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

mkdir -p "$here/artifacts"
export SATU_BIND="127.0.0.1:$port" SATU_DATABASE_URL="$database" SATU_DATA_DIR="$work/data" \
  SATU_WEB_DIR="$here/../web/dist" SATU_TEST_MODE=true SATU_LOG_FORMAT=text \
  SATU_LOGIN_RATE_PER_MINUTE="${SATU_LOGIN_RATE_PER_MINUTE:-600}"
# Every browser of the run is one client (127.0.0.1) signing in dozens of times a minute; the
# per-client limit itself is tested by the API tests.
"$bin" demo --print-accounts > "$work/accounts.json" 2> "$work/demo.log" || { cat "$work/demo.log"; exit 1; }
export SATU_E2E_ACCOUNTS="$work/accounts.json" SATU_E2E_BIN="$bin"
"$bin" serve > "$here/artifacts/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  if curl -fs "http://127.0.0.1:$port/readyz" > /dev/null; then break; fi
  kill -0 "$server" 2>/dev/null || { echo "satu-api exited; its log:"; cat "$here/artifacts/server.log"; exit 1; }
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/readyz" > /dev/null || { echo "satu-api did not become ready"; exit 1; }
echo "satu-api at http://127.0.0.1:$port on ${database%%://*}"
export SATU_E2E_URL="http://127.0.0.1:$port"
"$@"
