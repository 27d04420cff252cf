#!/usr/bin/env bash
# Starts or stops the Janus server the SFU tests use, its API on 127.0.0.1
# only, with the configuration in scripts/janus/ (the EchoTest, VideoRoom
# and TextRoom plugins; WebSocket and HTTP transports; ICE on this
# machine's own addresses, since Janus gathers none on loopback).
#   scripts/janus.sh start   # waits until its HTTP API answers
#   scripts/janus.sh stop
#   scripts/janus.sh block PORT   # drops UDP to and from one of Janus's
#                                 # media ports (nftables): a network
#                                 # failure of the connection using it
#   scripts/janus.sh unblock      # lifts every such block
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WS_PORT="${WEBRTC_WASM_JANUS_WS_PORT:-34782}"
HTTP_PORT="${WEBRTC_WASM_JANUS_HTTP_PORT:-34783}"
STATE_DIR="${XDG_RUNTIME_DIR:-/tmp}/webrtc-wasm-janus-$WS_PORT"
PIDFILE="$STATE_DIR/janus.pid"
source "$ROOT/scripts/daemon.sh"

answering() {
  curl -fsS --max-time 1 "http://127.0.0.1:$HTTP_PORT/janus/info" >/dev/null 2>&1
}

stop() {
  daemon_stop "$PIDFILE"
}

# Where Debian's janus keeps its plugins (…/<multiarch>/janus).
libdir() {
  local plugin
  plugin="$(dpkg -L janus 2>/dev/null | grep -m1 '/plugins/libjanus_echotest.so$' || true)"
  if [ -z "$plugin" ]; then
    echo "[janus] the janus package is not installed (scripts/bootstrap.sh installs it)" >&2
    return 1
  fi
  dirname "$(dirname "$plugin")"
}

start() {
  stop
  if answering; then
    echo "[janus] 127.0.0.1:$HTTP_PORT is taken by another process; set WEBRTC_WASM_JANUS_HTTP_PORT" >&2
    return 1
  fi
  local lib
  lib="$(libdir)"
  rm -rf "$STATE_DIR/conf"
  mkdir -p "$STATE_DIR/conf"
  for file in "$ROOT"/scripts/janus/*.jcfg; do
    sed -e "s|@LIBDIR@|$lib|g" -e "s|@STATE@|$STATE_DIR|g" \
      -e "s|@WS_PORT@|$WS_PORT|g" -e "s|@HTTP_PORT@|$HTTP_PORT|g" \
      "$file" > "$STATE_DIR/conf/$(basename "$file")"
  done
  janus --configs-folder="$STATE_DIR/conf" --config="$STATE_DIR/conf/janus.jcfg" \
    --disable-stdout --log-file="$STATE_DIR/janus.log" --disable-colors \
    >/dev/null 2>&1 &
  echo $! > "$PIDFILE"
  if daemon_ready "$PIDFILE" answering; then
    echo "[janus] Janus answering on 127.0.0.1: WebSocket $WS_PORT, HTTP $HTTP_PORT (pid $(cat "$PIDFILE"))" >&2
    return 0
  fi
  echo "[janus] Janus did not start; log: $STATE_DIR/janus.log" >&2
  tail -40 "$STATE_DIR/janus.log" >&2 2>/dev/null || true
  return 1
}

# The nftables table of this Janus's blocks.
TABLE="webrtc_wasm_janus_$WS_PORT"

block() {
  local port="$1"
  if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 34800 ] || [ "$port" -gt 34999 ]; then
    echo "[janus] $port is not one of Janus's media ports (34800-34999)" >&2
    return 2
  fi
  nft add table inet "$TABLE"
  nft add chain inet "$TABLE" input "{ type filter hook input priority 0; }"
  nft add rule inet "$TABLE" input udp dport "$port" drop
  nft add rule inet "$TABLE" input udp sport "$port" drop
  echo "[janus] UDP to and from port $port dropped" >&2
}

unblock() {
  nft delete table inet "$TABLE" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) unblock; stop ;;
  block) block "${2:-}" ;;
  unblock) unblock ;;
  *) echo "usage: $0 start|stop|block PORT|unblock" >&2; exit 2 ;;
esac
