#!/usr/bin/env bash
# Torture run of the bootloader's run-time rules: real frozen apps, random signals at random
# moments to random processes of the tree, crashing apps, full, read-only, noexec, missing and
# over-long TMPDIRs, concurrent instances. Prints one table and exits non-zero on any folder
# left behind, orphaned process, wrong exit status or error without an FRZ code.
#
#   eng/soak.sh [runs]      (default 200; SOAK_SEED=N for a repeatable run; BENCH_NO_PACK-like
#                            SOAK_NO_PACK=1 skips eng/pack.sh)
#
# Needs root for the tmpfs scenarios (each in a private mount namespace) and perl (Debian's
# perl-base) to see how a process really ended. testassets/RulesApp is published three ways:
# OneFile framework-dependent, OneFile self-contained (a long unpacking), OneDir.
#
# What counts (docs/runtime.md):
# - leftovers after a run: a _FRZ folder in the run's TMPDIR once its parent ended, unless the
#   parent itself was killed with SIGKILL;
# - leftovers after the next start: a _FRZ folder once a normal start with the same TMPDIR ended;
# - orphans: a process of the app's tree still alive 8 s after its parent ended;
# - wrong status: the parent did not end as its app ended (or as the signal it received);
# - FRZ-less errors: a line on stderr that mentions an error without an FRZ code.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-200}"
seed="${SOAK_SEED:-$RANDOM}"
RANDOM=$seed
rid=linux-x64

