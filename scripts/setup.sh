#!/usr/bin/env bash
# Installs what building and testing kgportal needs, and nothing that is already there.
# Usage: scripts/setup.sh [--browser]   (--browser also installs Debian's chromium + chromedriver)
# Needs only the Rust toolchain (rustup), Node/npm and, for --browser, apt-get (as root or via sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

TRUNK_VERSION=0.21.14   # 0.22 needs rustc 1.96
if ! trunk --version 2>/dev/null | grep -qF "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 8 minutes on 2 cores)"
  cargo install "trunk@$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock. Installed without --locked:
# its own lockfile wants a crate version this registry mirror lacks.
WBG=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qF " $WBG"; then
  say "installing wasm-bindgen-cli $WBG (matches Cargo.lock)"
  cargo install wasm-bindgen-cli --version "$WBG"
fi

# npm devDependencies: binaryen (wasm-opt 132), purgecss and terser (scripts/postbuild.mjs),
# playwright-core, axe-core; sql.js and @duckdb/duckdb-wasm, the peers scripts/bench.sh compares
# the portal with.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.kg-lock; then
  say "installing npm devDependencies"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.kg-lock
fi

if [ "${1:-}" = "--browser" ]; then
  # A CJK font, so that screenshots and rendering checks show Chinese rather than tofu.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -d /usr/share/fonts/truetype/wqy ]; then
    say "installing Debian chromium, chromium-driver and a CJK font"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
  fi
fi

# Trunk runs --offline: fetch crates now so a missing one fails here with a clear message.
cargo fetch --locked >/dev/null
