#!/usr/bin/env bash
# Every check: formatting, clippy, native unit tests, and the browser tests in
# headless Chromium and Firefox (with a coturn server for the relay tests).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
scripts/bootstrap.sh

step() { printf '\n=== %s\n' "$*" >&2; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (wasm32, -D warnings)"
cargo clippy --target wasm32-unknown-unknown --all-targets --all-features -- -D warnings

step "native unit tests"
cargo test --lib --doc

step "coturn on 127.0.0.1:$WEBRTC_WASM_TURN_PORT"
scripts/turn.sh start
trap 'scripts/turn.sh stop' EXIT

failed=0
for browser in chrome firefox; do
  step "browser tests: headless $browser"
  if [ "$browser" = chrome ]; then
    driver=(--chrome --chromedriver "$CHROMEDRIVER_BIN")
  else
    driver=(--firefox --geckodriver "$GECKODRIVER_BIN")
  fi
  if ! wasm-pack --log-level warn test --headless "${driver[@]}" -- "$@" 2>&1 | tee "$CARGO_TARGET_DIR/browser-$browser.log"; then
    failed=1
  fi
done

step "summary"
for browser in chrome firefox; do
  line=$(grep -E '^test result:' "$CARGO_TARGET_DIR/browser-$browser.log" | tail -1 || true)
  echo "$browser: ${line:-no result}" >&2
done
exit "$failed"
