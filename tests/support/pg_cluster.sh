#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster for the test run.
#
#   pg_cluster.sh start STATE_DIR   initdb in a fresh temp dir, start on a free
#                                   127.0.0.1 port, write the URL to STATE_DIR/url
#   pg_cluster.sh stop STATE_DIR    stop the server and delete its data
#
# The server listens on loopback only and trusts local connections; as root it
# runs as the `postgres` user. Nothing outside the temp dir is touched.
set -euo pipefail

cmd=${1:?usage: pg_cluster.sh start|stop STATE_DIR}
state=${2:?usage: pg_cluster.sh start|stop STATE_DIR}

find_bin() {
  local name=$1 d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/$name" ]; then echo "$d/$name"; return 0; fi
  done
  command -v "$name" || { echo "pg_cluster: $name not found (install postgresql)" >&2; return 1; }
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_cluster() {
  [ -f "$state/datadir" ] || return 0
  local data
  data=$(cat "$state/datadir")
  if [ -f "$data/postmaster.pid" ]; then
    as_owner "$(find_bin pg_ctl)" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$(dirname "$data")"
  rm -f "$state/datadir" "$state/url" "$state/port"
}

case "$cmd" in
start)
  mkdir -p "$state"
  stop_cluster
  initdb=$(find_bin initdb)
  pg_ctl=$(find_bin pg_ctl)
  base=$(mktemp -d /tmp/schemac-pg.XXXXXX)
  chmod 755 "$base"
  data=$base/data
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$base"; fi
  echo "$data" > "$state/datadir"
  as_owner "$initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >"$base/initdb.log" 2>&1 \
    || { cat "$base/initdb.log" >&2; exit 1; }
  for attempt in $(seq 1 20); do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then continue; fi
    if as_owner "$pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c fsync=off -c max_connections=200 -c max_prepared_transactions=10" \
        start >/dev/null 2>&1; then
      echo "$port" > "$state/port"
      echo "postgresql://postgres@127.0.0.1:$port/postgres" > "$state/url"
      echo "pg_cluster: started on 127.0.0.1:$port ($data)"
      exit 0
    fi
  done
  cat "$base/server.log" >&2 || true
  echo "pg_cluster: could not start PostgreSQL" >&2
  exit 1
  ;;
stop)
  stop_cluster
  echo "pg_cluster: stopped"
  ;;
*)
  echo "usage: pg_cluster.sh start|stop STATE_DIR" >&2
  exit 2
  ;;
esac