[ "${SOAK_NO_PACK:-0}" = 1 ] || bash "$root/eng/pack.sh" >/dev/null || exit 1
command -v perl >/dev/null || { echo "soak.sh: perl is required" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/freeze-soak.XXXXXX")"
trap 'pkill -9 -f "$work/" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=sandbox.sh
source "$root/eng/sandbox.sh"
freeze_sandbox "$work"
freeze_sandbox_app "$work" RulesApp

declare -A apps=(
  [onefile-fd]="-p:FreezeMode=OneFile --self-contained=false"
  [onefile-sc]="-p:FreezeMode=OneFile --self-contained=true"
  [onedir-fd]="-p:FreezeMode=OneDir --self-contained=false"
)
for name in "${!apps[@]}"; do
  # shellcheck disable=SC2086
  dotnet publish "$work/RulesApp" -c Release -r "$rid" ${apps[$name]} -o "$work/apps/$name" -v:q -nologo >/dev/null \
    || { echo "soak.sh: publishing $name failed" >&2; exit 1; }
  rm -rf "$work/RulesApp/obj" "$work/RulesApp/bin"
done
app_names=(onefile-fd onefile-sc onedir-fd)

# Runs PROGRAM ARGS; prints "pid=N" first, then "died=SIGNAL exit=CODE" when it ends.
runner='$| = 1; my $p = fork(); if ($p == 0) { exec @ARGV; exit 127 } print "pid=$p\n"; waitpid($p, 0); print "died=", $? & 127, " exit=", $? >> 8, "\n"'

declare -A total=([runs]=0 [left_after_run]=0 [left_after_next]=0 [orphans]=0 [wrong_status]=0 [frzless]=0)
failures=()

descendants() {  # pids below $1, depth first
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

alive() {  # running and not a zombie
  [ -r "/proc/$1/stat" ] && [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

folders_in() { find "$1" -maxdepth 1 -name '_FRZ*' 2>/dev/null | wc -l; }

record() {  # kind detail
  total[$1]=$(( total[$1] + 1 ))
  failures+=("run $run ($scenario): $1 $2")
}

check_stderr() {
  local lines
  lines=$(grep -iE 'error|unhandled' "$1" | grep -vE 'error FRZ0[0-9]{3}' | grep -v 'signal=' || true)
  [ -z "$lines" ] || record frzless "$(head -c 300 <<<"$lines")"
}

# Waits for the tree's processes (other than the parent) to end; the lifeline gives SIGTERM, then SIGKILL after 5 s.
check_orphans() {
  local pid deadline
  for pid in "$@"; do
    deadline=$(( $(date +%s) + 8 ))
    while alive "$pid" && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
    if alive "$pid"; then
      record orphans "pid $pid ($(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | head -c 120))"
      kill -9 "$pid" 2>/dev/null
    fi
  done
}

next_start() {  # exe tmpdir: a normal start must leave nothing, and reclaim what others left
  local exe="$1" tmp="$2"
  TMPDIR="$tmp" "$exe" exit 0 >/dev/null 2>&1
  local left; left=$(folders_in "$tmp")
  [ "$left" -eq 0 ] || record left_after_next "$left folder(s) in $tmp"
}

signal_run() {
  local app="$1" exe="$2" tmp="$3"
  local verbs=(wait worker-wait "exit 0")
  local verb=${verbs[$((RANDOM % 3))]}
  local signals=(2 15 1 9)
  local sig=${signals[$((RANDOM % 4))]}
  local targets=(parent app worker)
  local target=${targets[$((RANDOM % 3))]}
  local delay_ms=$((RANDOM % 301))
  scenario="$app $verb, SIG$sig to $target after ${delay_ms} ms"
  # The output file exists before the runner does, so the poll below never reads a missing file.
  : > "$tmp.out"
  # shellcheck disable=SC2086
  TMPDIR="$tmp" perl -e "$runner" "$exe" $verb > "$tmp.out" 2> "$tmp.err" &
  local perl_pid=$!
  local parent=""
  for _ in $(seq 200); do parent=$(sed -n 's/^pid=//p' "$tmp.out" | head -n1); [ -n "$parent" ] && break; sleep 0.01; done
  sleep "$(awk -v ms="$delay_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
  local tree; tree=$(descendants "$parent")
  local app_pid; app_pid=$(head -n1 <<<"$tree")
  local worker_pid; worker_pid=$(sed -n 2p <<<"$tree")
  local victim=$parent
  [ "$target" = app ] && [ -n "$app_pid" ] && [ "$app" != onedir-fd ] && victim=$app_pid
  [ "$target" = worker ] && [ -n "$worker_pid" ] && victim=$worker_pid
  [ "$victim" = "$parent" ] && target=parent
  kill -"$sig" "$victim" 2>/dev/null
  # A run that keeps waiting (a worker killed, a handled signal to a worker) is ended the normal way.
  local deadline=$(( $(date +%s) + 3 ))
  while kill -0 "$perl_pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
  local ended_by_us=0
  if kill -0 "$perl_pid" 2>/dev/null; then
    kill -TERM "$parent" 2>/dev/null
    ended_by_us=1
    wait "$perl_pid" 2>/dev/null
  else
    wait "$perl_pid" 2>/dev/null
  fi
  local status; status=$(grep -o 'died=[0-9]* exit=[0-9]*' "$tmp.out" | tail -n1)
  local died=${status#died=}; died=${died%% *}
  local code=${status##*exit=}
  # What may end the parent: the signal (held while unpacking, or the app's default action),
  # the app's handler (100 + signal), a normal end, or our SIGTERM after a worker's death.
  local ok=0
  [ "$verb" = "exit 0" ] && [ "$status" = "died=0 exit=0" ] && ok=1  # ended before the signal
  case "$target:$sig" in
    parent:9|app:9) [ "$died" = 9 ] && ok=1 ;;
    *) { [ "$died" = "$sig" ] || [ "$died" = 0 -a "$code" = $((100 + sig)) ] || [ "$died" = 0 -a "$code" = 0 ] \
         || [ "$ended_by_us" = 1 -a \( "$died" = 15 -o "$code" = 115 \) ] \
         || [ "$target" = worker -a "$died" = 0 -a "$code" = 115 ]; } && ok=1 ;;
  esac
  [ "$ok" = 1 ] || record wrong_status "ended with '$status'"
  check_stderr "$tmp.err"
  # shellcheck disable=SC2086
  check_orphans $tree
  if [ "$target:$sig" != parent:9 ]; then
    local left; left=$(folders_in "$tmp")
    [ "$left" -eq 0 ] || record left_after_run "$left folder(s)"
  fi
  next_start "$exe" "$tmp"
}

crash_run() {
  local app="$1" exe="$2" tmp="$3"
  # (A SIGABRT or SIGSEGV sent with kill() leaves even an unfrozen .NET app hanging: the runtime
  # takes them for its own faults. An unhandled exception aborts.)
  local kinds=("throw" "kill-self 9" "kill-self 10" "kill-self 15" "exit 3" "exit 0")
  local kind=${kinds[$((RANDOM % 6))]}
  scenario="$app $kind"
  # shellcheck disable=SC2086
  local status; status=$(TMPDIR="$tmp" timeout 60 perl -e "$runner" "$exe" $kind 2> "$tmp.err" | grep -o 'died=[0-9]* exit=[0-9]*')
  local expected
  case "$kind" in
    throw) expected="died=6 exit=0" ;;
    kill-self*) expected="died=${kind#kill-self } exit=0" ;;
    exit*) expected="died=0 exit=${kind#exit }" ;;
  esac
  [ "$status" = "$expected" ] || record wrong_status "ended with '$status', expected '$expected'"
  [ "$kind" = throw ] || check_stderr "$tmp.err"
  local left; left=$(folders_in "$tmp")
  [ "$left" -eq 0 ] || record left_after_run "$left folder(s)"
  next_start "$exe" "$tmp"
}

tmpdir_run() {
  local app="$1" exe="$2" tmp="$3"
  local kinds=(full readonly noexec missing long)
  local kind=${kinds[$((RANDOM % 5))]}
  scenario="$app, TMPDIR $kind"
  local out
  case "$kind" in
    missing)
      out=$(TMPDIR="$tmp/not-there" "$exe" exit 0 2>&1; echo "status=$?")
      ;;
    long)
      local long="$tmp"
      while [ ${#long} -lt 4070 ]; do long="$long/$(printf 'd%.0s' $(seq 1 $(( 4070 - ${#long} > 200 ? 200 : 4070 - ${#long} ))))"; done
      mkdir -p "$long"
      out=$(TMPDIR="$long" "$exe" exit 0 2>&1; echo "status=$?"; echo "left=$(find "$tmp" -name '_FRZ*' | wc -l)")
      ;;
    *)
      local opts=size=64m
      [ "$kind" = full ] && opts=size=24m
      [ "$kind" = readonly ] && opts=ro,size=8m
      [ "$kind" = noexec ] && opts=noexec,size=64m
      mkdir -p "$tmp/mnt"
      # shellcheck disable=SC2016
      out=$(TMPDIR="$tmp/mnt" unshare --mount --propagation private sh -c '
        mount -t tmpfs -o "$1" tmpfs "$2" || exit 99
        if [ "$3" = full ]; then dd if=/dev/zero of="$2/filler" bs=1M count=23 2>/dev/null; fi
        "$4" exit 0; echo "status=$?"; echo "left=$(find "$2" -maxdepth 1 -name "_FRZ*" | wc -l)"' \
        sh "$opts" "$tmp/mnt" "$kind" "$exe" 2>&1)
      ;;
  esac
  local status; status=$(sed -n 's/^status=//p' <<<"$out")
  case "$kind:$status" in
    missing:0|noexec:0) ;;  # another candidate folder (/tmp), or OneDir which unpacks nothing
    *:0) [ "$app" = onedir-fd ] || [ "$kind" = full ] || record wrong_status "$kind ended with 0" ;;
    *:251) grep -qE 'error FRZ03(02|03|11)' <<<"$out" || record frzless "$(head -c 300 <<<"$out")" ;;
    *) record wrong_status "ended with '$status': $(head -c 300 <<<"$out")" ;;
  esac
  grep -iE 'error|unhandled' <<<"$out" | grep -vqE 'error FRZ0[0-9]{3}' && record frzless "$(head -c 300 <<<"$out")"
  local left; left=$(sed -n 's/^left=//p' <<<"$out")
  [ "${left:-0}" -eq 0 ] || record left_after_run "$left folder(s)"
}

