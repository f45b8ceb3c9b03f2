#!/usr/bin/env bash
# The stress bench: run netlint on hostile and huge generated inputs, each
# under a time limit and a memory cap, and fail when a case goes over its
# budget (time, peak memory or output size). See README.md beside this file.
#
#   tests/stress/run.sh BIN                 every shape at its base size
#   tests/stress/run.sh BIN acl vpcs        some shapes
#   tests/stress/run.sh BIN --sizes         every shape at 1x, 2x and 4x its
#                                           size, with the growth per doubling
#   tests/stress/run.sh BIN --scale 0.1     sizes times 0.1 (with or without
#                                           --sizes)
#   tests/stress/run.sh BIN --bench         also the tests/bench networks of
#                                           100,000 and 1,000,000 lines
#   tests/stress/run.sh BIN --keep DIR      keep the inputs and outputs in DIR
#
# Budgets are per case and generous (about three times the target for time,
# the target itself for memory and output), so a loaded machine does not
# flake, but a super-linear pass does not get through. In --sizes mode a
# shape whose CPU time grows by more than 2.8x per doubling (on at least
# 0.3 s) is reported as super-linear and fails the run.
#
# To measure past the budgets (e.g. how slow a super-linear case really
# is), raise the limits: STRESS_TIMEOUT (seconds), STRESS_MEM_MIB (address
# space cap), STRESS_FSIZE (output file size cap, bytes).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { sed -n '2,20p' "$0" >&2; exit 2; }
bin=$(realpath "$1")
shift
[ -x "$bin" ] || { echo "error: $bin is not an executable" >&2; exit 2; }

sizes=(1)
scale=1
keep=
bench=0
shapes=()
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=(1 2 4) ;;
    --scale) scale=$2; shift ;;
    --keep) keep=$2; shift ;;
    --bench) bench=1 ;;
    -*) echo "error: unknown option $1" >&2; exit 2 ;;
    *) shapes+=("$1") ;;
  esac
  shift
done

for tool in python3 /usr/bin/time timeout prlimit; do
  command -v "$tool" >/dev/null || { echo "error: $tool is required" >&2; exit 2; }
done

# name -> "base unit seconds MiB output-bytes"
declare -A spec
order=()
while read -r name base unit secs mib outb _; do
  spec[$name]="$base $unit $secs $mib $outb"
  order+=("$name")
done < <(python3 "$here/gen.py" list)
if [ "$bench" = 1 ]; then
  # tests/bench's realistic networks (issue targets: 100,000 lines in
  # 100 ms and under 40 MiB; ten times the input for at most 11x the time).
  spec[bench-100k]="100000 lines 0.3 40 1048576"
  spec[bench-1m]="1000000 lines 3.3 400 1048576"
  order+=(bench-100k bench-1m)
fi
[ ${#shapes[@]} -gt 0 ] || shapes=("${order[@]}")
for s in "${shapes[@]}"; do
  [ -n "${spec[$s]:-}" ] || { echo "error: unknown shape $s (known: ${order[*]})" >&2; exit 2; }
done

if [ -n "$keep" ]; then
  mkdir -p "$keep"
  dir=$(realpath "$keep")
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi

generate() { # shape factor dir
  local shape=$1 factor=$2 out=$3 n
  case $shape in
    bench-*)
      n=$(awk -v b="${spec[$shape]%% *}" -v f="$factor" 'BEGIN { printf "%d", b * f }')
      mkdir -p "$out"
      (cd "$root" && cargo bench --quiet --bench check -- --generate "$n" "$out/$shape.net") >&2
      printf 'check\n--no-config\nFILE\n' > "$out/$shape.args"
      ;;
    *) python3 "$here/gen.py" "$shape" "$factor" "$out" ;;
  esac
}

human_bytes() {
  awk -v b="$1" 'BEGIN { split("B KB MB GB", u); i = 1; while (b >= 1000 && i < 4) { b /= 1000; i++ } printf (i == 1 ? "%d %s" : "%.1f %s"), b, u[i] }'
}

