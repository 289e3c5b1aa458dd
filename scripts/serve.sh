#!/usr/bin/env bash
# Builds the portal on the bundled sample data and serves dist/ at http://127.0.0.1:${PORT:-8080}/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec node scripts/static-server.mjs dist --port "${PORT:-8080}" --base "${KG_BASE_PATH:-/}"
