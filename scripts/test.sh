#!/usr/bin/env bash
# npm test: installs what the tests need, then lint, typecheck, the dependency audit and every Jest project. Fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=Asia/Shanghai
source scripts/ensure-deps.sh
ensure_npm
# End-to-end tests drive the system Chromium (never a downloaded one); CJK fonts make screenshots readable.
# The 申请表 PDF embeds WenQuanYi Micro Hei; its tests read the PDF back with poppler-utils and zbar-tools.
if [ -z "${CHROMIUM_PATH:-}" ]; then ensure_debian chromium; fi
ensure_debian fonts-noto-cjk fonts-wqy-microhei poppler-utils zbar-tools
# The end-to-end story checks every page with the Nu Html Checker (npm's vnu-jar), which runs on Java;
# Debian's default-jre-headless is big, so it is installed only when there is no /usr/bin/java at all.
if [ ! -x /usr/bin/java ]; then ensure_debian default-jre-headless; fi
echo "== lint"; npx eslint .
echo "== typecheck"; npx tsc -p tsconfig.json --noEmit
# High or critical advisories in production dependencies fail the run; an unreachable audit service only prints a notice.
echo "== dependency audit"; node scripts/audit-deps.js
mkdir -p test-output && rm -f test-output/jest-*.json
echo "== tests (SQLite)"; npx jest --ci --forceExit --json --outputFile=test-output/jest-sqlite.json "$@"
# The same migrations, integration and fault tests on PostgreSQL (set SKIP_PG_TESTS=1 to skip on a machine without it);
# the full-disk test is SQLite's own (a file on a tmpfs) and skips itself there. Two workers: each test file makes its own
# database and the time goes to waiting on PostgreSQL, so two files at once halve this phase (≈ 600 → 300 s on 2 cores).
if [ "${SKIP_PG_TESTS:-0}" != "1" ]; then
  echo "== integration tests (PostgreSQL)"
  TEST_DATABASE_URL="${TEST_DATABASE_URL:-$(bash scripts/pg-for-tests.sh)}" npx jest --ci --forceExit --maxWorkers=2 --selectProjects integration faults --json --outputFile=test-output/jest-pg.json
fi
# One closing line for CI: every test of both runs.
node scripts/test-summary.js test-output/jest-sqlite.json test-output/jest-pg.json

