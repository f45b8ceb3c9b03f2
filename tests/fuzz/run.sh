#!/usr/bin/env bash
# Coverage-guided fuzzing of netlint with cargo-fuzz (libFuzzer), on the
# stable toolchain. Installs the pinned cargo-fuzz when it is missing, seeds
# each target's corpus with the examples, the fixtures and the regression
# inputs, runs every target for a bounded time and fails when any input
# crashes, hangs (over FUZZ_TIMEOUT seconds) or runs out of memory.
#
#   tests/fuzz/run.sh                   # every target, FUZZ_SECONDS (60) each
#   tests/fuzz/run.sh 1200 network      # one target for 20 minutes
#
# Environment:
#   FUZZ_SECONDS    time per target (default 60; the first argument wins)
#   FUZZ_TIMEOUT    seconds one input may take before it counts as a hang (10)
#   FUZZ_RSS_MB     memory one run may use (2048)
#   FUZZ_SANITIZER  none (default: netlint has no unsafe code, and without
#                   ASan a run is several times faster) or address
#   FUZZ_FORK       0 (default): stop at the first finding; N: run N jobs in
#                   libFuzzer's fork mode and keep going after findings (long
#                   runs that should collect every finding)
#
# Findings land in tests/fuzz/artifacts/<target>/ (crash-*, timeout-*,
# oom-*, slow-unit-*). Keep the interesting ones as regression inputs in
# tests/fuzz/regressions/ (`cargo test --test fuzz_regressions` replays them).
#
# cargo-fuzz needs nightly compiler flags (-Zsanitizer, coverage
# instrumentation); RUSTC_BOOTSTRAP=1 lets the stable compiler accept them.
set -euo pipefail

cd "$(dirname "$0")"
fuzz_dir=$PWD
root=$(cd ../.. && pwd)
cargo_fuzz_version=0.13.2
seconds=${1:-${FUZZ_SECONDS:-60}}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(check reach network template)
timeout_s=${FUZZ_TIMEOUT:-10}
rss_mb=${FUZZ_RSS_MB:-2048}
sanitizer=${FUZZ_SANITIZER:-none}
fork=${FUZZ_FORK:-0}

export RUSTC_BOOTSTRAP=1

if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$cargo_fuzz_version" ]; then
  echo "installing cargo-fuzz $cargo_fuzz_version" >&2
  if ! cargo install --locked cargo-fuzz --version "$cargo_fuzz_version"; then
    echo "error: could not install cargo-fuzz $cargo_fuzz_version" >&2
    exit 1
  fi
fi

# Seeds. template: the template fixtures (and the shared corpus's templates).
# check: every .net file as it is. reach: the same files behind an
# argument line naming two of their endpoints and a few ports (the target's
# input format: first line FROM TO WORDS…, then the network). network:
# random bytes, which the target turns into valid networks.
seed() {
  mkdir -p corpus/check corpus/reach corpus/network corpus/template
  python3 - "$root" <<'EOF'
import hashlib, pathlib, re, sys
root = pathlib.Path(sys.argv[1])
files = sorted(p for d in ("examples", "tests/fixtures") for p in (root / d).rglob("*.net"))
def put(target, data):
    name = hashlib.sha1(data).hexdigest()
    (root / "tests/fuzz/corpus" / target / name).write_bytes(data)
for p in files:
    data = p.read_bytes()
    put("check", data)
    text = data.decode("utf-8", "replace")
    ends = re.findall(r"^\s*(?:instance|load-balancer|auto-scaling-group)\s+(\S+)", text, re.M)
    questions = []
    for e in ends[:4]:
        questions += [f"internet {e} tcp 22 443", f"{e} internet tcp 443 80"]
    for a, b in zip(ends, ends[1:4]):
        questions += [f"{a} {b} tcp 22 8080 udp 53", f"{b} {a} all"]
    questions.append("10.0.0.0/16 10.0.0.0/16 tcp 1 3 5 icmp")
    for q in questions:
        put("reach", q.encode() + b"\n" + data)
# template: the template fixtures, and the shared corpus's public templates
# when it lies beside the checkout (read in place; the fuzz corpus is not
# committed).
for p in sorted((root / "tests/fixtures/cfn").rglob("*")):
    if p.suffix in (".yaml", ".json") and not p.name.endswith(".params.json"):
        put("template", p.read_bytes())
for up in ("..", "../.."):
    shared = root / up / "shared/corpus/cloudformation"
    if shared.is_dir():
        for p in sorted(shared.iterdir()):
            if p.suffix in (".yaml", ".json") and not p.name.endswith(".params.json"):
                put("template", p.read_bytes())
        break
# network: its input is read by `arbitrary`, which turns too-short inputs
# into empty networks; start it from random inputs of useful length.
import random
rnd = random.Random(9)
for i in range(64):
    put("network", bytes(rnd.getrandbits(8) for _ in range(rnd.randint(256, 2048))))
for d in (root / "tests/fuzz/regressions").glob("*"):
    if d.is_dir():
        for f in d.iterdir():
            put(d.name, f.read_bytes())
EOF
}
seed

# Every target has a corpus; only the byte-oriented ones want long inputs.
# The structure-aware target wants full-length inputs from the start.
len_flags() {
  case $1 in
    network) echo -max_len=4096 -len_control=0 ;;
    *) echo -max_len=16384 ;;
  esac
}

status=0
for t in "${targets[@]}"; do
  echo "=== fuzz $t: ${seconds}s, sanitizer $sanitizer ===" >&2
  mkdir -p "artifacts/$t"
  flags=(-max_total_time="$seconds" -timeout="$timeout_s" -rss_limit_mb="$rss_mb"
         $(len_flags "$t") -report_slow_units=2 -print_final_stats=1)
  if [ "$fork" != 0 ]; then
    flags+=(-fork="$fork" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  fi
  before=$(find "artifacts/$t" -type f ! -name 'slow-unit-*' | wc -l)
  if ! cargo fuzz run --fuzz-dir "$fuzz_dir" -O -a --sanitizer "$sanitizer" "$t" \
      "$fuzz_dir/corpus/$t" -- "${flags[@]}"; then
    echo "FAILED: fuzz target $t found a crash, hang or out-of-memory input" >&2
    status=1
  fi
  after=$(find "artifacts/$t" -type f ! -name 'slow-unit-*' | wc -l)
  if [ "$after" -gt "$before" ]; then
    echo "FAILED: $((after - before)) new finding(s) in tests/fuzz/artifacts/$t/" >&2
    status=1
  fi
done
exit "$status"
