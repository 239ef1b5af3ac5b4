#!/usr/bin/env bash
# Runs the tests.
#   eng/test.sh          everything (the CI command): packs Freeze.Sdk (bootloader included, with its
#                        C unit tests), makes the Debian 11 root of the older-glibc tests, lets
#                        linux-arm64 programs run through qemu-user and win-x64 ones through wine, then runs
#                        the unit and end-to-end tests against the package just built.
#   eng/test.sh --fast   the unit tests alone (formats, contract, catalogue, planner, tasks, the C
#                        reader, the freeze tool's readers): builds the bootloader, packs nothing.
# Further arguments go to dotnet test (--filter …). The last line gives the counts and the time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$(date +%s)

fast=false
if [ "${1:-}" = "--fast" ]; then
  fast=true
  shift
fi

# The splash screen tests run an Xvfb of their own and take screenshots (xwd, ImageMagick).
need=()
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v xwd >/dev/null 2>&1 || need+=(x11-apps)
[ -x /usr/bin/convert ] || need+=(imagemagick)
if ! $fast && [ ${#need[@]} -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
if $fast; then
  bash eng/build-bootloader.sh
  # wine and its prefix: the unit tests run rewritten Windows programs.
  bash eng/wine.sh
  for project in tests/Freeze.UnitTests tests/Freeze.Tools.Tests tests/Freeze.Runtime.Tests; do
    # The tools tests named GivenThatWe… install and run the packed tool: they belong to the full run.
    dotnet test "$project" -c Release --nologo --logger "console;verbosity=normal" --filter "FullyQualifiedName!~GivenThatWe" "$@" 2>&1 | tee -a "$log" || status=$?
  done
else
  bash eng/pack.sh
  # A Debian 11 root for the tests that run frozen apps on an older glibc (once; needs root and the network).
  bash eng/debian-root.sh
  # qemu-user through binfmt_misc for the tests that run linux-arm64 apps.
  bash eng/qemu-arm64.sh
  # wine and its prefix for the tests that run win-x64 apps.
  bash eng/wine.sh
  dotnet test Freeze.Sdk.sln -c Release --nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
fi
passed=$(awk '/^ +Passed: +[0-9]+$/ { n += $2 } END { print n + 0 }' "$log")
failed=$(awk '/^ +Failed: +[0-9]+$/ { n += $2 } END { print n + 0 }' "$log")
skipped=$(awk '/^ +Skipped: +[0-9]+$/ { n += $2 } END { print n + 0 }' "$log")
echo "Tests: $passed passed, $failed failed, $skipped skipped in $(( $(date +%s) - started )) s"
exit "$status"
