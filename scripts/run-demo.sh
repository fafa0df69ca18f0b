#!/usr/bin/env bash
# The run command: installs what is missing, builds, starts confab-relay on loopback with its
# embedded store in a local data folder, creates a demo account and room, and opens the confab
# window signed in to it. Without a display it says so and keeps the relay running.
#
# Environment: CONFAB_DEMO_DIR (data folder, default ./.confab-demo), CONFAB_DEMO_PORT (default 0:
# any free port), CONFAB_DEMO_NO_BUILD=1 to skip the install and build steps.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

if [ "${CONFAB_DEMO_NO_BUILD:-0}" != 1 ]; then
  scripts/install-deps.sh
  scripts/build.sh dev confab confab-relay confab-headless
fi
bin="$root/build/dev/bin"

demo_dir="${CONFAB_DEMO_DIR:-$root/.confab-demo}"
mkdir -p "$demo_dir/relay"
chmod 700 "$demo_dir"

# The demo password is made once, kept in a file only this user can read, and handed to programs
# through their environment or standard input, never on a command line.
umask 077
if [ ! -s "$demo_dir/demo-password" ]; then
  head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$demo_dir/demo-password"
  head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$demo_dir/bot-password"
fi
demo_password="$(cat "$demo_dir/demo-password")"
bot_password="$(cat "$demo_dir/bot-password")"

relay() { "$bin/confab-relay" "$@" --data-dir "$demo_dir/relay"; }
CONFAB_PASSWORD="$demo_password" relay user add demo --if-missing
CONFAB_PASSWORD="$bot_password" relay user add confab-bot --if-missing
relay room create general --if-missing

relay_log="$demo_dir/relay.log"
"$bin/confab-relay" serve --listen 127.0.0.1 --port "${CONFAB_DEMO_PORT:-0}" \
  --data-dir "$demo_dir/relay" > "$demo_dir/relay.out" 2> "$relay_log" &
relay_pid=$!
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  kill -TERM "$relay_pid" 2>/dev/null && wait "$relay_pid" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^confab-relay listening on \(ws:[^ ]*\)$/\1/p' "$demo_dir/relay.out")"
  [ -n "$url" ] && break
  kill -0 "$relay_pid" 2>/dev/null || { echo "run-demo: the relay failed to start:" >&2; cat "$relay_log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "run-demo: the relay did not report its address" >&2; exit 1; }
echo "run-demo: relay running at $url (data in $demo_dir/relay, log in $relay_log)"

# A second account posts a greeting once the app is signed in, so the room is not empty.
greet() {
  printf 'join room:general\nsend room:general Welcome to Confab, %s! This room is served by the relay at %s.\nsend room:general Type below and press Enter to send; Shift+Enter starts a new line.\nquit\n' \
    demo "$url" |
    CONFAB_RELAY_URL="$url" CONFAB_USERNAME=confab-bot CONFAB_PASSWORD="$bot_password" \
      "$bin/confab-headless" > /dev/null || echo "run-demo: the greeting could not be sent" >&2
}

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run-demo: no display is available, so the confab window cannot open here."
  echo "run-demo: the relay keeps running at $url; sign in as 'demo' with the password in $demo_dir/demo-password"
  echo "run-demo: (to see the window on a machine without a screen: xvfb-run -a scripts/run-demo.sh). Ctrl+C stops the relay."
  wait "$relay_pid"
  exit $?
fi

app_out="$demo_dir/app.out"
# The app keeps the demo account and its local cache in the demo folder, not in the user's own.
CONFAB_RELAY_URL="$url" CONFAB_USERNAME=demo CONFAB_PASSWORD="$demo_password" CONFAB_ROOM=room:general \
  CONFAB_CONFIG_DIR="$demo_dir/app-config" CONFAB_DATA_DIR="$demo_dir/app-data" \
  "$bin/confab" > "$app_out" 2> "$demo_dir/app.log" &
app_pid=$!
for _ in $(seq 1 100); do
  grep -q '^confab: connected as ' "$app_out" 2>/dev/null && break
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
if grep -q '^confab: connected as ' "$app_out" 2>/dev/null; then
  echo "run-demo: the confab window is open, signed in as demo"
  greet
else
  echo "run-demo: the app did not sign in; see $demo_dir/app.log" >&2
fi
wait "$app_pid" || true
app_pid=""
