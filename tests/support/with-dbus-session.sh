#!/bin/sh
# with-dbus-session.sh COMMAND [ARGS...]
#
# Runs COMMAND on a private D-Bus session bus with a real Secret Service (gnome-keyring, unlocked
# with a test password), inside a throwaway HOME and XDG folders, and passes its exit code through.
#
# Why a config of our own: the stock session.conf has <standard_session_servicedirs/>, so D-Bus
# activation would start the desktop's gnome-keyring (whose unlock prompt hangs without a display)
# or dunst (which crashes without X). On this bus nothing is ever activated behind our back.
#
# Environment:
#   CONFAB_TEST_NO_KEYRING=1        same private bus and folders, but no Secret Service at all
#   CONFAB_TEST_KEYRING_PASSWORD    the keyring's unlock password (default: testpass)
#   CONFAB_TEST_KEYRING_TIMEOUT     seconds to wait for the keyring to own its bus name (default: 10)
# Exported to COMMAND:
#   CONFAB_TEST_FIXTURE_DIR         the private folder holding HOME, XDG_* and the bus socket

set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 64
fi
for tool in dbus-run-session dbus-send; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$0: '$tool' is missing (Debian package: dbus)" >&2
        exit 69
    fi
done
if [ "${CONFAB_TEST_NO_KEYRING:-0}" != 1 ] && ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
    echo "$0: 'gnome-keyring-daemon' is missing (Debian package: gnome-keyring)" >&2
    exit 69
fi

# Short path on purpose: a Unix socket path must fit in 108 bytes.
fixture_dir=$(mktemp -d /tmp/confab-bus.XXXXXX)
trap 'rm -rf "$fixture_dir"' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

mkdir -p "$fixture_dir/home" "$fixture_dir/data" "$fixture_dir/config" "$fixture_dir/cache" "$fixture_dir/run"
chmod 0700 "$fixture_dir" "$fixture_dir/run"

cat >"$fixture_dir/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path=$fixture_dir/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF

export HOME="$fixture_dir/home"
export XDG_DATA_HOME="$fixture_dir/data"
export XDG_CONFIG_HOME="$fixture_dir/config"
export XDG_CACHE_HOME="$fixture_dir/cache"
export XDG_RUNTIME_DIR="$fixture_dir/run"
export CONFAB_TEST_FIXTURE_DIR="$fixture_dir"
# QtKeychain picks KWallet when it believes it runs under KDE: make the libsecret choice certain.
unset DBUS_SESSION_BUS_ADDRESS XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION KDE_SESSION_VERSION \
    GNOME_KEYRING_CONTROL SSH_AUTH_SOCK

# Runs on the new bus: start the keyring, wait (bounded) until it owns org.freedesktop.secrets,
# run the command, stop the keyring.
inner='
fixture_dir=$1
shift
keyring_pid=
if [ "${CONFAB_TEST_NO_KEYRING:-0}" != 1 ]; then
    # --unlock with a password on stdin creates the "login" collection, unlocked, and makes it the
    # default alias that QtKeychain (libsecret) writes to; no prompt is ever needed.
    printf %s "${CONFAB_TEST_KEYRING_PASSWORD:-testpass}" |
        gnome-keyring-daemon --foreground --unlock --components=secrets >"$fixture_dir/keyring.log" 2>&1 &
    keyring_pid=$!
    attempts=$(( ${CONFAB_TEST_KEYRING_TIMEOUT:-10} * 10 ))
    while :; do
        if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
            grep -q "boolean true"; then
            break
        fi
        attempts=$((attempts - 1))
        if [ "$attempts" -le 0 ] || ! kill -0 "$keyring_pid" 2>/dev/null; then
            echo "with-dbus-session.sh: gnome-keyring did not provide org.freedesktop.secrets:" >&2
            cat "$fixture_dir/keyring.log" >&2
            kill "$keyring_pid" 2>/dev/null
            exit 70
        fi
        sleep 0.1
    done
fi
status=0
"$@" || status=$?
if [ -n "$keyring_pid" ]; then
    kill "$keyring_pid" 2>/dev/null
    wait "$keyring_pid" 2>/dev/null
fi
exit "$status"
'

status=0
dbus-run-session --config-file="$fixture_dir/session.conf" -- sh -c "$inner" with-dbus-session "$fixture_dir" "$@" \
    || status=$?
exit "$status"
