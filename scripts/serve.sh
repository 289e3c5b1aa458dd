#!/usr/bin/env bash
# Builds the portal on the bundled sample data and serves dist/ at http://127.0.0.1:${PORT:-8080}/
# When nothing the site is built from has changed since the last build (same base path), it serves
# the existing dist/ at once instead of rebuilding.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${KG_BASE_PATH:-/}"
stamp=target/kg-serve-built-for
if [ -f "$stamp" ] && [ -f dist/index.html ] && [ "$(cat "$stamp")" = "$BASE" ] && [ -z "$(find app shared data/src data/geo data/targets.csv \
    scripts Cargo.toml Cargo.lock Trunk.toml package-lock.json public/site-config.json public/embed.js dist/index.html \
    -newer "$stamp" -print -quit)" ]; then
  echo "dist/ is up to date with the sources; serving it (touch a source or delete dist/ to rebuild)."
else
  bash scripts/build.sh
  mkdir -p target && echo "$BASE" > "$stamp"
fi
exec node scripts/static-server.mjs dist --port "${PORT:-8080}" --base "$BASE"
