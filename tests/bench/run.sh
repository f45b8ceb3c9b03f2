#!/usr/bin/env bash
# Time `netlint check` (release build) on generated 100k- and 1M-line files.
#
# Targets (from the issue): 100,000 lines in under 150 ms on the 2-core
# reference machine, and 10x the input for at most ~11x the time.
# Uses hyperfine when it is installed, else a loop timed with `date +%s%N`
# (the median of RUNS runs). Exit status 1 when a target is missed.
#
#   tests/bench/run.sh            # RUNS=10 by default
#   RUNS=20 tests/bench/run.sh
set -euo pipefail

cd "$(dirname "$0")/../.."
runs=${RUNS:-10}
small=100000
large=1000000

echo "building release binary..." >&2
cargo build --release --quiet
bin=target/release/netlint

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "generating $small and $large lines..." >&2
cargo bench --quiet --bench check -- --generate "$small" "$dir/small.net"
cargo bench --quiet --bench check -- --generate "$large" "$dir/large.net"

# The generated networks are clean: anything reported means the generator
# and the rules disagree, and the timing would include rendering output.
for f in "$dir/small.net" "$dir/large.net"; do
  if ! "$bin" check "$f" >"$dir/out" 2>&1; then
    echo "warning: netlint reports problems on $(basename "$f"):" >&2
    tail -n 5 "$dir/out" >&2
  fi
done

# Median wall time of `netlint check FILE`, in milliseconds.
measure() {
  local file=$1
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --style none --warmup 2 --runs "$runs" -i \
      --export-json "$dir/h.json" "$bin check $file" >/dev/null
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f" % (r["median"] * 1000))' "$dir/h.json"
  else
    "$bin" check "$file" >/dev/null 2>&1 || true   # warm the page cache
    local times=() t0 t1
    for _ in $(seq "$runs"); do
      t0=$(date +%s%N)
      "$bin" check "$file" >/dev/null 2>&1 || true
      t1=$(date +%s%N)
      times+=($(( (t1 - t0) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f\n", m/1000}'
  fi
}

t_small=$(measure "$dir/small.net")
t_large=$(measure "$dir/large.net")
ratio=$(awk -v a="$t_small" -v b="$t_large" 'BEGIN { printf "%.2f", b / a }')

echo "netlint check, median of $runs runs ($(nproc) cores):"
printf '  %8d lines: %10s ms\n' "$small" "$t_small"
printf '  %8d lines: %10s ms\n' "$large" "$t_large"
echo "  10x the input: ${ratio}x the time"

status=0
if awk -v t="$t_small" 'BEGIN { exit !(t >= 150) }'; then
  echo "MISSED: $small lines took ${t_small} ms (target < 150 ms)"
  status=1
fi
if awk -v r="$ratio" 'BEGIN { exit !(r > 11) }'; then
  echo "MISSED: 10x input cost ${ratio}x (target <= ~11x)"
  status=1
fi
[ "$status" = 0 ] && echo "targets met"
exit "$status"
