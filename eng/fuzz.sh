#!/usr/bin/env bash
# Fuzzes the bootloader's package reader and member extraction (src/bootloader/frz_archive.c,
# frz_extract.c) with libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, for a bounded time.
#
#   bash eng/fuzz.sh [--seconds N] [--no-real-seeds]
#
# Builds src/bootloader/fuzz/fuzz_archive.c with clang directly (not through CMake), installs clang
# and its runtime libraries with apt-get when missing, and seeds the corpus with small packages
# written by eng/fuzz-seeds (the build's own writers) plus, when eng/pack.sh has run and unless --no-real-seeds,
# the packages of testassets/HelloWorld frozen as OneFile and OneDir. The corpus grows in
# artifacts/obj/fuzz/corpus across runs; a crash is saved under artifacts/fuzz/ and fails the script.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seconds=60
real_seeds=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --no-real-seeds) real_seeds=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

work="$root/artifacts/obj/fuzz"
findings="$root/artifacts/fuzz"
mkdir -p "$work/corpus" "$work/seeds" "$findings"

# A clang that links -fsanitize=fuzzer (Debian ships libFuzzer in libclang-rt-N-dev).
probe="$work/probe.c"
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' > "$probe"
find_clang() {
  local c
  for c in clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -fsanitize=fuzzer,address "$probe" -o "$work/probe" >/dev/null 2>&1; then
      echo "$c"
      return 0
    fi
  done
  return 1
}
if ! clang="$(find_clang)" || ! dpkg -s zlib1g-dev >/dev/null 2>&1 || ! dpkg -s libdeflate-dev >/dev/null 2>&1 || ! dpkg -s libzstd-dev >/dev/null 2>&1; then
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends clang zlib1g-dev libdeflate-dev libzstd-dev
  major="$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n1)"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "libclang-rt-$major-dev" || true
  clang="$(find_clang)" || { echo "fuzz.sh: no clang with libFuzzer could be installed" >&2; exit 1; }
fi

# The reader's sources: those CMake links into frz-pkg-dump, without its main.
sources="$(sed -n 's/^frz_add_program(frz-pkg-dump .*SOURCES \(.*\))$/\1/p' src/bootloader/CMakeLists.txt | tr ' ' '\n' | grep -v '^frz_pkg_dump.c$' | sed 's|^|src/bootloader/|' | tr '\n' ' ')"
[[ -n "$sources" ]] || sources="src/bootloader/frz_archive.c src/bootloader/frz_codec.c src/bootloader/frz_extract.c src/bootloader/frz_log.c src/bootloader/frz_path.c"
echo "fuzz.sh: building with $clang: $sources"
# shellcheck disable=SC2086
"$clang" -g -O1 -std=c11 -D_GNU_SOURCE -DFRZ_HAVE_ZSTD=1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -Isrc/bootloader src/bootloader/fuzz/fuzz_archive.c $sources -ldeflate -lzstd -pthread -o "$work/fuzz_archive"
dotnet run --project eng/fuzz-seeds -c Release -- "$work/seeds"

# Real archives: the package part (the last package_length bytes) of frozen HelloWorld executables.
if [[ $real_seeds -eq 1 && -f artifacts/packages/version.txt ]] && command -v dotnet >/dev/null 2>&1; then
  version="$(cat artifacts/packages/version.txt)"
  for mode in OneFile OneDir; do
    out="$work/publish-$mode"
    if dotnet publish testassets/HelloWorld -c Release -r linux-x64 --self-contained=false -p:FreezeMode="$mode" \
         -p:FreezeSdkVersion="$version" -o "$out" -nologo -v:q >"$work/publish-$mode.log" 2>&1; then
      exe="$out/HelloWorld"
      size="$(stat -c %s "$exe")"
      package_length="$(od -An -t u8 -j $((size - 24)) -N 8 "$exe" | tr -d ' ')"
      tail -c "$package_length" "$exe" > "$work/seeds/helloworld-$mode.pkg"
      echo "fuzz.sh: seed helloworld-$mode.pkg ($package_length bytes)"
    else
      echo "fuzz.sh: could not publish HelloWorld ($mode), see $work/publish-$mode.log; small seeds only"
    fi
  done
fi

log="$work/fuzz.log"
echo "fuzz.sh: fuzzing for $seconds s"
status=0
FRZ_FUZZ_TMPDIR="$work" "$work/fuzz_archive" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$findings/" "$work/corpus" "$work/seeds" >"$log" 2>&1 || status=$?
tail -n 25 "$log"
runs="$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 executions in \2 s/p' "$log")"
if [[ $status -ne 0 ]]; then
  echo "fuzz.sh: FINDING after ${runs:-?}: libFuzzer exited with $status; inputs in $findings/, log in $log" >&2
  exit 1
fi
echo "fuzz.sh: ${runs:-no summary}, no crash, leak, hang or write outside the extraction folder ($(ls "$work/corpus" | wc -l) corpus inputs)"