concurrent_run() {
  local app="$1" exe="$2" tmp="$3"
  scenario="$app, 8 at once"
  local pids=() i
  for i in $(seq 8); do TMPDIR="$tmp" "$exe" exit "$i" > /dev/null 2> "$tmp.err$i" & pids+=($!); done
  for i in $(seq 8); do
    wait "${pids[$((i - 1))]}"; local code=$?
    [ "$code" = "$i" ] || record wrong_status "instance $i ended with $code"
    check_stderr "$tmp.err$i"
  done
  local left; left=$(folders_in "$tmp")
  [ "$left" -eq 0 ] || record left_after_run "$left folder(s)"
}

started=$(date +%s)
for run in $(seq "$runs"); do
  app=${app_names[$((RANDOM % 3))]}
  exe="$work/apps/$app/RulesApp"
  tmp="$work/tmp/$run"
  mkdir -p "$tmp"
  pick=$((RANDOM % 20))
  if [ $pick -lt 12 ]; then signal_run "$app" "$exe" "$tmp"
  elif [ $pick -lt 15 ]; then crash_run "$app" "$exe" "$tmp"
  elif [ $pick -lt 18 ]; then tmpdir_run "$app" "$exe" "$tmp"
  else concurrent_run "$app" "$exe" "$tmp"; fi
  total[runs]=$run
  rm -rf "$tmp" "$tmp".*
done

echo
printf '%-6s %-20s %-27s %-8s %-13s %-16s %s\n' runs leftovers_after_run leftovers_after_next_start orphans wrong_status frz_less_errors seconds
printf '%-6s %-20s %-27s %-8s %-13s %-16s %s\n' "${total[runs]}" "${total[left_after_run]}" "${total[left_after_next]}" \
  "${total[orphans]}" "${total[wrong_status]}" "${total[frzless]}" "$(( $(date +%s) - started ))"
echo "seed $seed"
if [ ${#failures[@]} -gt 0 ]; then
  printf '%s\n' "${failures[@]}" | head -n 40
  exit 1
fi
