#!/bin/sh
# Finds the browser the browser tests drive: Debian's (or Ubuntu's) chromium package,
# never a downloaded browser build. As root it installs the package; otherwise it
# prints the one command to run. CHROMIUM_PATH overrides where to look.
set -eu
want="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$want" ]; then exit 0; fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "error: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable" >&2
  exit 1
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing the distribution's chromium package for the browser tests" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$want" ] && exit 0
fi
echo "error: Chromium not found at $want; install it with: sudo apt-get install chromium" >&2
exit 1
