#!/usr/bin/env bash
# Checks that webrtc-wasm is a good dependency (tests/downstream):
#  1. an application with its own #[wasm_bindgen(start)] and the `js` feature
#     builds and links into one module with the project's wasm-bindgen CLI;
#  2. the library's wasm-bindgen requirement lets an application resolve a
#     different wasm-bindgen than Cargo.lock's: the oldest one it names, and
#     the library builds (cargo check) against that version.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

app="$ROOT/tests/downstream"
work="$CARGO_TARGET_DIR/downstream"
mkdir -p "$work"
minimum="$(sed -nE 's/^wasm-bindgen = "([0-9.]+)"$/\1/p' "$ROOT/Cargo.toml")"
locked="$(scripts/wasm-bindgen-version.sh)"
[ -n "$minimum" ] || { echo "no caret wasm-bindgen requirement in Cargo.toml" >&2; exit 1; }

echo "downstream: an app with its own start function, wasm-bindgen $locked"
rm -rf "$work/app" && mkdir -p "$work/app"
cp -r "$app/Cargo.toml" "$app/src" "$work/app/"
sed -i "s|path = \"../..\"|path = \"$ROOT\"|" "$work/app/Cargo.toml"
cp "$ROOT/Cargo.lock" "$work/app/Cargo.lock"
(cd "$work/app" && cargo build --quiet --target wasm32-unknown-unknown --target-dir "$CARGO_TARGET_DIR/downstream-target")
wasm-bindgen --target web --out-dir "$work/app/pkg" \
  "$CARGO_TARGET_DIR/downstream-target/wasm32-unknown-unknown/debug/webrtc_wasm_downstream.wasm"
grep -q "installPanicHook" "$work/app/pkg/webrtc_wasm_downstream.js"
echo "downstream: linked (one start function, the app's)"

echo "downstream: the same app on wasm-bindgen $minimum"
# A fresh resolution, as a new application that needs this version gets.
sed -i "s|^wasm-bindgen = \"0.2\"|wasm-bindgen = \"=$minimum\"|" "$work/app/Cargo.toml"
rm -f "$work/app/Cargo.lock"
(cd "$work/app" && cargo generate-lockfile --quiet)
resolved="$(cd "$work/app" && cargo tree --target wasm32-unknown-unknown -i wasm-bindgen --depth 0 | awk 'NR==1 {print $2}')"
if [ "$resolved" != "v$minimum" ]; then
  echo "downstream: expected wasm-bindgen v$minimum, resolved $resolved" >&2
  exit 1
fi
(cd "$work/app" && cargo check --quiet --target wasm32-unknown-unknown --target-dir "$CARGO_TARGET_DIR/downstream-target")
echo "downstream: resolved and built with wasm-bindgen $resolved"
echo "downstream: 2 passed, 0 failed"
