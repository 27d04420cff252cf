#!/usr/bin/env bash
# Builds the npm package (wasm + JS glue + TypeScript types) into pkg/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
scripts/bootstrap.sh
# wasm-opt comes from node_modules/.bin (npm package binaryen), so wasm-pack
# downloads nothing.
wasm-pack --log-level warn build --release --target bundler --out-dir pkg --out-name webrtc_wasm -- --features js
echo "[build] npm package in $ROOT/pkg" >&2
