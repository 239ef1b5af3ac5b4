#!/usr/bin/env bash
# Side-by-side benchmark of Freeze.Sdk against the SDK's own publish modes, in one run.
#
#   eng/bench/bench.sh [runs]      (default 20 start-ups per variant; BENCH_PUBLISHES=3 publishes each)
#
# For each app (testassets/HelloWorld; testassets/NuGetApp, which loads Newtonsoft.Json and
# Microsoft.Data.Sqlite with its native library at start-up; testassets/BenchHostApp, which parses
# its command line with System.CommandLine, starts a Generic Host, queries Sqlite and reads its fr
# satellite assembly; BENCH_APPS="A B" picks some) it publishes every variant from
# a clean obj/ (restore excluded from the timing; the median of BENCH_PUBLISHES publishes; Freeze's tasks timed by
# MSBuild's performance summary; then the median of BENCH_NOOPS (3) publishes with nothing changed), then prints publish time, size of the
# publish folder, size of the executable, median start-up time and median peak memory (the
# start-ups run round-robin over all variants), and the ratios the targets are stated in. Packs Freeze.Sdk first unless BENCH_NO_PACK=1.
# The -cache variants (FreezeExtractionCache=true) fill their cache (XDG_CACHE_HOME in the bench's own
# folder) on the warm-up start, so the timed starts are cached starts; -r2r variants set PublishReadyToRun, -r2rc
# also PublishReadyToRunComposite (what PublishSingleFile does by default with ReadyToRun, self-contained).
# The -files variant sets FreezeModuleArchive=false: every assembly, the runtime's too, compressed and unpacked
# at each start (the smallest executable). The -zlib and -zstd variants set FreezeCompression (the plain ones use the default); for each OneFile variant
# the bench also reports the bootloader's unpack throughput on tmpfs (/dev/shm; the median of the
# "unpacked N bytes in T ms" lines that FREEZE_TRACE=1 prints). BENCH_VARIANTS="REGEX" keeps the variants
# whose name matches (ratios that lack one print n/a).
# Then eng/bench/web.sh times testassets/WebApp to its first HTTP 200 the same way (BENCH_WEB=0 skips it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-20}"
rid=linux-x64

[ "${BENCH_NO_PACK:-0}" = 1 ] || bash "$root/eng/pack.sh" >/dev/null
command -v /usr/bin/time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

work="$(mktemp -d "${TMPDIR:-/tmp}/freeze-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# shellcheck source=../sandbox.sh
source "$root/eng/sandbox.sh"
freeze_sandbox "$work"

# name|publish arguments
variants=(
  "plain-fd|-p:SelfContained=false"
  "freeze-onedir-fd|-p:SelfContained=false -p:FreezeMode=OneDir"
  "freeze-onefile-fd|-p:SelfContained=false -p:FreezeMode=OneFile"
  "psf-fd|-p:SelfContained=false -p:PublishSingleFile=true"
  "plain-sc|-p:SelfContained=true"
  "freeze-onedir-sc|-p:SelfContained=true -p:FreezeMode=OneDir"
  "freeze-onefile-sc|-p:SelfContained=true -p:FreezeMode=OneFile"
  "freeze-onefile-sc-files|-p:SelfContained=true -p:FreezeMode=OneFile -p:FreezeModuleArchive=false"
  "psf-sc|-p:SelfContained=true -p:PublishSingleFile=true"
  "psf-sc-compressed|-p:SelfContained=true -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true"
  "freeze-onefile-fd-cache|-p:SelfContained=false -p:FreezeMode=OneFile -p:FreezeExtractionCache=true"
  "freeze-onefile-sc-cache|-p:SelfContained=true -p:FreezeMode=OneFile -p:FreezeExtractionCache=true"
  "psf-sc-r2r|-p:SelfContained=true -p:PublishSingleFile=true -p:PublishReadyToRun=true"
  "freeze-onefile-sc-cache-r2r|-p:SelfContained=true -p:FreezeMode=OneFile -p:FreezeExtractionCache=true -p:PublishReadyToRun=true"
  "freeze-onefile-sc-cache-r2rc|-p:SelfContained=true -p:FreezeMode=OneFile -p:FreezeExtractionCache=true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true"
  "freeze-onefile-fd-zlib|-p:SelfContained=false -p:FreezeMode=OneFile -p:FreezeCompression=zlib"
  "freeze-onefile-fd-zstd|-p:SelfContained=false -p:FreezeMode=OneFile -p:FreezeCompression=zstd"
  "freeze-onefile-sc-zlib|-p:SelfContained=true -p:FreezeMode=OneFile -p:FreezeCompression=zlib"
  "freeze-onefile-sc-zstd|-p:SelfContained=true -p:FreezeMode=OneFile -p:FreezeCompression=zstd"
)
if [ -n "${BENCH_VARIANTS:-}" ]; then
  kept=()
  for variant in "${variants[@]}"; do
    [[ ${variant%%|*} =~ $BENCH_VARIANTS ]] && kept+=("$variant")
  done
  variants=("${kept[@]}")
