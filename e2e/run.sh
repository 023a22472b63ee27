#!/usr/bin/env bash
# The end-to-end story, headless: Xvfb, tauri-driver with WebKitWebDriver, the real app (debug
# build, the built UI inside) on a fresh desk with a writer, a copy editor and an editor.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cli=$root/target/debug/galley
work=$(mktemp -d)
export GALLEY_DB=$work/desk.galley
export E2E_SHOTS=${E2E_SHOTS:-$root/target/e2e-screenshots}
export XDG_CONFIG_HOME=$work/config   # the window-state plugin's file, kept out of the user's
# Without a GPU the app paints directly (see src-tauri/src/main.rs), but WebKitWebDriver cannot
# take a screenshot of a page painted that way (WebKitGTK 2.50: the request drops), and the
# story keeps one per step. So the story runs with WebKit's compositing on; e2e/perf.sh measures
# the app as it starts by default.
export WEBKIT_DISABLE_COMPOSITING_MODE=0
rm -rf "$E2E_SHOTS"
"$cli" init >/dev/null
"$cli" person add Ed --role editor,admin >/dev/null
"$cli" --as Ed person add Cora --role copy_editor >/dev/null
"$cli" --as Ed person add Wren --role writer >/dev/null

display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=$display
port=$((4444 + RANDOM % 100))
tauri-driver --port "$port" >"$work/driver.log" 2>&1 &
driver=$!
trap 'kill $driver $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/status" >/dev/null 2>&1 && break
  sleep 0.2
done
echo "e2e: the story of a film review, on the real app (screenshots in $E2E_SHOTS)"
WEBDRIVER_URL=http://127.0.0.1:$port GALLEY_APP=$root/target/debug/galley-desktop GALLEY_CLI=$cli \
  node "$root/e2e/story.mjs" || { echo "--- tauri-driver log"; tail -30 "$work/driver.log"; exit 1; }
