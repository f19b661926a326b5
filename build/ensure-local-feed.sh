#!/usr/bin/env bash
# Packs the librdkafka.redist placeholder into build/local-feed when it is not there yet.
# Safe to run concurrently (./bsql workers, test.sh): packing happens under a lock and the package
# appears in the feed atomically, so restore never sees a half-written file.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
feed="$root/build/local-feed"
package="librdkafka.redist.1.9.2.nupkg"
[ -f "$feed/$package" ] && exit 0

mkdir -p "$feed"
exec 9>"$feed/.lock"
flock 9
[ -f "$feed/$package" ] && exit 0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if ! dotnet pack "$root/build/librdkafka-placeholder/librdkafka.redist.csproj" -c Release -o "$tmp" \
    --nologo -v quiet -nodeReuse:false 9>&- >"$tmp/pack.log" 2>&1; then
  cat "$tmp/pack.log" >&2
  echo "failed to pack the librdkafka.redist placeholder" >&2
  exit 1
fi
# Copied under a name restore ignores, then renamed within the feed: the rename is atomic.
cp "$tmp/$package" "$feed/.$package.partial"
mv -f "$feed/.$package.partial" "$feed/$package"
