#!/usr/bin/env bash
# Build the native bootloader for linux-x64 (no arguments).
#
# Installs gcc, make, cmake, libdeflate-dev and libx11-dev with apt-get when they are missing,
# configures and builds src/bootloader with CMake into
# artifacts/obj/bootloader/linux-x64, runs the C unit tests, and copies
# freeze-run, freeze-run_d and frz-pkg-dump into artifacts/bootloader/linux-x64/.
set -euo pipefail

if [[ $# -ne 0 ]]; then
  echo "usage: $0 (no arguments)" >&2
  exit 2
fi

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rid="linux-x64"
source_dir="$repo_root/src/bootloader"
build_dir="$repo_root/artifacts/obj/bootloader/$rid"
output_dir="$repo_root/artifacts/bootloader/$rid"

# Install the tools that are missing (one apt-get update, only if needed).
missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
dpkg -s libdeflate-dev >/dev/null 2>&1 || missing+=(libdeflate-dev)
# Xlib's headers only: the splash screen loads libX11 with dlopen at run time.
dpkg -s libx11-dev >/dev/null 2>&1 || missing+=(libx11-dev)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "Installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

jobs="$(nproc 2>/dev/null || echo 2)"
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=MinSizeRel
cmake --build "$build_dir" --parallel "$jobs"
(cd "$build_dir" && ctest --output-on-failure)

mkdir -p "$output_dir"
for program in freeze-run freeze-run_d frz-pkg-dump; do
  cp "$build_dir/$program" "$output_dir/$program"
done

size="$(stat -c %s "$output_dir/freeze-run")"
echo "freeze-run: $size bytes ($output_dir/freeze-run)"
if [[ $size -ge 102400 ]]; then
  echo "error: freeze-run is $size bytes, over the 100 KiB budget" >&2
  exit 1
fi
