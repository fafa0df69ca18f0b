#!/bin/sh
# with-xvfb.sh COMMAND [ARGS...]
#
# Runs COMMAND with a real X server (Xvfb, 1280x800, 24-bit) on a free display number, for tests
# that need a real window rather than the offscreen platform, and passes its exit code through.

set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 64
fi
if ! command -v xvfb-run >/dev/null 2>&1; then
    echo "$0: 'xvfb-run' is missing (Debian packages: xvfb xauth)" >&2
    exit 69
fi

export QT_QPA_PLATFORM=xcb
# xvfb-run's stderr (-e) would otherwise go to /dev/null and hide why the server did not start.
exec xvfb-run -a -e /dev/stderr -s "-screen 0 1280x800x24" "$@"
