#!/usr/bin/env bash
# npm test: installs what the tests need, then lint, typecheck and every Jest project. Fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=Asia/Shanghai
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# End-to-end tests drive the system Chromium (never a downloaded one); CJK fonts make screenshots readable.
# The 申请表 PDF embeds WenQuanYi Micro Hei; its tests read the PDF back with poppler-utils and zbar-tools.
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
fonts=$(fc-list 2>/dev/null || true)  # read whole: with pipefail, grep -q closing the pipe early would count as failure
if [ ! -x "$chromium_path" ] || ! grep -qi "noto sans cjk" <<<"$fonts" || ! grep -qi "wenquanyi micro hei" <<<"$fonts" \
   || ! command -v pdftotext >/dev/null 2>&1 || ! command -v zbarimg >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "== installing Chromium, CJK fonts, poppler-utils and zbar-tools from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-wqy-microhei poppler-utils zbar-tools >/dev/null
  else
    echo "Chromium, fonts-wqy-microhei, poppler-utils or zbar-tools is missing: install them from Debian (or set CHROMIUM_PATH)" >&2
    exit 1
  fi
fi
echo "== lint"; npx eslint .
echo "== typecheck"; npx tsc -p tsconfig.json --noEmit
echo "== tests (SQLite)"; npx jest --ci --forceExit "$@"
# The same migrations and integration tests on PostgreSQL (set SKIP_PG_TESTS=1 to skip on a machine without it).
if [ "${SKIP_PG_TESTS:-0}" != "1" ]; then
  echo "== integration tests (PostgreSQL)"
  TEST_DATABASE_URL="${TEST_DATABASE_URL:-$(bash scripts/pg-for-tests.sh)}" npx jest --ci --forceExit --selectProjects integration
fi
