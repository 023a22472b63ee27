#!/usr/bin/env bash
# Installs what Galley needs on a fresh Debian or Ubuntu machine, skipping what is there:
# the webkit2gtk and build packages, the UI's npm packages; with --e2e, what the end-to-end
# tests drive the app with (Xvfb, WebKitWebDriver, tauri-driver, and xdotool for the real key
# events e2e/perf.sh types); with --package, tauri-cli 2 for `cargo tauri build`.
set -euo pipefail
cd "$(dirname "$0")/.."
e2e=false
package=false
for flag in "$@"; do
  case "$flag" in
    --e2e) e2e=true ;;
    --package) package=true ;;
    *) echo "setup: unknown flag $flag (--e2e, --package)" >&2; exit 2 ;;
  esac
done

# openssh-server and -client: the shared desk's tests start their own sshd on 127.0.0.1.
packages=(libwebkit2gtk-4.1-dev build-essential file libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev openssh-server openssh-client)
if $e2e; then
  packages+=(xvfb xauth webkit2gtk-driver fonts-dejavu-core xdotool)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -f ui/package.json ] && { [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; }; then
  echo "setup: installing the UI's npm packages"
  npm --prefix ui ci --no-audit --no-fund --loglevel=error
fi

if $e2e && ! command -v tauri-driver >/dev/null; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
fi

if $package && ! cargo tauri --version 2>/dev/null | grep -q '^tauri-cli 2'; then
  echo "setup: installing tauri-cli 2"
  cargo install tauri-cli --version '^2' --locked --quiet
fi