printf '%-11s %5s %10s %9s %9s %9s %10s %5s  %s\n' shape size input wall cpu "peak RSS" output exit verdict
status=0
declare -A cpu_at
for shape in "${shapes[@]}"; do
  read -r base unit secs mib outb <<<"${spec[$shape]}"
  for k in "${sizes[@]}"; do
    factor=$(awk -v s="$scale" -v k="$k" 'BEGIN { print s * k }')
    case_dir="$dir/$shape-x$factor"
    generate "$shape" "$factor" "$case_dir"
    # The generator writes one of these; `ls` of the missing ones would fail
    # the run under pipefail, so test each.
    file=
    for ext in net yaml json; do
      [ -f "$case_dir/$shape.$ext" ] && { file=$case_dir/$shape.$ext; break; }
    done
    [ -n "$file" ] || { echo "error: the $shape generator wrote no input in $case_dir" >&2; exit 2; }
    mapfile -t args < <(sed "s|^FILE\$|$file|" "$case_dir/$shape.args")
    in_bytes=$(wc -c <"$file")
    # Output budget: as given, else 20 times the input and at least 1 MiB
    # (a finding per line of input, with its snippet, is linear but wordy).
    ob=$outb
    if [ "$ob" = 0 ]; then
      ob=$(( in_bytes * 20 > 1048576 ? in_bytes * 20 : 1048576 ))
    fi
    limit_s=${STRESS_TIMEOUT:-$(awk -v s="$secs" 'BEGIN { printf "%d", s * 2 + 5 }')}
    cap_mib=${STRESS_MEM_MIB:-$(( mib * 4 > 2048 ? mib * 4 : 2048 ))}
    fsize=${STRESS_FSIZE:-$(( ob * 10 < 1073741824 ? ob * 10 : 1073741824 ))}
    set +e
    /usr/bin/time -o "$case_dir/time" -f '%e %U %S %M' \
      timeout --kill-after=2 "$limit_s" \
      prlimit --as=$(( cap_mib * 1048576 )) --fsize="$fsize" \
      "$bin" "${args[@]}" >"$case_dir/out" 2>&1
    code=$?
    set -e
    read -r wall user sys rss_kb < <(tail -n 1 "$case_dir/time" | grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' || echo "0 0 0 0")
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    out_bytes=$(wc -c <"$case_dir/out")
    n=$(awk -v b="$base" -v f="$factor" 'BEGIN { printf "%d", b * f }')
    verdict=ok
    problems=()
    case $code in
      0 | 1) ;;
      124 | 137) problems+=("killed after ${limit_s}s") ;;
      *) # 153 = killed by SIGXFSZ (output over the --fsize cap), with no message
        why=$(grep -m1 -oE 'memory allocation of [0-9]+ bytes failed|File size limit exceeded' "$case_dir/out" || true)
        [ "$code" = 153 ] && [ -z "$why" ] && why="output over the $(human_bytes "$fsize") file size cap"
        problems+=("exit $code${why:+: $why}") ;;
    esac
    # Budgets apply at the base size (the sizes of --sizes are for growth).
    if [ "$k" = 1 ]; then
      awk -v w="$wall" -v b="$secs" 'BEGIN { exit !(w > b) }' && problems+=("over ${secs}s")
      [ "$rss_kb" -gt $(( mib * 1024 )) ] && problems+=("over ${mib} MiB")
      [ "$out_bytes" -gt "$ob" ] && problems+=("output over $(human_bytes "$ob")")
    fi
    if [ ${#problems[@]} -gt 0 ]; then
      verdict="FAIL: $(IFS=,; echo "${problems[*]}" | sed 's/,/, /g')"
      [ "$k" = 1 ] && status=1
    fi
    printf '%-11s %5s %10s %8ss %8ss %6d MB %10s %5s  %s\n' "$shape" "$n" "$(human_bytes "$in_bytes")" \
      "$wall" "$cpu" $(( rss_kb / 1024 )) "$(human_bytes "$out_bytes")" "$code" "$verdict"
    cpu_at[$shape-$k]=$cpu
  done
  if [ ${#sizes[@]} -gt 1 ]; then
    growth=$(awk -v a="${cpu_at[$shape-1]}" -v b="${cpu_at[$shape-2]}" -v c="${cpu_at[$shape-4]}" 'BEGIN {
      g1 = (a > 0.01) ? b / a : 0; g2 = (b > 0.01) ? c / b : 0
      printf "%.1fx then %.1fx per doubling", g1, g2
      if (g2 > 2.8 && c >= 0.3) printf " SUPER-LINEAR"
    }')
    echo "  growth of $shape (cpu): $growth"
    case $growth in *SUPER-LINEAR*) status=1 ;; esac
  fi
done
exit "$status"
