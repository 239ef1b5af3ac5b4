#!/usr/bin/env bash
# Lets this Linux machine run win-x64 programs for the Windows end-to-end tests
# (GivenThatWeWantWindows): installs wine and wine64 when missing and initialises the wine prefix
# the tests use, once: $FREEZE_WINEPREFIX, by default ~/.cache/freeze-wine. Idempotent.
set -euo pipefail

# shellcheck source=apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
apt_install_missing wine wine64

export WINEPREFIX="${FREEZE_WINEPREFIX:-$HOME/.cache/freeze-wine}"
export WINEDEBUG=-all
if [[ ! -f $WINEPREFIX/system.reg ]]; then
  mkdir -p "$(dirname "$WINEPREFIX")"
  # No display here: wineboot must not try to show its window or install Mono and Gecko.
  WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY= timeout -s KILL 300 wine wineboot --init
  timeout -s KILL 60 wineserver -w
fi
echo "wine.sh: win-x64 programs run with WINEPREFIX=$WINEPREFIX ($(wine --version))"
