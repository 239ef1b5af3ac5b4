#!/usr/bin/env bash
# Lets this Linux machine run win-x64 programs for the Windows end-to-end tests
# (GivenThatWeWantWindows): installs wine and wine64 when missing and initialises the wine prefix
# the tests use, once: $FREEZE_WINEPREFIX, by default ~/.cache/freeze-wine. Idempotent.
set -euo pipefail

sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)

missing=()
for package in wine wine64; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "Installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
fi

export WINEPREFIX="${FREEZE_WINEPREFIX:-$HOME/.cache/freeze-wine}"
export WINEDEBUG=-all
if [[ ! -f $WINEPREFIX/system.reg ]]; then
  mkdir -p "$(dirname "$WINEPREFIX")"
  # No display here: wineboot must not try to show its window or install Mono and Gecko.
  WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY= timeout -s KILL 300 wine wineboot --init
  timeout -s KILL 60 wineserver -w
fi
echo "wine.sh: win-x64 programs run with WINEPREFIX=$WINEPREFIX ($(wine --version))"
