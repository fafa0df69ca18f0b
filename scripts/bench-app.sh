#!/usr/bin/env bash
# bench-app.sh: the desktop app's benchmarks, one report. Builds nothing: run it on a build that has
# confab, confab-relay, confab-headless, bench_app_apply and bench_app_search (the normal build
# makes them all). Runs
#   a. bench_app_apply   10,000 live messages through engine, account, store, chat view model and
#                        the real ChatPage (offscreen): total time and the longest UI stall, and
#                        the time until the search index has caught up with them
#   b. bench_app_search  full-text search over 100,000 stored messages: p50, p99, max per query, for
#                        query words as frequent as in the messages (zipf, the worst case) and for
#                        words drawn alike from the vocabulary (uniform)
#   c. measure-app.sh    the real app under xvfb-run: first frame after process start, and RSS with
#                        a 10,000-message room open
# and prints a Markdown table (medians) to stdout; the programs' own output goes to stderr.
#
# Environment: CONFAB_BUILD_DIR (default build/ci), CONFAB_BENCH_RUNS (runs of a and c, default 5),
# CONFAB_BENCH_SEED (search seed, default random; printed either way).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
build="${CONFAB_BUILD_DIR:-$root/build/ci}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
bin="$build/bin"
runs="${CONFAB_BENCH_RUNS:-5}"
for tool in bench_app_apply bench_app_search confab confab-relay confab-headless; do
  [ -x "$bin/$tool" ] || { echo "bench-app: $bin/$tool is missing (build it first)" >&2; exit 1; }
done

work="$(mktemp -d /tmp/confab-bench-app.XXXXXX)"
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "?"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# field NAME < "apply: a=1 b=2" -> the value of NAME
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" | tail -n 1; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v != "?" && v + 0 < t + 0) ? "yes" : "no"}'; }

# a. Applying incoming messages (offscreen, the real ChatPage).
echo "bench-app: applying 10,000 incoming messages, $runs runs..." >&2
: > "$work/apply.txt"
for i in $(seq 1 "$runs"); do
  timeout 120 "$bin/bench_app_apply" --messages 10000 > "$work/apply.out" 2> "$work/apply.err" \
    || { echo "bench-app: bench_app_apply failed" >&2; cat "$work/apply.err" "$work/apply.out" >&2; exit 1; }
  cat "$work/apply.out" >&2
  line="$(grep '^apply: messages=' "$work/apply.out")"
  echo "$(field total_ms <<< " $line") $(field max_stall_ms <<< " $line") $(field stalls_over_50ms <<< " $line") $(field indexed_ms <<< " $line")" >> "$work/apply.txt"
done
apply_total="$(cut -d' ' -f1 "$work/apply.txt" | median)"
apply_stall="$(cut -d' ' -f2 "$work/apply.txt" | median)"
apply_stall_max="$(cut -d' ' -f2 "$work/apply.txt" | sort -n | tail -n 1)"
apply_indexed="$(cut -d' ' -f4 "$work/apply.txt" | median)"

# b. Search.
echo "bench-app: searching 100,000 messages..." >&2
seed_args=()
[ -n "${CONFAB_BENCH_SEED:-}" ] && seed_args=(--seed "$CONFAB_BENCH_SEED")
timeout 180 "$bin/bench_app_search" --messages 100000 --queries 200 --query-words both "${seed_args[@]}" \
  > "$work/search.out" 2> "$work/search.err" \
  || { echo "bench-app: bench_app_search failed" >&2; cat "$work/search.err" "$work/search.out" >&2; exit 1; }
cat "$work/search.out" >&2
search_row() { # words mode -> "p50 / p99 / max" and the p99 alone
  local line=" $(grep "^search: messages=.* words=$1" "$work/search.out")"
  echo "$(field p50_ms <<< "$line") / $(field p99_ms <<< "$line") / $(field max_ms <<< "$line") $(field p99_ms <<< "$line")"
}
read -r zipf_p50 _ zipf_p99 _ zipf_max zipf_check <<< "$(search_row zipf)"
read -r uniform_p50 _ uniform_p99 _ uniform_max uniform_check <<< "$(search_row uniform)"
search_seed="$(field seed <<< " $(grep '^search: messages=' "$work/search.out" | head -n 1)")"

# c. The real app under xvfb-run.
echo "bench-app: first frame and memory of the real app (measure-app.sh, $runs runs)..." >&2
CONFAB_BUILD_DIR="$build" CONFAB_MEASURE_RUNS="$runs" timeout 240 scripts/measure-app.sh > "$work/measure.out" 2> "$work/measure.err" \
  || { echo "bench-app: measure-app.sh failed" >&2; cat "$work/measure.err" "$work/measure.out" >&2; exit 1; }
cat "$work/measure.out" >&2
frame="$(sed -n 's/.*first frame after process start (median of [0-9]*, warm cache): \([0-9]*\) ms.*/\1/p' "$work/measure.out")"
rss_kb="$(sed -n 's/.*resident memory with the room open (median of [0-9]*): \([0-9]*\) kB.*/\1/p' "$work/measure.out")"
rss_mb="$(awk -v k="${rss_kb:-0}" 'BEGIN {printf "%.0f", k * 1024 / 1000000}')"

echo "## Desktop app benchmarks"
echo
echo "$(uname -m), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), build $build; medians of $runs runs unless noted."
echo
echo "| benchmark | measured | target | met |"
echo "|---|---|---|---|"
echo "| 10,000 incoming messages applied (store + open room) | ${apply_total} ms | < 1000 ms | $(verdict "$apply_total" 1000) |"
echo "| longest UI stall while applying (median / worst run) | ${apply_stall} / ${apply_stall_max} ms | no freeze (< 100 ms) | $(verdict "$apply_stall_max" 100) |"
echo "| ... and every one of them indexed for search (same runs) | ${apply_indexed} ms | - | - |"
echo "| search over 100,000 messages, frequent words (zipf), p50 / p99 / max (200 queries, seed $search_seed) | ${zipf_p50} / ${zipf_p99} / ${zipf_max} ms | p99 < 20 ms | $(verdict "$zipf_check" 20) |"
echo "| search over 100,000 messages, any words (uniform), p50 / p99 / max (200 queries, same store) | ${uniform_p50} / ${uniform_p99} / ${uniform_max} ms | p99 < 20 ms | $(verdict "$uniform_check" 20) |"
echo "| first frame after process start (xvfb-run, warm cache) | ${frame:-?} ms | <= 400 ms | $(verdict "${frame:-?}" 401) |"
echo "| RSS with a 10,000-message room open | ${rss_mb} MB (${rss_kb:-?} kB) | < 120 MB | $(verdict "$rss_mb" 120) |"
