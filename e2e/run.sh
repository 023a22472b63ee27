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
drivers=$driver
trap 'kill $drivers $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/status" >/dev/null 2>&1 && break
  sleep 0.2
done
echo "e2e: the story of a film review, on the real app (screenshots in $E2E_SHOTS)"
WEBDRIVER_URL=http://127.0.0.1:$port GALLEY_APP=$root/target/debug/galley-desktop GALLEY_CLI=$cli \
  node "$root/e2e/story.mjs" || { echo "--- tauri-driver log"; tail -30 "$work/driver.log"; exit 1; }

# The year-end poll's story, on the same desk: Sam edits the music section; the critics come in
# with their spreadsheet.
"$cli" --as Ed person add "Sam Ortiz" --role section_editor,writer --section Music >/dev/null
echo "e2e: the year-end poll, from a spreadsheet of ballots to a scheduled list (screenshots in $E2E_SHOTS)"
E2E_WORK=$work WEBDRIVER_URL=http://127.0.0.1:$port GALLEY_APP=$root/target/debug/galley-desktop GALLEY_CLI=$cli \
  node "$root/e2e/poll.mjs" || { echo "--- tauri-driver log"; tail -30 "$work/driver.log"; exit 1; }

# The copy desk's story, on the same desk: Cora queries and suggests, Wren answers and decides.
echo "e2e: the copy desk, from a query and suggestions to the writer's decisions (screenshots in $E2E_SHOTS)"
E2E_WORK=$work WEBDRIVER_URL=http://127.0.0.1:$port GALLEY_APP=$root/target/debug/galley-desktop GALLEY_CLI=$cli \
  node "$root/e2e/copydesk.mjs" || { echo "--- tauri-driver log"; tail -30 "$work/driver.log"; exit 1; }

# Files in and out, on the same desk: Ed imports a real WordPress export and exports the
# calendar; Wren keeps a drafts folder in step with the desk.
echo "e2e: files in and out, an archive imported and a drafts folder kept in step (screenshots in $E2E_SHOTS)"
E2E_WORK=$work WEBDRIVER_URL=http://127.0.0.1:$port GALLEY_APP=$root/target/debug/galley-desktop GALLEY_CLI=$cli \
  node "$root/e2e/files.mjs" || { echo "--- tauri-driver log"; tail -30 "$work/driver.log"; exit 1; }

# The shared desk's story over ssh: an sshd on 127.0.0.1 with its own config, host key and
# port, a shared desk made by `galley server init`, a key for Ed and one for Wren (each line of
# authorized_keys the forced command `galley server serve ... --person NAME`), a desk joined
# over ssh for each, and a driver for each window, started with that window's desk.
shared=$work/shared
sshdir=$shared/sshd
mkdir -p "$sshdir"
"$cli" server init "$shared/desk.git" --admin Ed >/dev/null 2>&1
ssh-keygen -q -t ed25519 -N '' -f "$sshdir/host_key"
for n in Ed Wren; do
  ssh-keygen -q -t ed25519 -N '' -C "$n" -f "$sshdir/key-$n"
  echo "command=\"$cli server serve $shared/desk.git --person '$n'\",restrict $(cat "$sshdir/key-$n.pub")" >>"$sshdir/authorized_keys"
done
sshport=$((port + 2000))
printf '%s\n' "ListenAddress 127.0.0.1" "Port $sshport" "HostKey $sshdir/host_key" \
  "AuthorizedKeysFile $sshdir/authorized_keys" "PidFile $sshdir/sshd.pid" "PasswordAuthentication no" \
  "KbdInteractiveAuthentication no" "PubkeyAuthentication yes" "PermitRootLogin prohibit-password" \
  "StrictModes no" "UsePAM no" "AllowUsers $(id -un)" "LogLevel ERROR" >"$sshdir/sshd_config"
[ "$(id -u)" -ne 0 ] || mkdir -p /run/sshd
"$(command -v sshd || echo /usr/sbin/sshd)" -D -e -f "$sshdir/sshd_config" 2>"$work/sshd.log" &
drivers="$drivers $!"
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$sshport") 2>/dev/null && break
  sleep 0.1
done
echo "[127.0.0.1]:$sshport $(cat "$sshdir/host_key.pub")" >"$sshdir/known_hosts"
ssh_of() { echo "ssh -F /dev/null -i $sshdir/key-$1 -o IdentitiesOnly=yes -o UserKnownHostsFile=$sshdir/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=5"; }
url="ssh://$(id -un)@127.0.0.1:$sshport$shared/desk.git"
join_as() { # name desk
  GIT_SSH_COMMAND=$(ssh_of "$1") "$cli" join "$url" --db "$2" --as "$1" >/dev/null 2>"$work/join.log" ||
    { echo "e2e: $1 could not join over ssh"; cat "$work/join.log" "$work/sshd.log"; exit 1; }
  git --git-dir "$2.git" config core.sshCommand "$(ssh_of "$1")"
}
join_as Ed "$shared/ed.galley"
"$cli" --db "$shared/ed.galley" --as Ed person add Wren --role writer >/dev/null
"$cli" --db "$shared/ed.galley" --as Ed sync >/dev/null
join_as Wren "$shared/wren.galley"
kill "$driver" 2>/dev/null || true
start_driver() { # name desk port
  GALLEY_DB=$2 XDG_CONFIG_HOME=$shared/config-$1 tauri-driver --port "$3" --native-port $(($3 + 200)) >"$work/driver-$1.log" 2>&1 &
  drivers="$drivers $!"
  for _ in $(seq 50); do
    curl -fs "http://127.0.0.1:$3/status" >/dev/null 2>&1 && return
    sleep 0.2
  done
}
start_driver wren "$shared/wren.galley" $((port + 1000))
start_driver ed "$shared/ed.galley" $((port + 1001))
echo "e2e: the shared desk over ssh, two windows on two desks (screenshots in $E2E_SHOTS)"
WEBDRIVER_WREN=http://127.0.0.1:$((port + 1000)) WEBDRIVER_ED=http://127.0.0.1:$((port + 1001)) SHARED_URL=$url WREN_CLONE=$shared/wren.galley.git ED_DB=$shared/ed.galley \
  GALLEY_APP=$root/target/debug/galley-desktop GALLEY_CLI=$cli node "$root/e2e/shared.mjs" ||
  { for n in wren ed; do echo "--- tauri-driver log ($n)"; tail -30 "$work/driver-$n.log"; done; exit 1; }
