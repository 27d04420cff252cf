#!/usr/bin/env bash
# Prints the wasm-bindgen version Cargo.lock pins: the one source of truth
# for the CLI that scripts/bootstrap.sh installs.
set -euo pipefail
lock="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/Cargo.lock"
awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$lock"
