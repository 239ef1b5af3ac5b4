#!/usr/bin/env bash
# Builds everything the Freeze.Sdk package holds and writes artifacts/packages/Freeze.Sdk.<version>.nupkg,
# and the freeze command as the dotnet tool package Freeze.Tools.<version>.nupkg.
# Every pack gets a unique pre-release version, so NuGet's cache never serves a stale copy;
# the version is written to artifacts/packages/version.txt. Older packages are kept: a test
# run that started with one of them can still restore it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
configuration="${CONFIGURATION:-Release}"

command -v dotnet >/dev/null || { echo "pack.sh: the .NET SDK (dotnet) is required" >&2; exit 1; }

mkdir -p artifacts/packages
# One pack at a time in this checkout (parallel test runs share artifacts/).
exec 9>artifacts/.pack.lock
flock 9

bash eng/build-bootloader.sh

rm -rf artifacts/obj/tasks artifacts/obj/runtime
echo "pack.sh: building the tasks and Freeze.Runtime"
dotnet publish src/Freeze.Sdk.Tasks -c "$configuration" -o artifacts/obj/tasks -nologo -v:q
dotnet build src/Freeze.Runtime -c "$configuration" -o artifacts/obj/runtime -nologo -v:q

suffix="dev.$(date -u +%Y%m%d%H%M%S)"
prefix="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' eng/Versions.props)"
version="$prefix-$suffix"
dotnet pack src/Freeze.Sdk -c "$configuration" -o artifacts/packages -nologo -v:q -p:VersionSuffix="$suffix"
dotnet pack src/Freeze.Tools -c "$configuration" -o artifacts/packages -nologo -v:q -p:VersionSuffix="$suffix"
echo "$version" > artifacts/packages/version.txt
echo "pack.sh: wrote artifacts/packages/Freeze.Sdk.$version.nupkg and Freeze.Tools.$version.nupkg"
