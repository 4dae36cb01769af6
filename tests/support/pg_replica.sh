#!/usr/bin/env bash
# A throwaway PostgreSQL primary with a streaming standby, for the scale-out
# tests (read replicas, failover, PgBouncer). Loopback only, free ports,
# everything under one temp dir; as root the servers run as `postgres`.
#
#   pg_replica.sh start STATE_DIR           primary (pg_cluster.sh) + a standby made by
#                                           pg_basebackup -R; writes STATE_DIR/primary_url,
#                                           replica_url, primary_port, replica_port
#   pg_replica.sh stop STATE_DIR            stop both and delete their data
#   pg_replica.sh stop-replica STATE_DIR    fast shutdown of the standby
#   pg_replica.sh start-replica STATE_DIR   start it again on the same port
#   pg_replica.sh stop-primary STATE_DIR    fast shutdown of the primary (its WAL reaches
#                                           the standby first; a crash could lose the last
#                                           commits with asynchronous replication)
#   pg_replica.sh promote STATE_DIR         pg_ctl promote the standby (waits until it is)
set -euo pipefail

cmd=${1:?usage: pg_replica.sh start|stop|stop-replica|start-replica|stop-primary|promote STATE_DIR}
state=${2:?usage: pg_replica.sh CMD STATE_DIR}
here=$(cd "$(dirname "$0")" && pwd)

find_bin() {
  local name=$1 d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/$name" ]; then echo "$d/$name"; return 0; fi
  done
  command -v "$name" || { echo "pg_replica: $name not found (install postgresql)" >&2; return 1; }
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

standby_opts() {
  local base=$1 port=$2
  echo "-c listen_addresses=127.0.0.1 -p $port -k $base -c fsync=off -c max_connections=200 -c max_prepared_transactions=10 -c wal_receiver_status_interval=1s"
}

start_standby() {
  local sdata sport sbase
  sdata=$(cat "$state/replica_datadir")
  sport=$(cat "$state/replica_port")
  sbase=$(dirname "$sdata")
  as_owner "$(find_bin pg_ctl)" -D "$sdata" -l "$sbase/standby.log" -w -t 60 \
    -o "$(standby_opts "$sbase" "$sport")" start >/dev/null
}

case "$cmd" in
start)
  mkdir -p "$state"
  "$0" stop "$state" >/dev/null 2>&1 || true
  "$here/pg_cluster.sh" start "$state" >/dev/null
  pport=$(cat "$state/port")
  pdata=$(cat "$state/datadir")
  base=$(dirname "$pdata")
  sdata=$base/standby
  as_owner "$(find_bin pg_basebackup)" -h 127.0.0.1 -p "$pport" -U postgres -D "$sdata" -R -X stream \
    >"$base/basebackup.log" 2>&1 || { cat "$base/basebackup.log" >&2; exit 1; }
  echo "$sdata" > "$state/replica_datadir"
  for attempt in $(seq 1 10); do
    sport=$(free_port)
    echo "$sport" > "$state/replica_port"
    if start_standby 2>/dev/null; then
      echo "$pport" > "$state/primary_port"
      echo "postgresql://postgres@127.0.0.1:$pport/postgres" > "$state/primary_url"
      echo "postgresql://postgres@127.0.0.1:$sport/postgres" > "$state/replica_url"
      echo "pg_replica: primary 127.0.0.1:$pport, standby 127.0.0.1:$sport"
      exit 0
    fi
  done
  cat "$base/standby.log" >&2 || true
  echo "pg_replica: could not start the standby" >&2
  exit 1
  ;;
stop)
  if [ -f "$state/replica_datadir" ]; then
    sdata=$(cat "$state/replica_datadir")
    if [ -f "$sdata/postmaster.pid" ]; then
      as_owner "$(find_bin pg_ctl)" -D "$sdata" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -f "$state/replica_datadir" "$state/replica_port" "$state/replica_url" \
      "$state/primary_url" "$state/primary_port"
  fi
  if [ -f "$state/datadir" ]; then
    pdata=$(cat "$state/datadir")
    if [ -f "$pdata/postmaster.pid" ]; then
      as_owner "$(find_bin pg_ctl)" -D "$pdata" -m immediate -w stop >/dev/null 2>&1 || true
    fi
  fi
  "$here/pg_cluster.sh" stop "$state" >/dev/null
  rmdir "$state" 2>/dev/null || true
  ;;
stop-replica)
  as_owner "$(find_bin pg_ctl)" -D "$(cat "$state/replica_datadir")" -m fast -w stop >/dev/null
  ;;
start-replica)
  start_standby
  ;;
stop-primary)
  as_owner "$(find_bin pg_ctl)" -D "$(cat "$state/datadir")" -m fast -w stop >/dev/null
  ;;
promote)
  as_owner "$(find_bin pg_ctl)" -D "$(cat "$state/replica_datadir")" -w -t 60 promote >/dev/null
  ;;
*)
  echo "usage: pg_replica.sh start|stop|stop-replica|start-replica|stop-primary|promote STATE_DIR" >&2
  exit 2
  ;;
esac
