#!/usr/bin/env bash
# Builds an example app (cargo and the project's wasm-bindgen CLI, nothing
# downloaded) and serves it on localhost.
#   npm run example -- leptos-chat|yew-call [--release] [--build-only]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

name="${1:-}"
if [ -z "$name" ] || [[ "$name" == */* ]] || [ ! -f "$ROOT/examples/$name/Cargo.toml" ]; then
  echo "usage: npm run example -- <name> [--release] [--build-only]" >&2
  echo "examples: $(cd "$ROOT/examples" && ls -d */ | tr -d / | tr '\n' ' ')" >&2
  exit 2
fi
shift
profile=debug
cargo_profile=()
build_only=0
for option in "$@"; do
  case "$option" in
    --release) profile=release; cargo_profile=(--release) ;;
    --build-only) build_only=1 ;;
    *) echo "unknown option: $option" >&2; exit 2 ;;
  esac
done

out="$CARGO_TARGET_DIR/examples/$name"
cargo build --quiet --target wasm32-unknown-unknown -p "$name" --bin "$name" "${cargo_profile[@]}"
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name "$name" \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/$profile/$name.wasm"
# One page and one style sheet for every example.
sed "s/{{name}}/$name/g" "$ROOT/examples/index.html" > "$out/index.html"
cp "$ROOT/examples/style.css" "$out/"
echo "[example] $name built into $out ($(du -k "$out/${name}_bg.wasm" | cut -f1) KiB of wasm, $profile)" >&2
[ "$build_only" = 1 ] && exit 0

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8081}"
echo "[example] $name at http://$HOST:$PORT/" >&2
exec vite "$out" --host "$HOST" --port "$PORT" --strictPort
