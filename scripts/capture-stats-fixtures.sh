#!/usr/bin/env bash
# Regenerates tests/fixtures/stats-chromium.json and stats-firefox.json from
# a real call in each browser: the stats test
# `a_call_reports_every_type_and_counters_grow` (audio, video and a data
# channel between two peers in one page), built with
# WEBRTC_WASM_CAPTURE_STATS=1, prints both sides' raw
# getStats() reports as one `STATS-FIXTURE {...}` line; this script keeps
# that line of each browser's run.
#   scripts/capture-stats-fixtures.sh            # both browsers
#   scripts/capture-stats-fixtures.sh firefox    # one
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

browsers=("$@")
[ ${#browsers[@]} -gt 0 ] || browsers=(chromium firefox)

export WEBRTC_WASM_CAPTURE_STATS=1
for browser in "${browsers[@]}"; do
  # cargo runs the test through wasm-bindgen-test-runner
  # (.cargo/config.toml), which picks the browser from the driver variable.
  case "$browser" in
    chromium) driver=(CHROMEDRIVER="$CHROMEDRIVER_BIN") ;;
    firefox) driver=(GECKODRIVER="$GECKODRIVER_BIN") ;;
    *) echo "unknown browser $browser (chromium or firefox)" >&2; exit 2 ;;
  esac
  log="$CARGO_TARGET_DIR/capture-stats-$browser.log"
  echo "[capture] $browser" >&2
  # In capture mode the test fails on purpose once it has printed the
  # fixture: the runner shows a test's console output only on failure.
  env -u CHROMEDRIVER -u GECKODRIVER -u SAFARIDRIVER "${driver[@]}" \
    cargo test --target wasm32-unknown-unknown --features io,js,testing --test stats -- \
      a_call_reports_every_type_and_counters_grow \
      >"$log" 2>&1 || true
  line="$(grep -o 'STATS-FIXTURE .*' "$log" | tail -1 || true)"
  if [ -z "$line" ] || ! grep -q 'captured the stats fixture' "$log"; then
    tail -40 "$log" >&2
    echo "[capture] the $browser run printed no fixture; log: $log" >&2
    exit 1
  fi
  out="tests/fixtures/stats-$browser.json"
  printf '%s' "${line#STATS-FIXTURE }" | node -e '
    let text = "";
    process.stdin.on("data", (d) => (text += d)).on("end", () => {
      const fixture = JSON.parse(text);
      for (const side of ["sender", "receiver"]) {
        if (!Array.isArray(fixture[side]) || fixture[side].length === 0) {
          throw new Error(`no ${side} report`);
        }
      }
      process.stdout.write(JSON.stringify(fixture, null, 1) + "\n");
    });
  ' >"$out.tmp"
  mv "$out.tmp" "$out"
  echo "[capture] wrote $out" >&2
done