fi
apps=(${BENCH_APPS:-HelloWorld NuGetApp BenchHostApp})
export XDG_CACHE_HOME="$work/cache"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# shellcheck source=stats.sh
source "$root/eng/bench/stats.sh"

declare -A publish_ms task_ms noop_ms size exe_size start_ms rss_kb
for app in "${apps[@]}"; do
  freeze_sandbox_app "$work" "$app"
  for variant in "${variants[@]}"; do
    name="${variant%%|*}"; args="${variant#*|}"
    key="$app/$name"; out="$work/out/$key"
    # shellcheck disable=SC2086
    dotnet restore "$work/$app" -r "$rid" $args -v:q -nologo >/dev/null
    publishes=()
    for _ in $(seq "${BENCH_PUBLISHES:-3}"); do
      rm -rf "$work/$app/bin" "$work/$app/obj/Release" "$out"
      start=$(now_ms)
      # shellcheck disable=SC2086
      dotnet publish "$work/$app" -c Release -r "$rid" $args --no-restore -o "$out" -v:q -nologo -clp:PerformanceSummary >"$work/publish.log"
      publishes+=( $(( $(now_ms) - start )) )
    done
    publish_ms[$key]=$(printf '%s\n' "${publishes[@]}" | median)
    # Freeze's own tasks in the last clean publish, from MSBuild's task summary.
    task_ms[$key]=$(awk '$2 == "ms" && $3 ~ /^(CheckFreezeSettings|ComputeFreezeToc|GenerateFreezeExecutable|WriteFreezeReport)$/ { sum += $1; n++ } END { if (n) print sum }' "$work/publish.log")
    # A publish with nothing changed (incremental), into a copy: the SDK's second PublishSingleFile
    # framework-dependent publish deletes the native libraries beside the executable (SDK 10.0.401).
    # One sample of ~0.6 s is noisy on two cores: the median of BENCH_NOOPS (3).
    cp -a "$out" "$out.first"
    noops=()
    for _ in $(seq "${BENCH_NOOPS:-3}"); do
      start=$(now_ms)
      # shellcheck disable=SC2086
      dotnet publish "$work/$app" -c Release -r "$rid" $args --no-restore -o "$out" -v:q -nologo >/dev/null
      noops+=( $(( $(now_ms) - start )) )
    done
    noop_ms[$key]=$(printf '%s\n' "${noops[@]}" | median)
    rm -rf "$out" && mv "$out.first" "$out"
    size[$key]=$(du -sb "$out" | cut -f1)
    exe_size[$key]=$(stat -c %s "$out/$app")
    "$out/$app" >/dev/null  # warm the page cache
  done
done

# Start-ups round-robin over every variant, so that a slow moment of the machine hits all alike.
declare -A times rss
for _ in $(seq "$runs"); do
  for app in "${apps[@]}"; do
    for variant in "${variants[@]}"; do
      key="$app/${variant%%|*}"
      s=$(date +%s%N)
      /usr/bin/time -f %M -o "$work/rss" "$work/out/$key/$app" >/dev/null
      times[$key]+="$(( ($(date +%s%N) - s) / 1000 )) "
      rss[$key]+="$(tail -n1 "$work/rss") "
    done
  done
done
for key in "${!times[@]}"; do
  start_ms[$key]=$(printf '%s\n' ${times[$key]} | median | awk '{ printf "%.1f", $1 / 1000 }')
  rss_kb[$key]=$(printf '%s\n' ${rss[$key]} | median)
done

