# Sourced by scripts/turn.sh and scripts/janus.sh: stopping a server of the
# tests by its pid file, and waiting until one just started answers.

# Stops the process whose pid `$1` holds (if any) and removes the file.
daemon_stop() {
  local pidfile="$1"
  [ -f "$pidfile" ] || return 0
  kill "$(cat "$pidfile")" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$(cat "$pidfile")" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
}

# Waits up to 10 s until the process of pid file `$1` runs and the command
# `$2` succeeds; fails at once if the process exits.
daemon_ready() {
  local pidfile="$1" check="$2"
  for _ in $(seq 100); do
    kill -0 "$(cat "$pidfile")" 2>/dev/null || return 1
    "$check" && return 0
    sleep 0.1
  done
  return 1
}
