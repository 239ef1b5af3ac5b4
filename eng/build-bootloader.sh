#!/usr/bin/env bash
# Build the native bootloaders: eng/build-bootloader.sh [RID...]
#
# With no argument, builds every RID the package ships: linux-x64, linux-arm64, linux-musl-x64,
# win-x64 (mingw-w64, zlib for inflate; also the windowed freeze-runw and freeze-runw_d).
# Installs what a RID needs with apt-get when it is missing (cmake, the compiler, libdeflate for
# the target, Xlib's headers, qemu-user to run arm64 unit tests), configures and builds src/bootloader with CMake
# (src/bootloader/toolchains/<rid>.cmake for a cross build) into artifacts/obj/bootloader/<rid>,
# runs the C unit tests (not for win-x64: they exercise POSIX file handling), and copies
# freeze-run, freeze-run_d and frz-pkg-dump (win-x64: freeze-run.exe, freeze-run_d.exe,
# freeze-runw.exe, freeze-runw_d.exe, frz-pkg-dump.exe) into artifacts/bootloader/<rid>/.
set -euo pipefail

all_rids=(linux-x64 linux-arm64 linux-musl-x64 win-x64)
rids=("$@")
[[ ${#rids[@]} -gt 0 ]] || rids=("${all_rids[@]}")

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_dir="$repo_root/src/bootloader"

sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)

# Debian packages each RID needs. libx11-dev: Xlib's headers only, the same for every target (the
# splash screen loads libX11 with dlopen at run time).
packages_for() {
  case "$1" in
    linux-x64) echo "gcc make cmake libdeflate-dev libzstd-dev libx11-dev" ;;
    linux-arm64) echo "make cmake gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user libx11-dev" ;;
    linux-musl-x64) echo "make cmake musl-tools libdeflate-dev libzstd-dev libx11-dev" ;;
    win-x64) echo "make cmake gcc-mingw-w64-x86-64 libz-mingw-w64-dev" ;;
    *) echo "build-bootloader.sh: unknown RID '$1' (known: ${all_rids[*]})" >&2; return 1 ;;
  esac
}

# shellcheck source=apt.sh
source "$repo_root/eng/apt.sh"
needed=()
for rid in "${rids[@]}"; do
  read -r -a rid_packages <<< "$(packages_for "$rid")"
  needed+=("${rid_packages[@]}")
done
apt_install_missing "${needed[@]}"

# text + data of an ELF or PE file, whatever its architecture (binutils' size reads them all).
size_of_loaded() {
  size -A "$1" | awk '$1 ~ /^\./ && $1 !~ /^\.(bss|tbss|comment|note|gnu_debuglink)/ { sum += $2 } END { print sum }'
}

# libdeflate and libzstd for arm64: the packages' files are unpacked into artifacts/obj, not
# installed. An installed libdeflate-dev:arm64 (or libzstd-dev:arm64) brings libc6:arm64, whose libc.so.6 the cross C library's
# dynamic loader then finds through ld.so.cache; the mismatched pair hangs arm64 programs
# under qemu-user.
arm64_libraries_root="$repo_root/artifacts/obj/bootloader/arm64-libraries"
fetch_arm64_libraries() {
  [[ -f "$arm64_libraries_root/usr/lib/aarch64-linux-gnu/libdeflate.a" &&
     -f "$arm64_libraries_root/usr/lib/aarch64-linux-gnu/libzstd.a" ]] && return 0
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    "${sudo_cmd[@]}" dpkg --add-architecture arm64
    "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update
  fi
  local download
  download="$(mktemp -d)"
  chmod 755 "$download"
  (cd "$download" && apt-get download libdeflate-dev:arm64 libzstd-dev:arm64)
  rm -rf "$arm64_libraries_root"
  dpkg-deb -x "$download"/libdeflate-dev_*_arm64.deb "$arm64_libraries_root"
  dpkg-deb -x "$download"/libzstd-dev_*_arm64.deb "$arm64_libraries_root"
  rm -rf "$download"
}

jobs="$(nproc 2>/dev/null || echo 2)"
for rid in "${rids[@]}"; do
  build_dir="$repo_root/artifacts/obj/bootloader/$rid"
  output_dir="$repo_root/artifacts/bootloader/$rid"
  toolchain=()
  [[ -f "$source_dir/toolchains/$rid.cmake" ]] && toolchain=(-DCMAKE_TOOLCHAIN_FILE="$source_dir/toolchains/$rid.cmake")
  if [[ $rid == linux-arm64 ]]; then
    fetch_arm64_libraries
    toolchain+=(-DCMAKE_PREFIX_PATH="$arm64_libraries_root/usr")
  fi
  echo "build-bootloader.sh: $rid"
  cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=MinSizeRel "${toolchain[@]}" >/dev/null
  cmake --build "$build_dir" --parallel "$jobs"
  mkdir -p "$output_dir"
  if [[ $rid == win-* ]]; then
    echo "build-bootloader.sh: $rid: C unit tests skipped (they test POSIX file handling; the Windows bootloader is tested under wine by GivenThatWeWantWindows)"
    programs=(freeze-run.exe freeze-run_d.exe freeze-runw.exe freeze-runw_d.exe frz-pkg-dump.exe)
  else
    (cd "$build_dir" && ctest --output-on-failure)
    programs=(freeze-run freeze-run_d frz-pkg-dump)
  fi
  for program in "${programs[@]}"; do
    cp "$build_dir/$program" "$output_dir/$program"
  done

  # The budget counts code and data, not the file: arm64 aligns its segments to 64 KiB pages,
  # which pads the file with ~50 KiB of zeros that are never loaded. PE: the sections' sizes.
  # Debian's libzstd decoder is ~135 KB of it (docs/bootloader.md, Size); Windows has none.
  budget_kib=240
  [[ $rid == win-* ]] && budget_kib=100
  main_program="$output_dir/${programs[0]}"
  file_size="$(stat -c %s "$main_program")"
  loaded="$(size_of_loaded "$main_program")"
  echo "freeze-run ($rid): $loaded bytes of code and data, file $file_size bytes ($main_program)"
  if [[ $loaded -ge $((budget_kib * 1024)) ]]; then
    echo "error: freeze-run for $rid has $loaded bytes of code and data, over the $budget_kib KiB budget" >&2
    exit 1
  fi
done
