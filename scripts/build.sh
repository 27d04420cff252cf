#!/usr/bin/env bash
# Builds the npm package into pkg/:
#   1. the wasm (cargo, feature "js") and its JavaScript glue (wasm-bindgen
#      --target web) into js/wasm/, optimised with wasm-opt;
#   2. the TypeScript layer (js/src/) into pkg/dist/ with tsc;
#   3. pkg/wasm/ (the glue and the .wasm), pkg/package.json, README, licenses.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
scripts/bootstrap.sh

log() { printf '[build] %s\n' "$*" >&2; }

log "cargo build (wasm32, release, feature js)"
cargo build --quiet --release --target wasm32-unknown-unknown --lib --features js
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/webrtc_wasm.wasm"

log "wasm-bindgen --target web"
rm -rf js/wasm
wasm-bindgen --target web --out-dir js/wasm --out-name webrtc_wasm "$wasm"
# wasm-pack's release default.
log "wasm-opt -O"
wasm-opt -O js/wasm/webrtc_wasm_bg.wasm -o js/wasm/webrtc_wasm_bg.wasm.opt
mv js/wasm/webrtc_wasm_bg.wasm.opt js/wasm/webrtc_wasm_bg.wasm

log "tsc"
rm -rf pkg
tsc -p js/tsconfig.json

node scripts/package/assemble.mjs
log "npm package in $ROOT/pkg"
