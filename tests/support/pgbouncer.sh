#!/usr/bin/env bash
# A throwaway PgBouncer in transaction pooling mode in front of a test
# cluster, on a free loopback port; as root it runs as `postgres` (PgBouncer
# refuses to run as root).
#
#   pgbouncer.sh start STATE_DIR URLFILE [POOL_SIZE]
#       URLFILE holds the cluster's postgresql://user@127.0.0.1:PORT/db URL;
#       every database name goes to that server, at most POOL_SIZE (default 2)
#       server connections per database and user. Writes STATE_DIR/url
#       (postgresql://postgres@127.0.0.1:PORT, no database) and STATE_DIR/port.
#   pgbouncer.sh stop STATE_DIR
set -euo pipefail

cmd=${1:?usage: pgbouncer.sh start STATE_DIR URLFILE [POOL_SIZE] | stop STATE_DIR}
state=${2:?usage: pgbouncer.sh start|stop STATE_DIR}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_pgbouncer() {
  command -v pgbouncer || { [ -x /usr/sbin/pgbouncer ] && echo /usr/sbin/pgbouncer; } ||
    { echo "pgbouncer.sh: pgbouncer not found (install pgbouncer; scripts/setup.sh)" >&2; return 1; }
}

stop_bouncer() {
  [ -f "$state/bouncer_dir" ] || return 0
  local dir pid
  dir=$(cat "$state/bouncer_dir")
  if [ -f "$dir/pgbouncer.pid" ]; then
    pid=$(cat "$dir/pgbouncer.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
  rm -f "$state/bouncer_dir" "$state/url" "$state/port"
}

case "$cmd" in
start)
  urlfile=${3:?usage: pgbouncer.sh start STATE_DIR URLFILE [POOL_SIZE]}
  size=${4:-2}
  bin=$(find_pgbouncer)
  mkdir -p "$state"
  stop_bouncer
  upstream=$(cat "$urlfile")
  hostport=${upstream#*@}
  hostport=${hostport%%/*}
  uphost=${hostport%:*}
  upport=${hostport##*:}
  dir=$(mktemp -d /tmp/schemac-pgbouncer.XXXXXX)
  chmod 755 "$dir"
  echo "$dir" > "$state/bouncer_dir"
  echo '"postgres" ""' > "$dir/userlist.txt"
  for attempt in $(seq 1 20); do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then continue; fi
    cat > "$dir/pgbouncer.ini" <<EOF
[databases]
* = host=$uphost port=$upport

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = $size
min_pool_size = 0
reserve_pool_size = 0
max_client_conn = 200
server_reset_query =
ignore_startup_parameters = extra_float_digits
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
admin_users = postgres
EOF
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$dir"; fi
    if as_owner "$bin" -d "$dir/pgbouncer.ini" >/dev/null 2>&1; then
      for _ in $(seq 1 50); do
        if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
          echo "$port" > "$state/port"
          echo "postgresql://postgres@127.0.0.1:$port" > "$state/url"
          echo "pgbouncer: transaction pooling on 127.0.0.1:$port -> $uphost:$upport (pool $size)"
          exit 0
        fi
        sleep 0.1
      done
    fi
    [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
  done
  cat "$dir/pgbouncer.log" >&2 || true
  echo "pgbouncer.sh: could not start pgbouncer" >&2
  exit 1
  ;;
stop)
  stop_bouncer
  echo "pgbouncer: stopped"
  ;;
*)
  echo "usage: pgbouncer.sh start STATE_DIR URLFILE [POOL_SIZE] | stop STATE_DIR" >&2
  exit 2
  ;;
esac
