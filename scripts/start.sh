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
# glibc's malloc keeps freed memory in up to 8 arenas per core and raises its mmap threshold after the first large
# free, so scrypt's 16 MB blocks and photo buffers stay in RSS after use. Two arenas and a fixed 128 KB threshold
# (large blocks mmapped, hence returned) cut the server's peak RSS by ≈ 100+ MB in a season (bench/results.md).
# Read only at process start, so they are set here; an environment that sets them keeps its own values.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
node dist/src/cli/seed.js
# V8's heap sized for a small server (scripts/node-flags, read by `npm run serve` and the Docker image too): a 4 MB
# young generation and old-generation collections at 1.5× the live heap instead of V8's up to 4×; the season's peak
# RSS ≈ 300 → 190 MB with the other changes of issue 8, no throughput lost that the benchmark could see.
# shellcheck disable=SC2046
exec node $(cat scripts/node-flags) dist/src/server.js
