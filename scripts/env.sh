# Sourced by the scripts: paths shared by build, test and demo.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Builds live outside the clone so that fresh clones reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/webrtc-wasm/target}"
CHROMEDRIVER_BIN="${CHROMEDRIVER_BIN:-/usr/bin/chromedriver}"
GECKODRIVER_BIN="${GECKODRIVER_BIN:-$HOME/.cargo/bin/geckodriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
export WEBRTC_WASM_TURN_PORT="${WEBRTC_WASM_TURN_PORT:-3478}"
cd "$ROOT"
