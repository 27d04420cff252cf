#!/usr/bin/env bash
# Builds the npm package into pkg/:
#   1. the wasm (cargo, features "js" and "small-alloc") and its JavaScript
#      glue (wasm-bindgen --target web) into js/wasm/, optimised with
#      wasm-opt, which also shortens the names the two share (names.mjs
#      applies that to the glue);
#   2. the TypeScript layer (js/src/) into pkg/dist/ with tsc;
#   3. pkg/package.json, README, licenses, the .wasm in pkg/dist/;
#   4. tsc's modules and the glue bundled into three modules (bundle.mjs)
#      and minified (minify.mjs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
scripts/bootstrap.sh

log() { printf '[build] %s\n' "$*" >&2; }

# With a nightly toolchain and its rust-src (scripts/bootstrap.sh adds
# rust-src when nightly is there), the standard library is rebuilt for size,
# panics abort at once (no formatting machinery for panic messages) and the
# crate is optimized for size (opt-level "z": the benchmark's JavaScript
# cases showed no cost in speed beyond their run-to-run spread), and panic
# locations (file names) are left out: about 20% less wasm. Otherwise, or
# with WEBRTC_WASM_STABLE_BUILD=1, the stable toolchain builds it with the
# release profile.
# (The lists are read whole: `grep -q` closing the pipe early would fail
# the pipeline under pipefail.)
# The package's cdylib goes to a target directory of this checkout's own:
# its file name has no hash, so two checkouts sharing $CARGO_TARGET_DIR (a
# clone that CI tests next to a working copy) would overwrite each other's,
# and cargo, seeing an output newer than the sources, would keep the other
# checkout's.
package_target="$CARGO_TARGET_DIR/package-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
toolchains="$(rustup toolchain list)"
nightly_src="$(rustup component list --toolchain nightly --installed 2>/dev/null || true)"
wasm=""
if [ -z "${WEBRTC_WASM_STABLE_BUILD:-}" ] && grep -q '^nightly' <<<"$toolchains" && grep -q '^rust-src' <<<"$nightly_src"; then
  log "cargo +nightly build (wasm32, release, features js and small-alloc; std built for size, immediate-abort panics, opt-level z)"
  # A target directory of its own: other flags, other artifacts.
  nightly_target="$package_target/nightly"
  if CARGO_PROFILE_RELEASE_OPT_LEVEL=z RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" CARGO_TARGET_DIR="$nightly_target" \
    cargo +nightly build --quiet --release --target wasm32-unknown-unknown --lib --features js,small-alloc \
    -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size; then
    wasm="$nightly_target/wasm32-unknown-unknown/release/webrtc_wasm.wasm"
    toolchain=nightly
  else
    log "the nightly build failed (above); building with stable Rust instead"
  fi
fi
if [ -z "$wasm" ]; then
  log "cargo build (wasm32, release, features js and small-alloc)"
  CARGO_TARGET_DIR="$package_target" cargo build --quiet --release --target wasm32-unknown-unknown --lib --features js,small-alloc
  wasm="$package_target/wasm32-unknown-unknown/release/webrtc_wasm.wasm"
  toolchain=stable
fi

log "wasm-bindgen --target web"
rm -rf js/wasm
wasm-bindgen --target web --out-dir js/wasm --out-name webrtc_wasm "$wasm"
# Which build pkg/ holds (the packaging tests' size budget depends on it).
echo "$toolchain" >js/wasm/toolchain
# wasm-pack's release default, and names of a character or two for what
# the module imports and exports (the mapping goes to names.mjs).
log "wasm-opt -O --minify-imports-and-exports-and-modules"
wasm-opt -O --minify-imports-and-exports-and-modules js/wasm/webrtc_wasm_bg.wasm \
  -o js/wasm/webrtc_wasm_bg.wasm.opt >js/wasm/names.json
mv js/wasm/webrtc_wasm_bg.wasm.opt js/wasm/webrtc_wasm_bg.wasm
node scripts/package/names.mjs js/wasm js/wasm/names.json

log "tsc"
rm -rf pkg
tsc -p js/tsconfig.json

node scripts/package/assemble.mjs
node scripts/package/bundle.mjs
# What apps load is minified (with source maps); the declarations keep
# their documentation.
node scripts/package/minify.mjs
log "npm package in $ROOT/pkg"
