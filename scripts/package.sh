#!/usr/bin/env bash
# Builds Galley's Debian package (target/release/bundle/deb/galley_VERSION_ARCH.deb): the desktop
# app `galley-desktop` with its desktop entry and icon, and the command line `galley`.
# Install it with `sudo apt install ./target/release/bundle/deb/galley_*.deb`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --package
npm --prefix ui run build --silent
cargo build --release -p galley --bin galley
cargo tauri build --bundles deb
ls -1 target/release/bundle/deb/*.deb
