#!/usr/bin/env bash
# Start or stop one hotline Asterisk instance whose configuration was rendered into DIR/etc
# (by `hotline-server.jar render-asterisk` or AsteriskConfigRenderer).
#   scripts/asterisk-ctl.sh start DIR     starts `asterisk -f -n` in the background, waits until fully booted
#   scripts/asterisk-ctl.sh stop DIR      stops it (by PID, never by name)
# Everything the instance writes (run, log, spool, astdb) stays under DIR.
set -euo pipefail
cmd="${1:?usage: asterisk-ctl.sh start|stop DIR}"; dir="${2:?usage: asterisk-ctl.sh start|stop DIR}"
dir="$(cd "$dir" && pwd)"
conf="$dir/etc/asterisk.conf"; pidf="$dir/asterisk.pid"
running() { [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; }

case "$cmd" in
  start)
    [ -f "$conf" ] || { echo "asterisk-ctl: $conf missing (render the configuration first)" >&2; exit 1; }
    if running; then echo "asterisk-ctl: $dir already running (pid $(cat "$pidf"))"; exit 0; fi
    mkdir -p "$dir"/{run,log,spool,lib/moh}
    # music on hold: a quiet 10 s two-tone loop (no asterisk-moh package needed); operators may add files
    [ -n "$(ls -A "$dir/lib/moh" 2>/dev/null)" ] \
      || sox -n -r 8000 -c 1 -b 16 "$dir/lib/moh/hotline-tone.wav" synth 10 sine 440:660 vol 0.1
    nohup asterisk -C "$conf" -f -n </dev/null >"$dir/log/console.out" 2>&1 &
    echo $! > "$pidf"
    for _ in $(seq 1 120); do
      if asterisk -C "$conf" -rx "core waitfullybooted" >/dev/null 2>&1; then
        echo "asterisk-ctl: $(basename "$dir") up (pid $(cat "$pidf")), CLI: asterisk -C $conf -r"
        exit 0
      fi
      running || break
      sleep 0.25
    done
    echo "asterisk-ctl: $dir did not boot; last log lines:" >&2
    tail -n 20 "$dir/log/console.out" >&2 || true
    exit 1
    ;;
  stop)
    running || { rm -f "$pidf"; exit 0; }
    pid="$(cat "$pidf")"
    asterisk -C "$conf" -rx "core stop now" >/dev/null 2>&1 || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && { kill -TERM "$pid"; sleep 1; }
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    rm -f "$pidf"
    echo "asterisk-ctl: $(basename "$dir") stopped"
    ;;
  *) echo "usage: asterisk-ctl.sh start|stop DIR" >&2; exit 2 ;;
esac
