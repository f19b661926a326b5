#!/usr/bin/env bash
# Runs every configuration of the SJoin benchmark on the same data, one process each (so that each peak memory is
# its own), at low priority: state.memory.max 512 MB, unlimited, 128 MB (right rows spill too) and the interval-join
# baseline. Usage: bench/Bsql.Bench.Sjoin/run.sh [feedRows=50000000] [rate=1000]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-50000000}
rate=${2:-1000}
dotnet build -c Release bench/Bsql.Bench.Sjoin -m:1 >/dev/null
dll=bench/Bsql.Bench.Sjoin/bin/Release/net10.0/Bsql.Bench.Sjoin.dll
echo "# $(date -u +%FT%TZ) $(nproc) cpus, load: $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in 512 unlimited interval 128; do
  nice -n 10 dotnet "$dll" "$rows" "$mode" "$rate"
  echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
done
