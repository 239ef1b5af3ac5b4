#!/usr/bin/env bash
# Lets this x64 machine run linux-arm64 programs, children included, for the arm64 end-to-end tests:
# installs qemu-user, its binfmt files and the arm64 C and C++ libraries, mounts binfmt_misc and
# registers qemu-aarch64 there. Idempotent; needs root. Programs run with
# QEMU_LD_PREFIX=/usr/aarch64-linux-gnu find the arm64 libraries.
set -euo pipefail

sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)

# shellcheck source=apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
apt_install_missing qemu-user qemu-user-binfmt libc6-arm64-cross libstdc++6-arm64-cross

binfmt=/proc/sys/fs/binfmt_misc
if [[ ! -e $binfmt/register ]]; then
  "${sudo_cmd[@]}" mount -t binfmt_misc binfmt_misc "$binfmt"
fi
if [[ ! -e $binfmt/qemu-aarch64 ]]; then
  "${sudo_cmd[@]}" sh -c "cat /usr/lib/binfmt.d/qemu-aarch64.conf > $binfmt/register"
fi
echo "qemu-arm64.sh: linux-arm64 programs run through $(sed -n 's/^interpreter //p' "$binfmt/qemu-aarch64")"
