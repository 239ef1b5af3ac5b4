#!/usr/bin/env bash
# Runs every test: packs Freeze.Sdk (bootloader included, with its C unit tests), then the
# MSTest unit and end-to-end tests against the package just built.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash eng/pack.sh
dotnet test Freeze.Sdk.sln -c Release --nologo --logger "console;verbosity=normal" "$@"
