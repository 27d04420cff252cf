#!/usr/bin/env bash
# Every check: formatting, clippy, native unit tests, and the browser tests in
# headless Chromium and Firefox (with a coturn server for the relay tests).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
scripts/bootstrap.sh

step() { printf '\n=== %s\n' "$*" >&2; }

# Per-suite logs, read by the summary at the end.
mkdir -p "$CARGO_TARGET_DIR"
rm -f "$CARGO_TARGET_DIR"/{native,e2e,downstream,kit,leptos,yew,js,packaging,types}.log "$CARGO_TARGET_DIR"/browser-*.log

step "cargo fmt --check"
cargo fmt --all -- --check
node scripts/check-readme-examples.mjs

step "cargo clippy (wasm32, -D warnings)"
cargo clippy --target wasm32-unknown-unknown --all-targets --all-features -- -D warnings
# The library alone, without the dev-dependencies' web-sys features.
cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --features js -- -D warnings
# The library side of `npm run bench`.
cargo clippy --target wasm32-unknown-unknown -p webrtc-wasm-bench -- -D warnings
# The Leptos and Yew hook crates and their example apps.
frameworks=(-p webrtc-wasm-hooks -p webrtc-wasm-leptos -p webrtc-wasm-yew -p leptos-chat -p yew-call -p webrtc-wasm-test-support -p webrtc-wasm-testing-example)
cargo clippy --target wasm32-unknown-unknown --all-targets "${frameworks[@]}" -- -D warnings

step "cargo doc (-D warnings)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --target wasm32-unknown-unknown --features io,js,testing --quiet
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --target wasm32-unknown-unknown --quiet \
  -p webrtc-wasm-hooks -p webrtc-wasm-leptos -p webrtc-wasm-yew

step "native unit tests"
cargo test --lib 2>&1 | tee "$CARGO_TARGET_DIR/native.log"
cargo test --doc --features testing 2>&1 | tee -a "$CARGO_TARGET_DIR/native.log"
# The hooks' shared crate. (The Leptos and Yew crates' doc tests, the
# README's component examples, are compiled for wasm32 by
# scripts/test-frameworks.sh.)
cargo test -p webrtc-wasm-hooks --lib 2>&1 | tee -a "$CARGO_TARGET_DIR/native.log"

step "a downstream app: its own start function, another wasm-bindgen"
scripts/check-downstream.sh 2>&1 | tee "$CARGO_TARGET_DIR/downstream.log"

step "coturn on 127.0.0.1:$WEBRTC_WASM_TURN_PORT, Janus on $WEBRTC_WASM_JANUS_WS_PORT, test services on $WEBRTC_WASM_SERVICES_PORT"
scripts/turn.sh start
scripts/janus.sh start
node scripts/test-services.mjs "$WEBRTC_WASM_SERVICES_PORT" &
services=$!
trap 'kill "$services" 2>/dev/null || true; scripts/turn.sh stop; scripts/janus.sh stop' EXIT
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$WEBRTC_WASM_SERVICES_PORT") 2>/dev/null && break
  sleep 0.1
done

failed=0
for browser in chrome firefox; do
  step "browser tests: headless $browser"
  if [ "$browser" = chrome ]; then
    driver=(--chrome --chromedriver "$CHROMEDRIVER_BIN")
  else
    driver=(--firefox --geckodriver "$GECKODRIVER_BIN")
  fi
  : > "$CARGO_TARGET_DIR/browser-$browser.log"
  # One run per test file, so that a failing file does not hide the
  # results of the files after it (wasm-pack stops at the first).
  for file in tests/*.rs; do
    name="$(basename "$file" .rs)"
    if ! wasm-pack --log-level warn test --headless "${driver[@]}" -- --features io,js,testing --test "$name" "$@" 2>&1 | tee -a "$CARGO_TARGET_DIR/browser-$browser.log"; then
      failed=1
    fi
  done
done

step "an app's own wasm-pack tests with the testing kit (examples/wasm-pack-testing)"
: > "$CARGO_TARGET_DIR/kit.log"
for browser in chrome firefox; do
  if [ "$browser" = chrome ]; then
    driver=(--chrome --chromedriver "$CHROMEDRIVER_BIN")
  else
    driver=(--firefox --geckodriver "$GECKODRIVER_BIN")
  fi
  # From the app's directory, as its README section says: the runner reads
  # the app's own webdriver.json there.
  if ! (cd examples/wasm-pack-testing && wasm-pack --log-level warn test --headless "${driver[@]}") 2>&1 | tee -a "$CARGO_TARGET_DIR/kit.log"; then
    failed=1
  fi
done

for framework in leptos yew; do
  step "$framework: the hooks' crate and its example app (Chromium and Firefox)"
  if ! scripts/test-frameworks.sh "$framework" 2>&1 | tee "$CARGO_TARGET_DIR/$framework.log"; then
    failed=1
  fi
done

step "npm package and demo, end to end (Chromium and Firefox)"
scripts/build.sh
webpack --mode production --config webpack.config.js --stats errors-warnings
if ! node tests/e2e/demo.mjs dist | tee "$CARGO_TARGET_DIR/e2e.log"; then
  failed=1
fi

step "npm package: the JavaScript API in Chromium and Firefox (Vitest browser mode)"
if ! scripts/test-js.sh 2>&1 | tee "$CARGO_TARGET_DIR/js.log"; then
  failed=1
fi

step "npm package: the packed tarball in webpack, Vite and a plain page; publint, attw"
if ! scripts/test-packaging.sh 2>&1 | tee "$CARGO_TARGET_DIR/packaging.log"; then
  failed=1
fi

step "npm package: TypeScript consumers (tsc --strict, lib settings, no any)"
if ! scripts/test-types.sh 2>&1 | tee "$CARGO_TARGET_DIR/types.log"; then
  failed=1
fi

step "summary"
total_passed=0
total_failed=0
for suite in native downstream chrome firefox kit leptos yew e2e js-chrome js-firefox packaging types; do
  log="$CARGO_TARGET_DIR/$suite.log"
  case "$suite" in
    chrome|firefox) log="$CARGO_TARGET_DIR/browser-$suite.log" ;;
    js-*) log="$CARGO_TARGET_DIR/js.log" ;;
  esac
  passed=0; failed_here=0
  while read -r p f; do
    passed=$((passed + p)); failed_here=$((failed_here + f))
  done < <(sed -nE -e 's/^test result: [A-Za-z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' \
                   -e "s/^($suite): ([0-9]+) passed, ([0-9]+) failed\$/\\2 \\3/p" "$log" 2>/dev/null)
  echo "$suite: $passed passed, $failed_here failed"
  total_passed=$((total_passed + passed)); total_failed=$((total_failed + failed_here))
done
if [ "$total_passed" -eq 0 ]; then
  echo "no test ran" >&2
  failed=1
fi
echo "total: $total_passed passed, $total_failed failed"
exit "$failed"
