# Helpers the benchmarks share (sourced, not run).
# median: the median of the numbers on standard input, one per line.
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# ratio A B: A / B with two decimals, or n/a (A empty, B empty or 0).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# check NAME VALUE GOAL: prints the ratio, the goal and ok or MISS (nothing for a variant left out: n/a).
check() { awk -v n="$1" -v v="$2" -v g="$3" 'BEGIN { printf "    %-60s %6s  [<= %s] %s\n", n, v, g, v == "n/a" ? "" : (v + 0 <= g + 0 ? "ok" : "MISS") }'; }
# check_min NAME VALUE GOAL: as check, for a value that must reach the goal (a throughput).
check_min() { awk -v n="$1" -v v="$2" -v g="$3" 'BEGIN { printf "    %-60s %6s  [>= %s] %s\n", n, v, g, v == "n/a" ? "" : (v + 0 >= g + 0 ? "ok" : "MISS") }'; }
# info NAME VALUE: a ratio without a goal of its own.
info() { printf "    %-60s %6s\n" "$1" "$2"; }
