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
# Tauri names the file after the product (Galley_...); Debian's convention, and the package's
# own name inside, is galley_VERSION_ARCH.deb.
cd target/release/bundle/deb
for f in Galley_*.deb; do
  [ -e "$f" ] && mv -f "$f" "galley_${f#Galley_}"
done
ls -1 "$PWD"/galley_*.deb
