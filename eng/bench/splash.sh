#!/usr/bin/env bash
# Start-up with and without the splash screen (docs/splash.md), under an Xvfb of its own.
#
#   eng/bench/splash.sh [runs]      (default 20 start-ups per variant, round-robin)
#
# Freezes testassets/SplashApp OneFile, framework-dependent and self-contained, once with
# FreezeSplashImage and once without, and times `SplashApp print` (prints "hello" before it touches
# FreezeSplash, then closes the splash and exits) to its first line and to its end: no splash in the
# package, the splash shown, and the splash in the package but FREEZE_SUPPRESS_SPLASH_SCREEN=1.
# Packs Freeze.Sdk first unless BENCH_NO_PACK=1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-20}"

[ "${BENCH_NO_PACK:-0}" = 1 ] || bash "$root/eng/pack.sh" >/dev/null
version="$(cat "$root/artifacts/packages/version.txt")"
work="$(mktemp -d "${TMPDIR:-/tmp}/freeze-splash-bench.XXXXXX")"
display=":$(( 200 + $$ % 500 ))"
Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb"; rm -rf "$work"' EXIT

cp -r "$root/testassets/SplashApp" "$work/"
cat > "$work/nuget.config" <<XML
<configuration><packageSources><add key="freeze-local" value="$root/artifacts/packages" /></packageSources></configuration>
XML
echo "<Project><PropertyGroup><FreezeSdkVersion>$version</FreezeSdkVersion></PropertyGroup></Project>" > "$work/Directory.Build.props"
echo "<Project />" > "$work/Directory.Build.targets"
convert -size 400x200 gradient:'#2A5298'-'#1E3C72' "$work/SplashApp/splash.png"

for sc in false true; do
  for splash in with without; do
    image=splash.png
    [ "$splash" = with ] || image=
    dotnet publish "$work/SplashApp" -c Release -r linux-x64 -nologo -v:q -o "$work/$splash-sc-$sc" \
      -p:FreezeMode=OneFile --self-contained="$sc" -p:FreezeSplashImage="$image" >/dev/null
  done
done

now_ns() { date +%s%N; }
# shellcheck source=stats.sh
source "$root/eng/bench/stats.sh"
variants=("without|" "with|" "with|FREEZE_SUPPRESS_SPLASH_SCREEN=1")
for sc in false true; do
  for i in "${!variants[@]}"; do : > "$work/first-$sc-$i"; : > "$work/end-$sc-$i"; done
  for _ in $(seq "$runs"); do
    for i in "${!variants[@]}"; do
      IFS='|' read -r splash extra <<< "${variants[$i]}"
      start=$(now_ns)
      env DISPLAY="$display" TMPDIR="$work" $extra "$work/$splash-sc-$sc/SplashApp" print |
        { IFS= read -r _; echo $(( ($(now_ns) - start) / 1000000 )) >> "$work/first-$sc-$i"; cat >/dev/null; }
      echo $(( ($(now_ns) - start) / 1000000 )) >> "$work/end-$sc-$i"
    done
  done
  echo "self-contained=$sc (median of $runs start-ups, ms to the first line / to the end):"
  echo "  no splash in the package:            $(median < "$work/first-$sc-0") / $(median < "$work/end-$sc-0")"
  echo "  splash shown:                        $(median < "$work/first-$sc-1") / $(median < "$work/end-$sc-1")"
  echo "  splash suppressed (env variable):    $(median < "$work/first-$sc-2") / $(median < "$work/end-$sc-2")"
done