# Unpack throughput of the OneFile variants that unpack (not the cached ones), on tmpfs, round-robin too.
unpack_dir="/dev/shm/freeze-bench-unpack.$$"
mkdir -p "$unpack_dir"
declare -A unpack_mbs unpack_samples
for _ in $(seq "$runs"); do
  for app in "${apps[@]}"; do
    for variant in "${variants[@]}"; do
      name="${variant%%|*}"
      [[ $name == freeze-onefile-* && $name != *cache* ]] || continue
      key="$app/$name"
      line=$(TMPDIR="$unpack_dir" FREEZE_TRACE=1 "$work/out/$key/$app" 2>&1 >/dev/null | grep -o 'unpacked [0-9]* bytes in [0-9.]* ms' || true)
      [ -n "$line" ] && unpack_samples[$key]+="$(echo "$line" | awk '{ printf "%.0f", $2 / 1000 / $5 }') "
    done
  done
done
rm -rf "$unpack_dir"
for key in "${!unpack_samples[@]}"; do
  unpack_mbs[$key]=$(printf '%s\n' ${unpack_samples[$key]} | median)
done

printf '\n%-12s %-28s %10s %12s %12s %11s %9s %10s\n' app variant publish_ms folder_bytes exe_bytes startup_ms peak_kb unpack_MBs
for app in "${apps[@]}"; do
  for variant in "${variants[@]}"; do
    name="${variant%%|*}"; key="$app/$name"
    printf '%-12s %-28s %10s %12s %12s %11s %9s %10s\n' "$app" "$name" "${publish_ms[$key]:-}" "${size[$key]:-}" "${exe_size[$key]:-}" "${start_ms[$key]:-}" "${rss_kb[$key]:-}" "${unpack_mbs[$key]:--}"
  done
done

