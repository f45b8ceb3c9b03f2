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
# Medians of RUNS runs (default 5; cfn-lint 3 runs), wall and CPU time
# (user + system: what to compare on a loaded machine) and peak RSS, from
# GNU time. Exit status 1 when a target is missed.
set -euo pipefail

cd "$(dirname "$0")/../.."
runs=${RUNS:-5}
cfn_lint=${1:-}
if [ -z "$cfn_lint" ]; then
  if command -v cfn-lint >/dev/null 2>&1; then
    cfn_lint=$(command -v cfn-lint)
  else
    cfn_lint=target/ci-venv/bin/cfn-lint
  fi
fi
[ -x "$cfn_lint" ] || { echo "error: no cfn-lint at $cfn_lint (give its path)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "error: GNU time (/usr/bin/time) is needed" >&2; exit 2; }

echo "building release binary..." >&2
cargo build --release --quiet
bin=target/release/netlint

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "generating the 10-copy and 1000-copy templates..." >&2
cargo bench --quiet --bench cfn -- --write built 1200 "$dir/small.json"
cargo bench --quiet --bench cfn -- --write built 120000 "$dir/large.json"

# measure N CMD...: "WALL_MS CPU_MS PEAK_MIB", medians of N runs.
measure() {
  local n=$1
  shift
  "$@" >/dev/null 2>&1 || true # warm the page cache
  : >"$dir/t"
  for _ in $(seq "$n"); do
    /usr/bin/time -f '%e %U %S %M' -a -o "$dir/t" "$@" >/dev/null 2>&1 || true
  done
  awk '{ w[NR] = $1 * 1000; c[NR] = ($2 + $3) * 1000; if ($4 > m) m = $4 }
    function med(a, n,   i, j, t) {
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END { printf "%.1f %.1f %.1f\n", med(w, NR), med(c, NR), m / 1024 }' "$dir/t"
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
read -r nw nc nm < <(measure "$runs" "${check[@]}" "$dir/small.json")
read -r lw lc lm < <(measure 3 "$cfn_lint" "$dir/small.json")
read -r bw bc bm < <(measure "$runs" "${check[@]}" "$dir/large.json")
resolve=$(cargo bench --quiet --bench cfn -- --time "$dir/large.json" | sort -t: -k2 -n | sed -n 2p)

echo "templates (median of $runs runs; cfn-lint 3; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)):"
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
