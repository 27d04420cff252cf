#!/usr/bin/env bash
# Builds the package and serves the demo, with its WebSocket signaling rooms
# at /signal/<room> and, for the multi-party room, Janus (scripts/janus.sh)
# relayed at /janus, on localhost.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
scripts/build.sh
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8080}"
# The multi-party room needs Janus; the other ways to connect do not.
scripts/janus.sh start || echo "[start] Janus did not start (above): the multi-party room will not connect" >&2
trap 'scripts/janus.sh stop' EXIT
echo "[start] demo at http://$HOST:$PORT/" >&2
webpack serve --config webpack.config.js --host "$HOST" --port "$PORT"
