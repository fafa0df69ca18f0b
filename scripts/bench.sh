#!/usr/bin/env bash
# bench.sh: every benchmark of docs/performance.md from one command. Builds the optimised `ci`
# preset when it is not there yet, then runs the relay under load side by side with a Node.js
# `ws` relay (scripts/bench-relay.sh) and the desktop app's benchmarks (scripts/bench-app.sh).
# Each prints its runs and a Markdown table. Benchmarks, not tests: run them on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export CONFAB_BUILD_DIR="${CONFAB_BUILD_DIR:-$PWD/build/ci}"
if [ ! -x "$CONFAB_BUILD_DIR/bin/confab-loadgen" ] || [ ! -x "$CONFAB_BUILD_DIR/bin/confab-relay" ]; then
  scripts/install-deps.sh
  scripts/build.sh ci
fi
scripts/bench-relay.sh
if [ -x scripts/bench-app.sh ]; then
  scripts/bench-app.sh
fi
