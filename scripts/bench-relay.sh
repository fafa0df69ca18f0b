#!/usr/bin/env bash
# bench-relay.sh: confab-relay under load, side by side with a minimal relay on Node.js and the
# `ws` package (installed from npm here, into a scratch folder), measured in the same run.
# Every scenario starts a fresh relay (a new data folder with users and session tokens from
# `confab-relay user bulk`), drives it with confab-loadgen, and stops it. Prints each run and a
# Markdown table of the results at the end.
#
# Environment: CONFAB_BUILD_DIR (default build/ci), BENCH_SCENARIOS (default
# "storm fanout1k fanout10k rooms"), BENCH_STORM_CLIENTS (10000), BENCH_IDLE_SECONDS (10),
# BENCH_FANOUT_RATE (messages/s into the 1,000-subscriber room, default 400),
# BENCH_DURATION (seconds of publishing per run, default 5), BENCH_ROOMS_RATE (20000),
# BENCH_PEER (ws; "none" skips the Node.js relay).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
build="${CONFAB_BUILD_DIR:-$root/build/ci}"
bin="$build/bin"
scenarios="${BENCH_SCENARIOS:-storm fanout1k fanout10k rooms}"
storm_clients="${BENCH_STORM_CLIENTS:-10000}"
idle_seconds="${BENCH_IDLE_SECONDS:-10}"
fanout_rate="${BENCH_FANOUT_RATE:-400}"
duration="${BENCH_DURATION:-5}"
rooms_rate="${BENCH_ROOMS_RATE:-20000}"
peer="${BENCH_PEER:-ws}"
for tool in confab-relay confab-loadgen; do
  [ -x "$bin/$tool" ] || { echo "bench-relay: $bin/$tool is missing (build first: scripts/build.sh ci)" >&2; exit 1; }
done

work="$(mktemp -d /tmp/confab-bench.XXXXXX)"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$peer" = ws ]; then
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "bench-relay: installing Node.js and npm (Debian packages) for the ws peer"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  mkdir -p "$work/ws-relay"
  cp tests/bench/relay/ws-relay/package.json tests/bench/relay/ws-relay/package-lock.json \
     tests/bench/relay/ws-relay/relay.js "$work/ws-relay/"
  (cd "$work/ws-relay" && npm ci --no-audit --no-fund --silent) \
    || { echo "bench-relay: npm could not install ws" >&2; exit 1; }
  echo "bench-relay: peer: Node.js $(node --version), ws $(node -p "require('$work/ws-relay/node_modules/ws/package.json').version")"
fi

wait_for_url() { # file
  local url=""
  for _ in $(seq 1 300); do
    url="$(sed -n 's/^.* listening on \(ws:[^ ]*\)$/\1/p' "$1")"
    [ -n "$url" ] && { echo "$url"; return 0; }
    sleep 0.1
  done
  return 1
}

# start_confab CLIENTS: a fresh relay with CLIENTS users and their tokens in $work/tokens.tsv.
start_confab() {
  rm -rf "$work/relay" && mkdir -p "$work/relay"
  "$bin/confab-relay" user bulk --count "$1" --prefix load --token-file "$work/tokens.tsv" \
    --data-dir "$work/relay" > /dev/null
  "$bin/confab-relay" serve --listen 127.0.0.1 --port 0 --data-dir "$work/relay" \
    --rate-burst 1000000 --rate-per-second 1000000 --max-connections-per-address 0 \
    --listen-backlog 16384 --max-unsent-bytes 67108864 --log-format text \
    > "$work/server.out" 2> "$work/server.log" &
  server_pid=$!
  url="$(wait_for_url "$work/server.out")" || { echo "bench-relay: confab-relay did not start" >&2; cat "$work/server.log" >&2; exit 1; }
}

start_ws() {
  awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "load%d\tunused\n", i }' > "$work/tokens.tsv"
  node "$work/ws-relay/relay.js" > "$work/server.out" 2> "$work/server.log" &
  server_pid=$!
  url="$(wait_for_url "$work/server.out")" || { echo "bench-relay: the ws relay did not start" >&2; cat "$work/server.log" >&2; exit 1; }
}

results="$work/results.txt"
: > "$results"
# run SCENARIO RELAY CLIENTS LOADGEN-ARGS...
run() {
  local scenario="$1" relay="$2" clients="$3"
  shift 3
  if [ "$relay" = confab ]; then start_confab "$clients"; else start_ws "$clients"; fi
  echo "--- $scenario on $relay ---"
  local workers=$(( (clients + 7999) / 8000 )); [ "$workers" -lt 2 ] && workers=2
  "$bin/confab-loadgen" --url "$url" --tokens "$work/tokens.tsv" --clients "$clients" --workers "$workers" \
    --sources 8 --relay-pid "$server_pid" --label "$relay" "$@" | tee "$work/run.out" || true
  sed -n "s/^RESULT /scenario=$scenario /p" "$work/run.out" >> "$results"
  stop_server
}

relays="confab"; [ "$peer" = ws ] && relays="confab ws"
for scenario in $scenarios; do
  for relay in $relays; do
    case "$scenario" in
      storm) run storm "$relay" "$storm_clients" --idle-seconds "$idle_seconds" ;;
      fanout1k) run fanout1k "$relay" 1001 --publishers 1 --rate "$fanout_rate" --duration "$duration" ;;
      fanout10k) run fanout10k "$relay" 10001 --publishers 1 --rate 5 --duration "$((duration * 2))" ;;
      rooms) run rooms "$relay" 2000 --room-size 4 --rate "$rooms_rate" --duration "$duration" ;;
      *) echo "bench-relay: unknown scenario $scenario" >&2; exit 2 ;;
    esac
  done
done

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< " $2"; }
echo
echo "| scenario | relay | clients | storm (s) | failed | KiB/conn | deliveries/s | p50 ms | p99 ms | max ms | acks/s | ack p99 ms | relay CPU % | loadgen CPU % (max worker) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
while read -r line; do
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$(field scenario "$line")" "$(field label "$line")" "$(field clients "$line")" "$(field storm_s "$line")" \
    "$(field connect_failed "$line")" "$(field kib_per_connection "$line")" "$(field deliveries_per_s "$line")" \
    "$(field p50_ms "$line")" "$(field p99_ms "$line")" "$(field max_ms "$line")" "$(field acks_per_s "$line")" \
    "$(field ack_p99_ms "$line")" "$(field relay_cpu_pct "$line")" "$(field worker_cpu_max_pct "$line")"
done < "$results"
