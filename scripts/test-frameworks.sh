#!/usr/bin/env bash
# The Leptos or Yew hook crate and its example app: the hooks' tests and
# the app's DOM tests in headless Chromium and Firefox, then the app built
# as `npm run example` serves it, opened in both browsers
# (tests/e2e/example.mjs).
#   scripts/test-frameworks.sh leptos|yew [chrome|firefox ...]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

framework="${1:?usage: test-frameworks.sh leptos|yew [chrome|firefox ...]}"
shift
browsers=("$@")
[ ${#browsers[@]} -gt 0 ] || browsers=(chrome firefox)
case "$framework" in
  leptos) packages=(webrtc-wasm-leptos leptos-chat); example=leptos-chat ;;
  yew) packages=(webrtc-wasm-yew yew-call); example=yew-call ;;
  *) echo "unknown framework: $framework" >&2; exit 2 ;;
esac
selection=()
for package in "${packages[@]}"; do selection+=(-p "$package"); done

# The browser flags and prefs of every browser test in the project.
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/webdriver.json"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner

failed=0
echo "$framework: building the tests"
cargo test --target wasm32-unknown-unknown "${selection[@]}" --no-run --quiet
for browser in "${browsers[@]}"; do
  case "$browser" in
    chrome) driver=(env -u GECKODRIVER CHROMEDRIVER="$CHROMEDRIVER_BIN") ;;
    firefox) driver=(env -u CHROMEDRIVER GECKODRIVER="$GECKODRIVER_BIN") ;;
    *) echo "unknown browser: $browser" >&2; exit 2 ;;
  esac
  echo "$framework: headless $browser"
  if ! "${driver[@]}" cargo test --target wasm32-unknown-unknown "${selection[@]}" --no-fail-fast; then
    failed=1
  fi
done

echo "$framework: the example app as npm run example builds and serves it"
if ! scripts/example.sh "$example" --build-only; then
  echo "$framework: 0 passed, 1 failed"
  failed=1
elif ! node tests/e2e/example.mjs "$framework" "$example" "$CARGO_TARGET_DIR/examples/$example"; then
  failed=1
fi
exit "$failed"
