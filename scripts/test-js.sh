#!/usr/bin/env bash
# The JavaScript API's tests (tests/js) in headless Chromium and Firefox:
# Vitest browser mode with the webdriverio provider, against the chromedriver
# and geckodriver this script starts on free loopback ports, and the
# WebSocket signaling relay of scripts/test-services.mjs (started here unless
# one already listens on $WEBRTC_WASM_SERVICES_PORT).
# Prints `js-chrome: N passed, M failed` and `js-firefox: N passed, M failed`.
# Usage: scripts/test-js.sh [chrome|firefox]... [-- vitest arguments]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

browsers=()
while [ $# -gt 0 ]; do
  case "$1" in
    chrome|firefox) browsers+=("$1"); shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ "${#browsers[@]}" -gt 0 ] || browsers=(chrome firefox)

if [ ! -d pkg/dist ]; then
  scripts/build.sh
fi

# The Rust side of the interop tests (tests/interop): webrtc-wasm's own
# file transfer, loaded into the page next to the npm package.
echo "[test-js] building tests/interop (wasm-pack, dev profile)" >&2
wasm-pack --log-level warn build --dev --target web --out-dir "$ROOT/target/js-interop" \
  --out-name interop tests/interop

out="$CARGO_TARGET_DIR/js-tests"
mkdir -p "$out"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "[test-js] nothing listens on 127.0.0.1:$1 ($2)" >&2
  return 1
}

if ! (exec 3<>"/dev/tcp/127.0.0.1/$WEBRTC_WASM_SERVICES_PORT") 2>/dev/null; then
  node scripts/test-services.mjs "$WEBRTC_WASM_SERVICES_PORT" 2>"$out/services.log" &
  pids+=($!)
  wait_port "$WEBRTC_WASM_SERVICES_PORT" "test services"
fi

for browser in "${browsers[@]}"; do
  port="$(free_port)"
  if [ "$browser" = chrome ]; then
    "$CHROMEDRIVER_BIN" --port="$port" --allowed-ips=127.0.0.1 >"$out/chromedriver.log" 2>&1 &
    export WEBRTC_WASM_CHROMEDRIVER_PORT="$port"
  else
    "$GECKODRIVER_BIN" --host 127.0.0.1 --port "$port" >"$out/geckodriver.log" 2>&1 &
    export WEBRTC_WASM_GECKODRIVER_PORT="$port"
  fi
  pids+=($!)
  wait_port "$port" "${browser} driver"
done

status=0
summary=()
for browser in "${browsers[@]}"; do
  report="$out/$browser.json"
  rm -f "$report"
  printf '\n=== JavaScript API tests: headless %s\n' "$browser" >&2
  if ! WEBRTC_WASM_JS_BROWSERS="$browser" vitest run --config tests/js/vitest.config.mts \
      --reporter=default --reporter=json --outputFile.json="$report" "$@"; then
    status=1
  fi
  # Counts from the JSON report: failed tests, plus test files that failed
  # outside any test (an import error), plus one for a run that failed
  # otherwise (an unhandled error) or left no report.
  counts="$(node -e '
    const fs = require("fs");
    let passed = 0, failed = 1;
    try {
      const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      passed = r.numPassedTests;
      failed = r.numFailedTests + r.testResults.filter((f) => f.status === "failed" && f.assertionResults.every((t) => t.status !== "failed")).length;
      if (!r.success && failed === 0) failed = 1;
    } catch {}
    console.log(passed, failed);
  ' "$report")"
  read -r passed failed <<<"$counts"
  [ "$passed" -gt 0 ] || status=1
  [ "$failed" -eq 0 ] || status=1
  summary+=("js-$browser: $passed passed, $failed failed")
done

printf '%s\n' "${summary[@]}"
exit "$status"
