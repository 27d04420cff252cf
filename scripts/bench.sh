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
echo "[bench] building the npm package, full and data-channel only, for its size" >&2
build --target bundler --out-dir "$out/full" --out-name webrtc_wasm -- --features js
build --target bundler --out-dir "$out/data-channel" --out-name webrtc_wasm -- --no-default-features --features js
node bench/run.mjs --full "$out/full" --data-channel "$out/data-channel" "$@"
