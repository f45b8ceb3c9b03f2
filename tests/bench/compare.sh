#!/usr/bin/env bash
# Compare netlint binaries side by side on the same inputs, in one run.
#
#   tests/bench/compare.sh FILE... -- LABEL=BINARY...
#   RUNS=7 tests/bench/compare.sh small.net large.net -- old=/tmp/old new=target/release/netlint
#
# For every file, every binary runs `check FILE` (every rule) and
# `check --select E FILE` (the front end) RUNS times (default 5), the
# binaries interleaved run by run so that a change in the machine's load
# hits them alike. Printed per case: the median wall time, the median CPU
# time (user + system: what to compare on a loaded machine, where wall
# time includes waiting for a core) and the largest peak RSS, from GNU
# time (/usr/bin/time). With IR=1, also the instructions of one run
# counted by valgrind (callgrind): exact and independent of the load, the
# figure to trust on a busy machine (slow: about 50x a normal run).
# Generate inputs with
# `cargo bench --bench check -- --generate LINES FILE`.
set -euo pipefail

runs=${RUNS:-5}
files=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  files+=("$1")
  shift
done
[ $# -gt 0 ] && shift
if [ ${#files[@]} = 0 ] || [ $# = 0 ]; then
  echo "usage: $0 FILE... -- LABEL=BINARY..." >&2
  exit 2
fi
labels=()
bins=()
for pair in "$@"; do
  labels+=("${pair%%=*}")
  bins+=("${pair#*=}")
done
if [ ! -x /usr/bin/time ]; then
  echo "GNU time (/usr/bin/time) is needed" >&2
  exit 2
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.0f", m}'; }

instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    awk '/Collected/ {printf "%.0f", $NF / 1e6}'
}

printf '%-10s %-10s %-9s %10s %10s %9s %10s\n' file binary mode "wall ms" "cpu ms" "peak MiB" "Mi instr"
for f in "${files[@]}"; do
  for mode in all E; do
    args=(check "$f")
    [ "$mode" = E ] && args=(check --select E "$f")
    for b in "${!bins[@]}"; do
      "${bins[$b]}" "${args[@]}" >/dev/null 2>&1 || true # warm the page cache
    done
    for _ in $(seq "$runs"); do
      for b in "${!bins[@]}"; do
        /usr/bin/time -f '%e %U %S %M' -a -o "$dir/$b" "${bins[$b]}" "${args[@]}" >/dev/null 2>&1 || true
      done
    done
    for b in "${!bins[@]}"; do
      wall=$(awk '{print $1 * 1000}' "$dir/$b" | median)
      cpu=$(awk '{print ($2 + $3) * 1000}' "$dir/$b" | median)
      rss=$(awk 'BEGIN {m = 0} {if ($4 > m) m = $4} END {printf "%.1f", m / 1024}' "$dir/$b")
      ir=-
      [ "${IR:-0}" = 1 ] && ir=$(instructions "${bins[$b]}" "${args[@]}")
      printf '%-10s %-10s %-9s %10s %10s %9s %10s\n' "$(basename "$f")" "${labels[$b]}" "$mode" "$wall" "$cpu" "$rss" "$ir"
      rm -f "$dir/$b"
    done
  done
done
echo "($runs runs each, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at the end)"
