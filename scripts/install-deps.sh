#!/usr/bin/env bash
# Installs every Debian package Confab needs to build, run and test.
# Idempotent: packages already present are left alone; apt only runs when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git openssl ccache fonts-dejavu-core fonts-noto-color-emoji
  qt6-base-dev qt6-websockets-dev qt6-declarative-dev qt6-tools-dev qt6-l10n-tools qtkeychain-qt6-dev
  libqt6sql6-sqlite libqt6sql6-psql libsqlite3-dev libgl-dev
  qml6-module-qtquick qml6-module-qtqml qml6-module-qtqml-models qml6-module-qtquick-controls
  qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtquick-templates
  qml6-module-qtqml-workerscript qml6-module-qt-labs-platform qml6-module-qttest
  xvfb xauth x11-apps imagemagick dbus dbus-x11 gnome-keyring libsecret-1-0 libsecret-tools
  libargon2-dev libhiredis-dev libboost-dev redis-server postgresql tinyproxy nginx curl prometheus
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "install-deps: missing packages (${missing[*]}) and not root; run as root or install sudo" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${#missing[@]} missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Services must not start on install: tests start their own.
policy_created=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  policy_created=1
fi
trap '[ $policy_created -eq 1 ] && $SUDO rm -f /usr/sbin/policy-rc.d' EXIT
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
