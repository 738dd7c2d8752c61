#!/usr/bin/env bash
# Sourced by start.sh and test.sh: npm dependencies, and the Debian packages the app or its tests use.
#   ensure_npm            installs node_modules when missing or older than package-lock.json
#   ensure_debian PKG...  installs Debian packages that are missing (root + apt-get), else says what to install
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi

ensure_npm() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # --include=dev: with NODE_ENV=production npm would leave out devDependencies, and the build (tsc) is one of them.
    npm ci --no-audit --no-fund --include=dev
  fi
}

ensure_debian() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "== installing from Debian: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing Debian packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})" >&2
    return 1
  fi
}
