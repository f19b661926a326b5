#!/usr/bin/env bash
# Builds BSQL and runs every test against real servers; the last line of output is
#   tests: N passed, N failed[, N skipped]
# Usage: ./test.sh [dotnet test options], e.g. ./test.sh --filter "FullyQualifiedName~Kafka"
# Steps: install missing apt packages, build the solution (Release), start Redis and PostgreSQL on
# 127.0.0.1 (free ports, data in a temp folder, stopped on exit), run `dotnet test` with a trx
# logger, sum the trx counters. Exits non-zero when the build fails, a test fails or no test ran.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 # leave no MSBuild nodes running after the script
results="$root/TestResults"
started=$SECONDS

summary() { echo "tests: $1 passed, $2 failed${3:+, $3 skipped}"; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK (dotnet, see global.json) is not installed" >&2
  summary 0 0
  exit 1
fi

./build/install-deps.sh
./build/ensure-local-feed.sh

echo "test.sh: building Bsql.sln (Release)"
build_log="$(mktemp)"
if ! dotnet build Bsql.sln -c Release -nologo -v quiet -clp:NoSummary >"$build_log" 2>&1; then
  # Errors and warnings (which are errors) once each; the whole log when none could be picked out.
  grep -E ': (error|warning) [A-Z]+[0-9]+' "$build_log" | sort -u >&2 || cat "$build_log" >&2
  rm -f "$build_log"
  echo "test.sh: build failed" >&2
  summary 0 0
  exit 1
fi
rm -f "$build_log"

# In /tmp rather than $TMPDIR: the postgres user must be able to reach it.
tmp="$(mktemp -d /tmp/bsql-test.XXXXXX)"
# shellcheck source=build/test-servers.sh
source "$root/build/test-servers.sh"
test_pid=""
cleanup() {
  if [ -n "$test_pid" ] && kill -TERM "$test_pid" 2>/dev/null; then
    wait "$test_pid" 2>/dev/null || true
  fi
  test_servers_stop
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! test_servers_start "$tmp"; then
  echo "test.sh: could not start the test servers" >&2
  summary 0 0
  exit 1
fi
echo "test.sh: BSQL_TEST_REDIS=$BSQL_TEST_REDIS"
echo "test.sh: BSQL_TEST_PG=$BSQL_TEST_PG"

rm -rf "$results"
test_rc=0
# In the background so that a signal to this script runs the cleanup at once (bash defers traps
# while a foreground command runs).
dotnet test Bsql.sln -c Release --no-build --nologo --logger trx --results-directory "$results" "$@" &
test_pid=$!
wait "$test_pid" || test_rc=$?
test_pid=""

# Counter of every trx file (one per test project), summed.
count() {
  find "$results" -name '*.trx' -exec grep -ho '<Counters [^>]*' {} + 2>/dev/null \
    | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" | awk '{ s += $1 } END { print s + 0 }'
}
total="$(count total)"
passed="$(count passed)"
failed="$(count failed)"
executed="$(count executed)"
skipped=$((total - executed)) # xunit skips are "NotExecuted" results, yet the notExecuted counter stays 0
other=$((executed - passed - failed)) # errors, timeouts, aborted tests

if [ "$failed" -gt 0 ] || [ "$other" -gt 0 ]; then
  echo "Failed tests:"
  find "$results" -name '*.trx' -exec grep -h '<UnitTestResult ' {} + | grep -Ev 'outcome="(Passed|NotExecuted)"' \
    | sed 's/.* testName="\([^"]*\)".*/  \1/; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'
fi
echo "test.sh: done in $((SECONDS - started)) s"

rc=0
if [ "$test_rc" -ne 0 ]; then echo "test.sh: dotnet test exited with $test_rc" >&2; rc=1; fi
if [ "$other" -gt 0 ]; then echo "test.sh: $other tests neither passed, failed nor were skipped" >&2; rc=1; fi
if [ "$passed" -eq 0 ]; then echo "test.sh: no test ran" >&2; rc=1; fi
if [ "$failed" -gt 0 ]; then rc=1; fi
if [ "$skipped" -gt 0 ]; then summary "$passed" "$failed" "$skipped"; else summary "$passed" "$failed"; fi
exit "$rc"
