#!/usr/bin/env bash
# Stop or start again the cluster that tests/support/pg_cluster.sh started in
# STATE_DIR, keeping its data directory and port (for the runtime fault test,
# which restarts its own private cluster, never the shared fixture).
#
#   pg_restart.sh stop STATE_DIR     fast shutdown (sessions are terminated)
#   pg_restart.sh start STATE_DIR    start on the same port
set -euo pipefail

cmd=${1:?usage: pg_restart.sh stop|start STATE_DIR}
state=${2:?usage: pg_restart.sh stop|start STATE_DIR}
data=$(cat "$state/datadir")
port=$(cat "$state/port")
base=$(dirname "$data")

pg_ctl=
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$d/pg_ctl" ]; then pg_ctl=$d/pg_ctl; break; fi
done
[ -n "$pg_ctl" ] || pg_ctl=$(command -v pg_ctl)

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
stop)
  as_owner "$pg_ctl" -D "$data" -m fast -w stop >/dev/null
  ;;
start)
  as_owner "$pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c fsync=off -c max_connections=200" \
    start >/dev/null
  ;;
*)
  echo "usage: pg_restart.sh stop|start STATE_DIR" >&2
  exit 2
  ;;
esac
