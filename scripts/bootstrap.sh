#!/usr/bin/env bash
# Installs everything the build, the demo and the tests need. Idempotent: each
# step checks first and is skipped when its tool is already there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The CLI must be the version Cargo.lock pins.
WASM_BINDGEN_VERSION="$("$ROOT/scripts/wasm-bindgen-version.sh")"
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[bootstrap] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# gcc and libc6-dev: the linker cargo needs for build scripts and tools.
# janus: the SFU of tests/janus.rs (scripts/janus.sh; curl probes it, and
# nftables cuts one connection's path for the network-failure test).
apt_packages=(gcc libc6-dev chromium chromium-driver firefox-esr coturn janus curl nftables)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt: installing ${missing[*]}"
  as_root apt-get update -qq
  # Tests start their own coturn and Janus on ports of their own
  # (scripts/turn.sh, scripts/janus.sh).
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    log "rustup: adding $component"
    rustup component add "$component"
  fi
done

# The npm package's size build (scripts/build.sh) rebuilds std with the
# nightly toolchain when the machine has one.
toolchains="$(rustup toolchain list)"
nightly_components="$(rustup component list --toolchain nightly --installed 2>/dev/null || true)"
if grep -q '^nightly' <<<"$toolchains" && ! grep -q '^rust-src' <<<"$nightly_components"; then
  log "rustup: adding rust-src to nightly"
  rustup component add rust-src --toolchain nightly
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "cargo: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes)"
  # --locked fails on this registry (a locked transitive version is missing).
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! command -v wasm-pack >/dev/null; then
  log "cargo: installing wasm-pack (a few minutes)"
  cargo install wasm-pack
fi

if ! command -v geckodriver >/dev/null; then
  log "cargo: installing geckodriver (a few minutes)"
  cargo install geckodriver
fi

cd "$ROOT"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.lock-hash 2>/dev/null || true)" != "$lock_hash" ]; then
  log "npm: installing packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.lock-hash
fi
log "ready"
