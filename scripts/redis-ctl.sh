#!/usr/bin/env bash
# Start or stop the hotline's Redis on loopback, data (AOF) and log under DIR.
#   scripts/redis-ctl.sh start DIR PORT
#   scripts/redis-ctl.sh stop DIR PORT
set -euo pipefail
cmd="${1:?usage: redis-ctl.sh start|stop DIR PORT}"; dir="${2:?DIR}"; port="${3:?PORT}"
mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"
case "$cmd" in
  start)
    if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
      echo "redis-ctl: redis already answers on 127.0.0.1:$port"; exit 0
    fi
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
      --logfile "$dir/redis.log" --appendonly yes --appendfsync everysec --save "" >/dev/null
    for _ in $(seq 1 80); do
      redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && { echo "redis-ctl: redis up on 127.0.0.1:$port"; exit 0; }
      sleep 0.1
    done
    echo "redis-ctl: redis did not start; see $dir/redis.log" >&2; exit 1
    ;;
  stop)
    redis-cli -h 127.0.0.1 -p "$port" shutdown >/dev/null 2>&1 || true
    if [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
      sleep 0.5; kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    fi
    rm -f "$dir/redis.pid"
    ;;
  *) echo "usage: redis-ctl.sh start|stop DIR PORT" >&2; exit 2 ;;
esac
