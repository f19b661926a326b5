#!/usr/bin/env bash
# Installs the Debian packages BSQL's tests and runtime need, only those that are missing:
#   librdkafka1   the Kafka client library (librdkafka.so.1) Confluent.Kafka binds to; its mock
#                 cluster hosts Kafka in tests
#   redis-server  Redis for state and sink tests (brings redis-cli)
#   postgresql    PostgreSQL for JDBC sink/lookup tests (initdb, pg_ctl)
#   kcat          a Kafka command-line client, handy to inspect topics
# Runs apt-get as root (through sudo when not root). Does nothing on a machine without dpkg.
set -euo pipefail

packages=(librdkafka1 redis-server postgresql kcat)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps: no dpkg here; make sure these are installed: ${packages[*]}" >&2
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "install-deps: missing packages (${missing[*]}) and not root, and no sudo: install them and retry" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Use-Pty=0)
if ! { "${apt[@]}" update && "${apt[@]}" install --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-deps: apt-get failed" >&2
  exit 1
fi
