#!/usr/bin/env bash
# Benchmarks webrtc-wasm against raw JavaScript in headless Chromium and
# Firefox and writes bench/results.{json,md,svg} (see bench/run.mjs).
# Arguments go to bench/run.mjs: --quick, --cases bulk,api-bulk,stats,
# --browsers chrome.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
scripts/bootstrap.sh

echo "[bench] building the benchmark page's wasm (release, as shipped)" >&2
wasm-pack --log-level warn build --release --target web --out-dir "$ROOT/bench/page/pkg" \
  --out-name webrtc_wasm_bench bench
# The npm package as published: the "JS API" cases import it and its size is
# measured (the whole package: media, stats and file transfer are its
# TypeScript, the wasm module is the same for every part).
echo "[bench] building the npm package (scripts/build.sh)" >&2
scripts/build.sh
# The SFU case's Janus (scripts/janus.sh), reached through the page's server.
scripts/janus.sh start
trap 'scripts/janus.sh stop' EXIT
node bench/run.mjs --npm "$ROOT/pkg" "$@"
