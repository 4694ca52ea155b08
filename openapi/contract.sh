#!/usr/bin/env bash
# The contract test: schemathesis generates requests for every operation of openapi/openapi.json
# (valid and invalid ones) against a fresh satu-api with the demo data, signed in as the demo
# agency admin, and checks every answer against the document: statuses, content types, headers,
# bodies, that valid input is accepted and invalid input refused, and that no answer is a 5xx.
# Usage: openapi/contract.sh PATH_TO_SATU_API [more schemathesis options]
# (SATU_CONTRACT_EXAMPLES sets the cases per operation and phase; the Makefile's venv provides
# schemathesis.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "$1")
shift
st=${SCHEMATHESIS:-$root/.venv/bin/schemathesis}
run() {
  token=$(python3 - <<'PY'
import json, os, urllib.request
accounts = json.load(open(os.environ["SATU_E2E_ACCOUNTS"]))
admin = next(a for a in accounts if a["role"] == "admin" and not a["must_change_password"])
req = urllib.request.Request(
    os.environ["SATU_E2E_URL"] + "/api/v1/auth/login",
    data=json.dumps({"nip": admin["nip"], "password": admin["password"]}).encode(),
    headers={"Content-Type": "application/json"},
)
print(json.load(urllib.request.urlopen(req))["access_token"])
PY
)
  # No answer may take the server down or leave it with a 5xx; the login limit is the API tests'.
  "$st" --config-file "$root/openapi/schemathesis.toml" run "$root/openapi/openapi.json" --url "$SATU_E2E_URL" \
    -H "Authorization: Bearer $token" \
    --checks all --exclude-checks use_after_free,ensure_resource_availability \
    --max-examples "${SATU_CONTRACT_EXAMPLES:-40}" --seed 20261202 \
    --workers 2 --no-color --report junit --report-dir "$root/e2e/artifacts/contract" "$@"
}
export -f run
export st root
SATU_LOGIN_RATE_PER_MINUTE=100000 "$root/e2e/with-server.sh" "$bin" bash -c 'run "$@"' run "$@"
