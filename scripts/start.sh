#!/usr/bin/env bash
# npm start: installs what is needed, builds, migrates, seeds the demo county and serves on $PORT (3000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
ensure_npm
# The 申请表 PDF needs the system Chromium and a CJK font. Without them everything else works and the
# PDF page says the service is unavailable, so a machine where they cannot be installed still starts.
if [ -z "${CHROMIUM_PATH:-}" ]; then ensure_debian chromium fonts-wqy-microhei || echo "(continuing: the 申请表 PDF stays unavailable until they are installed)"; fi
npm run --silent build
node dist/src/cli/seed.js
exec node dist/src/server.js