echo
echo "Ratios (Freeze / reference) against the goals of issue 10:"
rss_delta() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "") print "n/a"; else printf "%.1f", (a - b) / 1024 }'; }
for app in "${apps[@]}"; do
  echo "  $app:"
  check "startup OneDir-fd / plain-fd" "$(ratio "${start_ms[$app/freeze-onedir-fd]:-}" "${start_ms[$app/plain-fd]:-}")" 1.03
  check "startup OneFile-fd / PublishSingleFile-fd" "$(ratio "${start_ms[$app/freeze-onefile-fd]:-}" "${start_ms[$app/psf-fd]:-}")" 1.10
  check "startup OneFile-sc / PublishSingleFile-sc compressed" "$(ratio "${start_ms[$app/freeze-onefile-sc]:-}" "${start_ms[$app/psf-sc-compressed]:-}")" 0.80
  info "startup OneFile-sc / PublishSingleFile-sc (its 1.05 goal is the cached start's)" "$(ratio "${start_ms[$app/freeze-onefile-sc]:-}" "${start_ms[$app/psf-sc]:-}")"
  check "startup OneFile-sc cached / PublishSingleFile-sc" "$(ratio "${start_ms[$app/freeze-onefile-sc-cache]:-}" "${start_ms[$app/psf-sc]:-}")" 1.05
  check "startup OneFile-fd cached / PublishSingleFile-fd" "$(ratio "${start_ms[$app/freeze-onefile-fd-cache]:-}" "${start_ms[$app/psf-fd]:-}")" 1.10
  check "startup OneFile-sc cached R2R / PublishSingleFile-sc R2R" "$(ratio "${start_ms[$app/freeze-onefile-sc-cache-r2r]:-}" "${start_ms[$app/psf-sc-r2r]:-}")" 1.05
  check "startup OneFile-sc cached R2R composite / PublishSingleFile-sc R2R" "$(ratio "${start_ms[$app/freeze-onefile-sc-cache-r2rc]:-}" "${start_ms[$app/psf-sc-r2r]:-}")" 1.05
  info "R2R gain: PublishSingleFile-sc R2R / PublishSingleFile-sc" "$(ratio "${start_ms[$app/psf-sc-r2r]:-}" "${start_ms[$app/psf-sc]:-}")"
  info "R2R gain: OneFile-sc cached R2R / OneFile-sc cached" "$(ratio "${start_ms[$app/freeze-onefile-sc-cache-r2r]:-}" "${start_ms[$app/freeze-onefile-sc-cache]:-}")"
  info "cache check: OneFile-fd cached / OneDir-fd (both one execv)" "$(ratio "${start_ms[$app/freeze-onefile-fd-cache]:-}" "${start_ms[$app/freeze-onedir-fd]:-}")"
  check "peak RSS OneDir-fd - plain-fd (MiB)" "$(rss_delta "${rss_kb[$app/freeze-onedir-fd]:-}" "${rss_kb[$app/plain-fd]:-}")" 2
  info "peak RSS OneFile-sc cached - PublishSingleFile-sc (MiB)" "$(rss_delta "${rss_kb[$app/freeze-onefile-sc-cache]:-}" "${rss_kb[$app/psf-sc]:-}")"
  check "size OneFile-sc / PSF-sc compressed" "$(ratio "${exe_size[$app/freeze-onefile-sc]:-}" "${exe_size[$app/psf-sc-compressed]:-}")" 1.00
  info "size OneFile-sc / PublishSingleFile-sc" "$(ratio "${exe_size[$app/freeze-onefile-sc]:-}" "${exe_size[$app/psf-sc]:-}")"
  info "size OneFile-sc cached / PSF-sc compressed" "$(ratio "${exe_size[$app/freeze-onefile-sc-cache]:-}" "${exe_size[$app/psf-sc-compressed]:-}")"
  info "size OneFile-sc FreezeModuleArchive=false / PSF-sc compressed" "$(ratio "${exe_size[$app/freeze-onefile-sc-files]:-}" "${exe_size[$app/psf-sc-compressed]:-}")"
  info "startup OneFile-sc FreezeModuleArchive=false / PSF-sc compressed" "$(ratio "${start_ms[$app/freeze-onefile-sc-files]:-}" "${start_ms[$app/psf-sc-compressed]:-}")"
  check "publish OneFile-sc / PSF-sc compressed" "$(ratio "${publish_ms[$app/freeze-onefile-sc]:-}" "${publish_ms[$app/psf-sc-compressed]:-}")" 1.10
  check "publish OneFile-fd / PublishSingleFile-fd" "$(ratio "${publish_ms[$app/freeze-onefile-fd]:-}" "${publish_ms[$app/psf-fd]:-}")" 1.15
  check "Freeze tasks in the OneFile-sc publish (ms)" "${task_ms[$app/freeze-onefile-sc]:-n/a}" 1500
  check "no-op publish OneFile-sc / PSF-sc compressed" "$(ratio "${noop_ms[$app/freeze-onefile-sc]:-}" "${noop_ms[$app/psf-sc-compressed]:-}")" 1.05
  info "zstd/zlib: startup OneFile-sc" "$(ratio "${start_ms[$app/freeze-onefile-sc-zstd]:-}" "${start_ms[$app/freeze-onefile-sc-zlib]:-}")"
  info "zstd/zlib: startup OneFile-fd" "$(ratio "${start_ms[$app/freeze-onefile-fd-zstd]:-}" "${start_ms[$app/freeze-onefile-fd-zlib]:-}")"
  info "zstd/zlib: size OneFile-sc" "$(ratio "${exe_size[$app/freeze-onefile-sc-zstd]:-}" "${exe_size[$app/freeze-onefile-sc-zlib]:-}")"
  info "zstd/zlib: size OneFile-fd" "$(ratio "${exe_size[$app/freeze-onefile-fd-zstd]:-}" "${exe_size[$app/freeze-onefile-fd-zlib]:-}")"
  info "zstd/zlib: publish OneFile-sc" "$(ratio "${publish_ms[$app/freeze-onefile-sc-zstd]:-}" "${publish_ms[$app/freeze-onefile-sc-zlib]:-}")"
  check "startup OneFile-sc zstd / PublishSingleFile-sc compressed" "$(ratio "${start_ms[$app/freeze-onefile-sc-zstd]:-}" "${start_ms[$app/psf-sc-compressed]:-}")" 0.80
  check_min "unpack OneFile-sc zstd on tmpfs (MB/s)" "${unpack_mbs[$app/freeze-onefile-sc-zstd]:-n/a}" 1000
  info "unpack OneFile-sc zlib on tmpfs (MB/s)" "${unpack_mbs[$app/freeze-onefile-sc-zlib]:-n/a}"
done
echo "  bootloader: $(size -A "$root/artifacts/bootloader/$rid/freeze-run" | awk '$1 ~ /^\./ && $1 !~ /^\.(bss|tbss|comment|note|gnu_debuglink)/ { sum += $2 } END { print sum }') bytes of code and data (eng/build-bootloader.sh checks the budget)"

# The ASP.NET Core app, timed to its first HTTP 200 (BENCH_WEB=0 leaves it out).
if [ "${BENCH_WEB:-1}" != 0 ]; then
  echo
  echo "WebApp (Razor Pages, static web assets), time to the first HTTP 200:"
  BENCH_NO_PACK=1 bash "$root/eng/bench/web.sh" "$runs"
fi
