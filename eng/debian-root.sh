#!/usr/bin/env bash
# Makes a minimal Debian 11 (bullseye, glibc 2.31) root for the tests that run frozen apps on an
# older Linux than the build machine's (GivenThatWeWantToRunOnAnOlderLinux).
#
#   eng/debian-root.sh [DIR]      (default artifacts/debian11; nothing to do when DIR is complete)
#
# Installs debootstrap with apt-get when missing. Needs root (debootstrap, and the tests' chroot).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:-$root/artifacts/debian11}"
stamp="$target/.freeze-debian-root"

if [[ -f "$stamp" ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "debian-root.sh: debootstrap needs root" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap
fi
rm -rf "$target"
mkdir -p "$target"
echo "debian-root.sh: debootstrap --variant=minbase bullseye $target"
debootstrap --variant=minbase bullseye "$target" http://deb.debian.org/debian >"$target.log" 2>&1 \
  || { tail -n 20 "$target.log" >&2; exit 1; }
rm -f "$target.log"
touch "$stamp"
