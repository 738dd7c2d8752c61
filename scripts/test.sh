#!/usr/bin/env bash
# npm test: installs what the tests need, then lint, typecheck and every Jest project. Fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=Asia/Shanghai
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
echo "== lint"; npx eslint .
echo "== typecheck"; npx tsc -p tsconfig.json --noEmit
echo "== tests"; npx jest --ci --forceExit "$@"
