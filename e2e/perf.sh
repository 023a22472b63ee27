#!/usr/bin/env bash
# Prints the app's measured figures (issue 4, item 12): keystroke to preview painted on a
# 5,000-word review, and again with 20 queries and 20 suggestions showing on it (issue 11), cold start of the release build to an interactive desk of 100,000 pieces,
# and the app's memory then. Builds the release app first. PIECES=N for a smaller desk;
# `e2e/perf.sh keys` or `e2e/perf.sh cold` measures only that part.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh --e2e
npm --prefix ui run build --silent
cargo build --release -p galley -p galley-desktop
cli=$root/target/release/galley
work=$(mktemp -d)
export PIECES=${PIECES:-100000}
export XDG_CONFIG_HOME=$work/config GALLEY_AS=Ed
trap 'kill ${driver:-} ${xvfb:-} 2>/dev/null || true; rm -rf "$work"' EXIT

words=(the night city light camera actor quiet long road house voice water memory frame story)
# Each paragraph opens with words of its own ("Scene N opens"), for the copy desk's marks.
body() { for ((i = 0; i < $1; i++)); do ((i % 120 == 0)) && printf 'Scene %d opens ' $((i / 120)); printf '%s ' "${words[RANDOM % ${#words[@]}]}"; ((i % 120 == 119)) && printf '.\n\n'; done; echo; }

# A desk with one 5,000-word review.
keys_db=$work/keys.galley
GALLEY_DB=$keys_db "$cli" init >/dev/null
GALLEY_DB=$keys_db "$cli" person add Ed --role editor,admin >/dev/null
{ printf -- '---\nkind: review\nsection: Film\nheadline: The Long Review\ndek: Five thousand words.\nbylines: [Ed]\nreview:\n  medium: film\n  title: Heat\n---\n'; body 5000; } >"$work/long.md"
GALLEY_DB=$keys_db "$cli" --as Ed import "$work/long.md" >/dev/null

# The same review with 20 queries and 20 suggestions on it (each on a paragraph of its own).
marked_db=$work/marked.galley
cp "$keys_db" "$marked_db"
long=$(GALLEY_DB=$marked_db "$cli" search "Long Review" --json | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8"))[0].id)')
for n in $(seq 0 19); do
  GALLEY_DB=$marked_db "$cli" --as Ed query add "$long" --quote "Scene $n opens" --text "Query $n: is this right?" >/dev/null
done
GALLEY_DB=$marked_db "$cli" --as Ed export "$long" | node -e '
  let t = require("fs").readFileSync(0, "utf8"); t = t.slice(t.indexOf("\n---\n", 4) + 5);
  for (let n = 20; n < 40; n++) t = t.replace(`Scene ${n} opens`, `Scene ${n} begins`);
  process.stdout.write(t);' >"$work/proposal.txt"
GALLEY_DB=$marked_db "$cli" --as Ed suggest "$long" "$work/proposal.txt" >/dev/null

only=${1:-}
# A desk of $PIECES pieces, imported as an archive through the CLI.
big_db=$work/big.galley
if [ "$only" != keys ]; then
GALLEY_DB=$big_db "$cli" init >/dev/null
GALLEY_DB=$big_db "$cli" person add Ed --role editor,admin >/dev/null
mkdir -p "$work/files"
echo "perf: writing $PIECES piece files"
for ((i = 0; i < PIECES; i++)); do
  printf -- '---\nkind: review\nsection: Film\nheadline: Review %d\ndek: A dek.\nbylines: [Writer %d]\nreview:\n  medium: film\n  title: Film %d\npublished: 2020-01-01T09:%02d:00Z\n---\nBody of review %d, a few words long.\n' \
    "$i" $((i % 20)) "$i" $((i % 60)) "$i" >"$work/files/p$i.md"
done
echo "perf: importing"
(cd "$work/files" && ls | xargs -n 5000 env GALLEY_DB="$big_db" "$cli" --as Ed import --archive >/dev/null)
fi

display=:$((80 + RANDOM % 9))
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=$display
run() {
  local db=$1 mode=$2 label=${3:-} port=$((4600 + RANDOM % 100))
  GALLEY_DB=$db tauri-driver --port "$port" >"$work/driver.log" 2>&1 &
  driver=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/status" >/dev/null 2>&1 && break; sleep 0.2; done
  WEBDRIVER_URL=http://127.0.0.1:$port GALLEY_APP=$root/target/release/galley-desktop GALLEY_CLI=$cli GALLEY_DB=$db \
    node "$root/e2e/perf.mjs" "$mode" "$label"
  kill $driver 2>/dev/null || true
  wait $driver 2>/dev/null || true
}
[ "$only" = cold ] || run "$keys_db" keys
[ "$only" = cold ] || run "$marked_db" keys "with 20 queries and 20 suggestions showing"
[ "$only" = keys ] || run "$big_db" cold
