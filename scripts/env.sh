# Sourced by the scripts: paths shared by build, test and demo.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Builds live outside the clone so that fresh clones reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/webrtc-wasm/target}"
# Exported under names the test runner does not read itself (it would pick
# a browser from CHROMEDRIVER/GECKODRIVER), for wasm-pack and tests/e2e.
export CHROMEDRIVER_BIN="${CHROMEDRIVER_BIN:-/usr/bin/chromedriver}"
export GECKODRIVER_BIN="${GECKODRIVER_BIN:-$HOME/.cargo/bin/geckodriver}"
export CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
export FIREFOX_BIN="${FIREFOX_BIN:-/usr/bin/firefox-esr}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
# Not coturn's default 3478, so a system TURN service cannot be mistaken
# for the tests' own.
export WEBRTC_WASM_TURN_PORT="${WEBRTC_WASM_TURN_PORT:-34780}"
# The coturn control endpoint and WebSocket signaling relay of the tests.
export WEBRTC_WASM_SERVICES_PORT="${WEBRTC_WASM_SERVICES_PORT:-34781}"
# The Janus server of the SFU tests (scripts/janus.sh): WebSocket and HTTP.
export WEBRTC_WASM_JANUS_WS_PORT="${WEBRTC_WASM_JANUS_WS_PORT:-34782}"
export WEBRTC_WASM_JANUS_HTTP_PORT="${WEBRTC_WASM_JANUS_HTTP_PORT:-34783}"
cd "$ROOT"
