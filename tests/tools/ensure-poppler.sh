#!/bin/sh
# Finds pdftotext and pdftoppm (poppler-utils), which the print tests use to read printed
# pages back. As root it installs the distribution's package; otherwise it prints the one
# command to run.
set -eu
if command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing the distribution's poppler-utils package for the print tests" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  command -v pdftotext >/dev/null 2>&1 && exit 0
fi
echo "error: pdftotext not found; install it with: sudo apt-get install poppler-utils" >&2
exit 1
