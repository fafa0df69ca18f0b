#!/usr/bin/env bash
# Configures and builds Confab with a CMake preset (default: dev).
# Usage: scripts/build.sh [preset] [target...]   (no target: everything, tests included)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-dev}"
shift || true
cmake --preset "$preset" >/dev/null
if [ $# -gt 0 ]; then
  cmake --build --preset "$preset" --target "$@"
else
  cmake --build --preset "$preset"
fi
