#!/usr/bin/env bash
# Runs the browser tests in Debian's Chromium against a fresh satu-api with the demo data
# (e2e/with-server.sh: SQLite, or PostgreSQL with SATU_E2E_PG_URL).
# Usage: e2e/run.sh PATH_TO_SATU_API [playwright args]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "$1")
shift
echo "e2e: Chromium $(/usr/bin/chromium --version 2>/dev/null)"
cd "$here"
exec ./with-server.sh "$bin" ./node_modules/.bin/playwright test "$@"
