#!/usr/bin/env bash
# Time to the first HTTP 200 of testassets/WebApp (Razor Pages, static web assets, a Razor class
# library), frozen and as the SDK's single-file, side by side in one run.
#
#   eng/bench/web.sh [runs]      (default 15 start-ups per variant, round-robin; BENCH_NO_PACK=1 skips the pack)
#
# Each variant is published once; each start-up runs the app from its own publish folder (the
# SDK's single-file needs its appsettings.json and wwwroot/ there), asks GET /health every 2 ms
# until it answers 200, and stops the app. Prints the median time, the size of the executable
# and of the publish folder, and the ratios.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-15}"
rid=linux-x64

[ "${BENCH_NO_PACK:-0}" = 1 ] || bash "$root/eng/pack.sh" >/dev/null
command -v curl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }

work="$(mktemp -d "${TMPDIR:-/tmp}/freeze-web-bench.XXXXXX")"
trap 'pkill -f "$work/out/" 2>/dev/null || true; rm -rf "$work"' EXIT
# shellcheck source=../sandbox.sh
source "$root/eng/sandbox.sh"
freeze_sandbox "$work"
for asset in WebApp WebParts; do
  freeze_sandbox_app "$work" "$asset"
done

# name|publish arguments
variants=(
  "plain-fd|-p:SelfContained=false"
  "freeze-onefile-fd|-p:SelfContained=false -p:FreezeMode=OneFile"
  "psf-fd|-p:SelfContained=false -p:PublishSingleFile=true"
  "freeze-onefile-sc|-p:SelfContained=true -p:FreezeMode=OneFile"
  "psf-sc|-p:SelfContained=true -p:PublishSingleFile=true"
  "psf-sc-compressed|-p:SelfContained=true -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true"
  "freeze-onefile-sc-cache|-p:SelfContained=true -p:FreezeMode=OneFile -p:FreezeExtractionCache=true"
)
# The -cache variant fills its cache (the bench's own) at the warm-up start; the timed starts are cached.
export XDG_CACHE_HOME="$work/cache"

# shellcheck source=stats.sh
source "$root/eng/bench/stats.sh"

declare -A exe_size folder_size times
for variant in "${variants[@]}"; do
  name="${variant%%|*}"; args="${variant#*|}"; out="$work/out/$name"
  # shellcheck disable=SC2086
  dotnet publish "$work/WebApp" -c Release -r "$rid" $args -o "$out" -v:q -nologo >/dev/null
  rm -rf "$work/WebApp/obj" "$work/WebApp/bin"
  exe_size[$name]=$(stat -c %s "$out/WebApp")
  folder_size[$name]=$(du -sb "$out" | cut -f1)
done

port=5700
first_200_ms() {
  local out="$1" start pid
  port=$((port + 1))
  start=$(date +%s%N)
  (cd "$out" && exec ./WebApp --urls "http://127.0.0.1:$port" >/dev/null 2>&1) &
  pid=$!
  until curl -s -o /dev/null -m 1 "http://127.0.0.1:$port/health" 2>/dev/null; do
    sleep 0.002
    kill -0 "$pid" 2>/dev/null || { echo "web.sh: $out/WebApp exited before answering" >&2; exit 1; }
  done
  echo $(( ($(date +%s%N) - start) / 1000 ))
  kill -TERM "$pid" && wait "$pid" 2>/dev/null || true
}

for variant in "${variants[@]}"; do first_200_ms "$work/out/${variant%%|*}" >/dev/null; done  # warm the page cache
for _ in $(seq "$runs"); do
  for variant in "${variants[@]}"; do
    name="${variant%%|*}"
    times[$name]+="$(first_200_ms "$work/out/$name") "
  done
done

printf '\n%-19s %14s %13s %14s\n' variant first_200_ms exe_bytes folder_bytes
declare -A ms
for variant in "${variants[@]}"; do
  name="${variant%%|*}"
  ms[$name]=$(printf '%s\n' ${times[$name]} | median | awk '{ printf "%.1f", $1 / 1000 }')
  printf '%-19s %14s %13s %14s\n' "$name" "${ms[$name]}" "${exe_size[$name]}" "${folder_size[$name]}"
done
echo
echo "Ratios (time to the first HTTP 200) against the goals of issue 10:"
check "OneFile-fd / PublishSingleFile-fd" "$(ratio "${ms[freeze-onefile-fd]}" "${ms[psf-fd]}")" 1.10
check "OneFile-sc / PublishSingleFile-sc compressed" "$(ratio "${ms[freeze-onefile-sc]}" "${ms[psf-sc-compressed]}")" 0.80
info "OneFile-sc / PublishSingleFile-sc (its 1.05 goal is the cached start's)" "$(ratio "${ms[freeze-onefile-sc]}" "${ms[psf-sc]}")"
check "OneFile-sc cached / PublishSingleFile-sc" "$(ratio "${ms[freeze-onefile-sc-cache]}" "${ms[psf-sc]}")" 1.05
