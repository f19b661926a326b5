#!/usr/bin/env bash
# Starts throwaway Redis and PostgreSQL servers for the integration tests. Source it, then:
#   test_servers_start DIR   start both on 127.0.0.1, on free ports, with their data under DIR, and
#                            export BSQL_TEST_REDIS and BSQL_TEST_PG; returns non-zero on failure
#   test_servers_stop        stop both (idempotent; call it from an EXIT trap)
# PostgreSQL refuses to run as root, so as root it runs as the `postgres` OS user (created by the
# postgresql package) and its data folder belongs to that user.

_ts_redis_pid=""
_ts_pg_data=""
_ts_pg_bin=""

# A TCP port nothing listens on (a server may still race us to it: callers retry on failure).
_ts_free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# Runs a PostgreSQL command as a user postgres accepts, from a folder that user can read.
_ts_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

_ts_start_redis() {
  local dir="$1" port attempt i
  mkdir -p "$dir/redis"
  for attempt in 1 2 3 4 5; do
    port="$(_ts_free_port)"
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
      --dir "$dir/redis" --logfile "$dir/redis/redis.log" &
    _ts_redis_pid=$!
    for i in $(seq 1 300); do # up to 30 s: CI machines can be slow
      if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; then
        export BSQL_TEST_REDIS="127.0.0.1:$port"
        return 0
      fi
      kill -0 "$_ts_redis_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$_ts_redis_pid" 2>/dev/null || true
    wait "$_ts_redis_pid" 2>/dev/null || true
    _ts_redis_pid=""
  done
  echo "test-servers: redis-server did not start; its log:" >&2
  cat "$dir/redis/redis.log" >&2 2>/dev/null || true
  return 1
}

_ts_start_postgres() {
  local dir="$1" port attempt
  _ts_pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$_ts_pg_bin" ]; then
    echo "test-servers: PostgreSQL is not installed (/usr/lib/postgresql/*/bin)" >&2
    return 1
  fi
  mkdir -p "$dir/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/pg"
  if ! _ts_as_postgres "$_ts_pg_bin/initdb" -D "$dir/pg/data" -U postgres -A trust -E UTF8 --no-locale \
      --no-sync --no-instructions >"$dir/pg/initdb.log" 2>&1; then
    echo "test-servers: initdb failed:" >&2
    cat "$dir/pg/initdb.log" >&2
    return 1
  fi
  _ts_pg_data="$dir/pg/data"
  for attempt in 1 2 3 4 5; do
    port="$(_ts_free_port)"
    # Durability is pointless for a throwaway database: fsync and friends off keep tests fast.
    if _ts_as_postgres "$_ts_pg_bin/pg_ctl" -D "$_ts_pg_data" -l "$dir/pg/server.log" -w -t 60 -s \
        -o "-p $port -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1; then
      if _ts_as_postgres "$_ts_pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres bsql_test >>"$dir/pg/server.log" 2>&1; then
        export BSQL_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=bsql_test"
        return 0
      fi
    fi
    _ts_as_postgres "$_ts_pg_bin/pg_ctl" -D "$_ts_pg_data" -s -m immediate stop >/dev/null 2>&1 || true
  done
  echo "test-servers: PostgreSQL did not start; its log:" >&2
  cat "$dir/pg/server.log" >&2 2>/dev/null || true
  return 1
}

test_servers_start() {
  local dir="$1"
  chmod 755 "$dir" # the postgres user must reach its folder inside
  _ts_start_redis "$dir" && _ts_start_postgres "$dir"
}

test_servers_stop() {
  if [ -n "$_ts_redis_pid" ]; then
    kill "$_ts_redis_pid" 2>/dev/null || true
    wait "$_ts_redis_pid" 2>/dev/null || true
    _ts_redis_pid=""
  fi
  if [ -n "$_ts_pg_data" ]; then
    _ts_as_postgres "$_ts_pg_bin/pg_ctl" -D "$_ts_pg_data" -s -m immediate stop >/dev/null 2>&1 || true
    _ts_pg_data=""
  fi
}
