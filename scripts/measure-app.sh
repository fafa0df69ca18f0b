#!/usr/bin/env bash
# measure-app.sh: how fast the confab window appears and how much memory it uses with a long room
# open. Starts confab-relay on loopback with a fresh data folder, seeds a room with 10,000 messages
# (a headless client of a second user sends them), then starts the real app under xvfb-run signed in
# to that room: once to fill its local cache, then N more times (warm cache). Each run reports the
# first frame ("confab: first frame N ms after process start", CONFAB_REPORT_STARTUP=1) and, once
# the room is open and the app has settled, its resident memory (VmRSS from /proc/<pid>/status).
# Prints every run and the medians.
#
# Environment: CONFAB_BUILD_DIR (default build/dev), CONFAB_MEASURE_RUNS (default 5),
# CONFAB_MEASURE_MESSAGES (default 10000), CONFAB_MEASURE_SETTLE (seconds to wait after the room
# opened before reading the memory, default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
build="${CONFAB_BUILD_DIR:-$root/build/dev}"
bin="$build/bin"
runs="${CONFAB_MEASURE_RUNS:-5}"
messages="${CONFAB_MEASURE_MESSAGES:-10000}"
settle="${CONFAB_MEASURE_SETTLE:-3}"
for tool in confab confab-relay confab-headless; do
  [ -x "$bin/$tool" ] || { echo "measure-app: $bin/$tool is missing (build it first)" >&2; exit 1; }
done
command -v xvfb-run >/dev/null || { echo "measure-app: xvfb-run is missing (Debian packages: xvfb xauth)" >&2; exit 1; }

work="$(mktemp -d /tmp/confab-measure.XXXXXX)"
relay_pid=""
cleanup() {
  [ -n "$relay_pid" ] && kill -TERM "$relay_pid" 2>/dev/null && wait "$relay_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

relay() { "$bin/confab-relay" "$@" --data-dir "$work/relay" > /dev/null 2>> "$work/admin.log"; }
mkdir -p "$work/relay"
CONFAB_PASSWORD=reader-password relay user add reader
CONFAB_PASSWORD=writer-password relay user add writer
relay room create big
relay room add-member big reader
relay room add-member big writer

# The seeding client pipelines thousands of messages: lift the per-connection rate limit.
"$bin/confab-relay" serve --listen 127.0.0.1 --port 0 --data-dir "$work/relay" \
  --rate-burst 1000000 --rate-per-second 1000000 > "$work/relay.out" 2> "$work/relay.log" &
relay_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^confab-relay listening on \(ws:[^ ]*\)$/\1/p' "$work/relay.out")"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "measure-app: the relay did not start" >&2; cat "$work/relay.log" >&2; exit 1; }

echo "measure-app: seeding room:big with $messages messages..."
seed_start=$(date +%s)
# In batches: the headless client waits a bounded time for the answers to what it sent.
batch=500
: > "$work/seed.out"
for first in $(seq 1 "$batch" "$messages"); do
  last=$((first + batch - 1))
  [ "$last" -gt "$messages" ] && last="$messages"
  {
    [ "$first" = 1 ] && echo "join room:big"
    for i in $(seq "$first" "$last"); do
      case $((i % 4)) in
        0) echo "send room:big Message $i: a **short** line with \`code\` and a link https://example.org/$i" ;;
        1) echo "send room:big Message $i: the build finished, all tests passed on the second try" ;;
        2) echo "send room:big Message $i: lunch at noon? @reader" ;;
        3) echo "send room:big Message $i: the *deploy* went out, see the dashboard for details" ;;
      esac
    done
    echo "quit"
  } | CONFAB_RELAY_URL="$url" CONFAB_USERNAME=writer CONFAB_PASSWORD=writer-password \
      "$bin/confab-headless" >> "$work/seed.out" 2> "$work/seed.log" \
    || { echo "measure-app: seeding failed" >&2; tail -n 5 "$work/seed.log" "$work/seed.out" >&2; exit 1; }
done
acked=$(grep -c '"event":"ack"' "$work/seed.out" || true)
echo "measure-app: seeded in $(( $(date +%s) - seed_start )) s ($acked messages acknowledged)"

# One app run: prints "<first frame ms> <VmRSS kB> <messages in the local store>".
run_app() {
  local out="$work/app.out" log="$work/app.log"
  : > "$out"
  CONFAB_RELAY_URL="$url" CONFAB_USERNAME=reader CONFAB_PASSWORD=reader-password CONFAB_ROOM=room:big \
    CONFAB_CONFIG_DIR="$work/app-config" CONFAB_DATA_DIR="$work/app-data" CONFAB_REPORT_STARTUP=1 \
    QT_QPA_PLATFORM=xcb \
    xvfb-run -a -s "-screen 0 1280x800x24" "$bin/confab" > "$out" 2> "$log" &
  local wrapper=$!
  local pid="" frame=""
  for _ in $(seq 1 300); do
    frame="$(sed -n 's/^confab: first frame \([0-9]*\) ms.*/\1/p' "$out")"
    grep -q '^confab: connected as ' "$out" && [ -n "$frame" ] && break
    sleep 0.1
  done
  pid="$(pgrep -n -f "^$bin/confab\$" || true)"
  if [ -z "$frame" ] || [ -z "$pid" ]; then
    echo "measure-app: the app did not start:" >&2; tail -20 "$log" >&2
    kill "$wrapper" 2>/dev/null || true; wait "$wrapper" 2>/dev/null || true
    return 1
  fi
  sleep "$settle" # the room's history arrives and renders
  local rss
  rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$wrapper" 2>/dev/null || true
  local stored
  stored="$(sqlite3 "$work"/app-data/accounts/*/store.sqlite "select count(*) from messages" 2>/dev/null || echo "?")"
  echo "$frame $rss $stored"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "?"; else if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

echo "measure-app: warm-up run (fills the app's local cache)"
first="$(run_app)" || exit 1
echo "  cold: first frame ${first%% *} ms, rss $(echo "$first" | cut -d' ' -f2) kB, messages cached $(echo "$first" | cut -d' ' -f3)"
frames=()
rsses=()
for i in $(seq 1 "$runs"); do
  result="$(run_app)" || exit 1
  read -r frame rss stored <<< "$result"
  echo "  run $i: first frame $frame ms, rss $rss kB, messages cached $stored"
  frames+=("$frame")
  rsses+=("$rss")
done
frame_median="$(printf '%s\n' "${frames[@]}" | median)"
rss_median="$(printf '%s\n' "${rsses[@]}" | median)"
echo "measure-app: room:big holds $messages messages on the relay"
echo "measure-app: first frame after process start (median of $runs, warm cache): $frame_median ms"
echo "measure-app: resident memory with the room open (median of $runs): $rss_median kB ($((rss_median / 1024)) MiB)"
