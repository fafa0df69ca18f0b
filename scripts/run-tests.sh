#!/usr/bin/env bash
# The test command: installs what is missing, builds with the CI preset (warnings as errors) and
# runs the whole suite with CTest. Exits non-zero on any failure. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/install-deps.sh
scripts/build.sh ci
status=0
ctest --preset ci "$@" || status=$?
echo "run-tests: finished in $(( $(date +%s) - start )) s (exit $status)"
exit $status
