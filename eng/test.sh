#!/usr/bin/env bash
# Runs every test: packs Freeze.Sdk (bootloader included, with its C unit tests), makes the
# Debian 11 root of the older-glibc tests, then runs the MSTest unit and end-to-end tests
# against the package just built.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash eng/pack.sh
# A Debian 11 root for the tests that run frozen apps on an older glibc (once; needs root and the network).
bash eng/debian-root.sh
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test Freeze.Sdk.sln -c Release --nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
passed=$(awk '/^ +Passed: +[0-9]+$/ { n += $2 } END { print n + 0 }' "$log")
failed=$(awk '/^ +Failed: +[0-9]+$/ { n += $2 } END { print n + 0 }' "$log")
echo "Tests: $passed passed, $failed failed"
exit "$status"
