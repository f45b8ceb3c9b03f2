#!/usr/bin/env bash
# Templates, side by side in one run (release build):
#
# 1. the template `netlint build` makes from the 10-copy generated network
#    (~260 resources, ~10k lines of JSON): `netlint check` against cfn-lint
#    on the same file. Target: netlint at least 500x faster.
# 2. the 1000-copy network's template (~30 MB): read and resolved
#    (`cargo bench --bench cfn -- --time`), and `netlint check` on it
#    (read, resolved, mapped into the model, every rule). Target: under
#    1.5 s.
#
#   tests/bench/cfn.sh [CFN_LINT]     # default: cfn-lint on PATH, else
#                                     # target/ci-venv/bin/cfn-lint
#   RUNS=10 tests/bench/cfn.sh /work/venv/bin/cfn-lint
#
# Medians of RUNS runs (default 5; the 10-copy check SMALL_RUNS, default 50;
# cfn-lint 3 runs), wall and CPU time (user + system: what to compare on a
# loaded machine) and peak RSS. Each run is the command a user types, its
# output to /dev/null, timed around the process from spawn to exit with a
# monotonic clock (`time.perf_counter`) and its CPU time from the kernel's
# accounting of the child (microseconds): GNU time's 10 ms steps are as
# large as the 10-copy check itself. Exit status 1 when a target is missed.
set -euo pipefail

cd "$(dirname "$0")/../.."
runs=${RUNS:-5}
small_runs=${SMALL_RUNS:-50}
cfn_lint=${1:-}
if [ -z "$cfn_lint" ]; then
  if command -v cfn-lint >/dev/null 2>&1; then
    cfn_lint=$(command -v cfn-lint)
  else
    cfn_lint=target/ci-venv/bin/cfn-lint
  fi
fi
[ -x "$cfn_lint" ] || { echo "error: no cfn-lint at $cfn_lint (give its path)" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "error: python3 is needed" >&2; exit 2; }

echo "building release binary..." >&2
cargo build --release --quiet
bin=target/release/netlint

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "generating the 10-copy and 1000-copy templates..." >&2
cargo bench --quiet --bench cfn -- --write built 1200 "$dir/small.json"
cargo bench --quiet --bench cfn -- --write built 120000 "$dir/large.json"

# measure N CMD...: "WALL_MS CPU_MS PEAK_MIB", medians of N runs (after
# one run that warms the page cache), peak RSS the largest of any run.
measure() {
  python3 - "$@" <<'PY'
import resource, statistics, subprocess, sys, time

n, cmd = int(sys.argv[1]), sys.argv[2:]
quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
subprocess.run(cmd, **quiet)
walls, cpus = [], []
for _ in range(n):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, **quiet)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    walls.append(wall * 1000)
    cpus.append(cpu * 1000)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{statistics.median(walls):.2f} {statistics.median(cpus):.2f} {peak:.1f}")
PY
}

describe() { # file
  printf '%s bytes, %s lines, %s resources' "$(wc -c <"$1")" "$(wc -l <"$1")" \
    "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["Resources"]))' "$1")"
}

# netlint must read these templates without a front-end error: a refused
# template would be timed doing nothing.
for f in small large; do
  if "$bin" check --no-config --region us-east-1 --format json "$dir/$f.json" >"$dir/$f.out" 2>&1; then :; fi
  if grep -q '"code": "[ET]00[0-9]' "$dir/$f.out"; then
    echo "warning: netlint reports a front-end error on $f.json; its time is not a check's:" >&2
    grep -m3 '"message"' "$dir/$f.out" >&2
  fi
done

check=("$bin" check --no-config --region us-east-1)
read -r nw nc nm < <(measure "$small_runs" "${check[@]}" "$dir/small.json")
read -r lw lc lm < <(measure 3 "$cfn_lint" "$dir/small.json")
read -r bw bc bm < <(measure "$runs" "${check[@]}" "$dir/large.json")
resolve=$(cargo bench --quiet --bench cfn -- --time "$dir/large.json" | sort -t: -k2 -n | sed -n 2p)

echo "templates (median of $runs runs, the 10-copy check $small_runs; cfn-lint 3; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)):"
echo "  10-copy: $(describe "$dir/small.json")"
printf '    %-28s %9s ms wall %9s ms cpu %7s MiB\n' "netlint check" "$nw" "$nc" "$nm"
printf '    %-28s %9s ms wall %9s ms cpu %7s MiB\n' "cfn-lint $("$cfn_lint" --version | awk '{print $2}')" "$lw" "$lc" "$lm"
ratio=$(awk -v a="$lw" -v b="$nw" 'BEGIN { printf "%.0f", a / b }')
cratio=$(awk -v a="$lc" -v b="$nc" 'BEGIN { printf "%.0f", a / b }')
echo "    netlint is ${ratio}x faster (wall), ${cratio}x (cpu)"
echo "  1000-copy: $(describe "$dir/large.json")"
echo "    read + resolve (cfn::load, median of 3): $resolve"
printf '    %-28s %9s ms wall %9s ms cpu %7s MiB\n' "netlint check" "$bw" "$bc" "$bm"

status=0
if awk -v r="$ratio" 'BEGIN { exit !(r < 500) }'; then
  echo "MISSED: netlint check is ${ratio}x faster than cfn-lint on the 10-copy template (target >= 500x)"
  status=1
fi
if awk -v t="$bw" 'BEGIN { exit !(t >= 1500) }'; then
  echo "MISSED: netlint check took ${bw} ms on the 1000-copy template (target < 1500 ms)"
  status=1
fi
if awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v n="$(nproc)" 'BEGIN { exit !(l > n) }'; then
  echo "note: the load average exceeds the core count; judge by the cpu columns"
fi
[ "$status" = 0 ] && echo "targets met"
exit "$status"
