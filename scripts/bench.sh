#!/usr/bin/env bash
# Benchmarks webrtc-wasm against raw JavaScript in headless Chromium and
# Firefox and writes bench/results.{json,md,svg} (see bench/run.mjs).
# Arguments go to bench/run.mjs: --quick, --cases bulk,stats, --browsers chrome.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
scripts/bootstrap.sh

out="$CARGO_TARGET_DIR/bench"
build() { wasm-pack --log-level warn build --release "$@"; }
echo "[bench] building the benchmark page's wasm (release, as shipped)" >&2
build --target web --out-dir "$ROOT/bench/page/pkg" --out-name webrtc_wasm_bench bench
# The npm package's JavaScript API covers connections and data channels (no
# media or stats yet), so its one build is also the data-channel-only build.
echo "[bench] building the npm package for its size" >&2
build --target bundler --out-dir "$out/npm" --out-name webrtc_wasm -- --features js
node bench/run.mjs --npm "$out/npm" "$@"
