#!/usr/bin/env bash
# Packs the librdkafka.redist placeholder into build/local-feed when it is not there yet.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
feed="$root/build/local-feed"
if [ ! -f "$feed/librdkafka.redist.1.9.2.nupkg" ]; then
  mkdir -p "$feed"
  dotnet pack "$root/build/librdkafka-placeholder/librdkafka.redist.csproj" -c Release -o "$feed" --nologo -v quiet >/dev/null || { echo "failed to pack the librdkafka.redist placeholder" >&2; exit 1; }
fi
