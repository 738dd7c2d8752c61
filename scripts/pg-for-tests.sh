#!/usr/bin/env bash
# Makes a local PostgreSQL available for the test run and prints its admin URL.
# Installs Debian's postgresql when missing (root only) and starts the default cluster.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL is not installed and cannot be installed here" >&2
    exit 1
  fi
fi
cluster=$(pg_lsclusters -h | head -n 1)
[ -n "$cluster" ] || { echo "no PostgreSQL cluster" >&2; exit 1; }
version=$(echo "$cluster" | awk '{print $1}')
name=$(echo "$cluster" | awk '{print $2}')
port=$(echo "$cluster" | awk '{print $3}')
status=$(echo "$cluster" | awk '{print $4}')
[ "$status" = "online" ] || pg_ctlcluster "$version" "$name" start >&2
for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.5; done
su postgres -c "psql -q -p $port -c \"alter user postgres password 'postgres'\"" >/dev/null
echo "postgres://postgres:postgres@127.0.0.1:${port}/postgres"
