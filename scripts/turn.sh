#!/usr/bin/env bash
# Starts or stops the coturn server the relay tests use, on 127.0.0.1 only.
#   scripts/turn.sh start   # waits until it listens
#   scripts/turn.sh stop
set -euo pipefail

PORT="${WEBRTC_WASM_TURN_PORT:-34780}"
STATE_DIR="${XDG_RUNTIME_DIR:-/tmp}/webrtc-wasm-turn-$PORT"
PIDFILE="$STATE_DIR/turnserver.pid"
source "$(dirname "${BASH_SOURCE[0]}")/daemon.sh"

listening() {
  # coturn answers on UDP and TCP; the TCP listener is easy to probe.
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

stop() {
  daemon_stop "$PIDFILE"
}

start() {
  stop
  if listening; then
    echo "[turn] 127.0.0.1:$PORT is taken by another process; set WEBRTC_WASM_TURN_PORT" >&2
    return 1
  fi
  mkdir -p "$STATE_DIR"
  turnserver -n \
    --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 --listening-port="$PORT" \
    --min-port=49152 --max-port=49999 \
    --lt-cred-mech --user=webrtc:webrtc --realm=webrtc-wasm.test \
    --allow-loopback-peers --no-tls --no-dtls --no-cli --no-stdout-log \
    --log-file="$STATE_DIR/turnserver.log" --simple-log \
    --pidfile="$STATE_DIR/ignored.pid" \
    >/dev/null 2>&1 &
  echo $! > "$PIDFILE"
  if daemon_ready "$PIDFILE" listening; then
    echo "[turn] coturn listening on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"))" >&2
    return 0
  fi
  echo "[turn] coturn did not start; log: $STATE_DIR/turnserver.log" >&2
  cat "$STATE_DIR"/turnserver*.log >&2 2>/dev/null || true
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
