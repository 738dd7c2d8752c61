#!/usr/bin/env bash
# npm start: installs what is needed, builds, migrates, seeds the demo county and serves on $PORT (3000).
set -euo pipefail
cd "$(dirname "$0")/.."
# better-sqlite3 compiles against Node's headers; use the system's copy when present (no download).
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build
node dist/src/cli/seed.js
exec node dist/src/server.js
