#!/usr/bin/env bash
# netlint on the real public CloudFormation templates of the shared corpus:
# `check` (with each template's parameters file), `reach` (one question per
# template, with the answer it must get) and `import` (whose .net output
# must then check without an E-error), on the release binary.
#
# Usage: tests/external/corpus.sh BIN
#   BIN             the netlint binary
#   NETLINT_CORPUS  the corpus directory (default: ../shared/corpus/cloudformation
#                   relative to the repository, where CI lays shared/ beside
#                   the clone; ../../shared from a git worktree). Its templates are read in place, never copied.
#
# Fails on:
# - a crash: an exit status above 2, a timeout, or a panic message;
# - an E-error or a template error (T001-T004) on a template (the corpus
#   holds valid, deployed templates);
# - a finding (template, code) that tests/external/corpus_expected.txt does
#   not list, and a listed one that is no longer reported (the file says why
#   each is true, or why it is accepted noise: keep it honest);
# - a reach answer other than the expected one, or no answer (exit 2);
# - an import that fails, or whose .net file has an E-error.
# Every template in the corpus is run; a template with no reach question
# here is reported (add one) but does not fail the run.
set -uo pipefail

die() {
    echo "corpus.sh: $*" >&2
    exit 2
}

[ $# -eq 1 ] || die "usage: $0 BIN"
bin=$1
[ -x "$bin" ] || die "not an executable: $bin"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=${NETLINT_CORPUS:-$root/../shared/corpus/cloudformation}
# A git worktree sits one level deeper than a clone.
if [ -z "${NETLINT_CORPUS:-}" ] && [ ! -d "$corpus" ] && [ -d "$root/../../shared/corpus/cloudformation" ]; then
    corpus=$root/../../shared/corpus/cloudformation
fi
[ -d "$corpus" ] || die "no corpus at $corpus (set NETLINT_CORPUS)"
expected=$here/corpus_expected.txt
networks=$here/corpus_networks
[ -f "$expected" ] || die "missing $expected"
command -v python3 >/dev/null || die "python3 is needed to read the JSON reports"
region=us-east-1
per_command=60

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Failures go to a file: `run` reports them from a command substitution.
failures=$work/failures.txt
: >"$failures"
fail() {
    echo "FAIL: $*" >&2
    echo "$*" >>"$failures"
}

# The reach question per template: FROM TO [PROTO PORT], then the verdict
# it must get (reachable or unreachable).
question() {
    case $1 in
    quickstart-aws-vpc.yaml)
        # A host in private subnet 1A goes out through its zone's NAT gateway.
        echo "10.0.0.10 internet tcp 443|reachable" ;;
    ecs-ec2-private-vpc.yaml)
        # The container instances sit in private subnets: no SSH from outside.
        echo "internet ECSAutoScalingGroup tcp 22|unreachable" ;;
    vpc-single-instance-nacl.json)
        # The web server's group and the custom ACL both admit HTTP.
        echo "internet WebServerInstance tcp 80|reachable" ;;
    nlb-eips.json)
        # The NLB listens on tcp 80 (in the existing VPC of corpus_networks/).
        echo "internet loadBalancer tcp 80|reachable" ;;
    *) return 1 ;;
    esac
}

# Extra arguments for a template that deploys into an existing network: a
# .net description of that network, and its names for the id parameters.
existing() {
    case $1 in
    nlb-eips.json)
        echo "--network $networks/nlb-eips.net --param VPC=shared --param Subnet1=public-a --param Subnet2=public-b" ;;
    *) return 1 ;;
    esac
}

# run NAME ARGS...: runs BIN ARGS with a timeout; stdout to $work/NAME.out,
# stderr to $work/NAME.err; prints the exit status. A crash fails the run.
run() {
    local name=$1 rc=0
    shift
    timeout "$per_command" "$bin" "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
    if [ "$rc" -eq 124 ]; then
        fail "$name: netlint $* did not finish in ${per_command}s"
    elif [ "$rc" -gt 2 ]; then
        fail "$name: netlint $* exited $rc"
        tail -n 20 "$work/$name.err" >&2
    fi
    if grep -q 'panicked at' "$work/$name.err" "$work/$name.out"; then
        fail "$name: netlint $* panicked"
        grep -A3 'panicked at' "$work/$name.err" >&2
    fi
    echo "$rc"
}

# codes FILE: "CODE SEVERITY LINE:COL MESSAGE" per diagnostic of a JSON report.
codes() {
    python3 - "$1" <<'PY'
import json, sys
try:
    report = json.load(open(sys.argv[1]))
except ValueError as e:
    print(f"UNREADABLE - 0:0 the report is not JSON: {e}")
    sys.exit(0)
for d in report:
    print(f"{d['code']} {d['severity']} {d['line']}:{d['column']} {d['message']}")
PY
}

# Is a code an error on a valid template? E-codes (the network netlint
# reads has an error) and the template errors T001-T004.
front_end_error() {
    case $1 in
    E* | T001 | T002 | T003 | T004 | UNREADABLE) return 0 ;;
    *) return 1 ;;
    esac
}

found=$work/found.txt
: >"$found"
templates=0
for path in "$corpus"/*.yaml "$corpus"/*.yml "$corpus"/*.json "$corpus"/*.template; do
    [ -f "$path" ] || continue
    name=$(basename "$path")
    case $name in *.params.json) continue ;; esac
    templates=$((templates + 1))
    stem=${name%.*}
    args=(--region "$region")
    [ -f "$corpus/$stem.params.json" ] && args+=(--params "$corpus/$stem.params.json")
    echo "== $name"

    # check, as given, then in its existing network when it has one.
    variants=(plain)
    extra=$(existing "$name") && variants+=(network)
    for variant in "${variants[@]}"; do
        more=()
        [ "$variant" = network ] && read -r -a more <<<"$extra"
        rc=$(run "$stem.check.$variant" check --format json "${args[@]}" "${more[@]}" "$path")
        if [ "$rc" -gt 1 ]; then
            fail "$name: check ($variant) could not run (exit $rc)"
            sed -n 1,10p "$work/$stem.check.$variant.err" >&2
            continue
        fi
        while read -r code severity at message; do
            [ -n "$code" ] || continue
            echo "   check ($variant): $code $severity $at $message"
            if front_end_error "$code"; then
                fail "$name: $code at $at on a valid template ($variant): $message"
            else
                echo "$name $code" >>"$found"
            fi
        done < <(codes "$work/$stem.check.$variant.out")
    done

    # reach: the expected answer, in the existing network where there is one.
    if q=$(question "$name"); then
        read -r -a words <<<"${q%|*}"
        want=${q#*|}
        more=()
        [ -n "${extra:-}" ] && read -r -a more <<<"$extra"
        rc=$(run "$stem.reach" reach --format json "${args[@]}" "${more[@]}" "$path" "${words[@]}")
        if [ "$rc" -gt 1 ]; then
            fail "$name: reach ${words[*]} gave no answer (exit $rc)"
            sed -n 1,12p "$work/$stem.reach.err" >&2
        else
            got=$(python3 -c 'import json,sys; print("reachable" if json.load(open(sys.argv[1]))["reachable"] else "unreachable")' "$work/$stem.reach.out" 2>/dev/null || echo "no JSON answer")
            echo "   reach ${words[*]}: $got (expected $want)"
            [ "$got" = "$want" ] || fail "$name: reach ${words[*]} is $got, expected $want"
        fi
    else
        echo "   reach: no question for $name in $0 (add one)" >&2
    fi
    extra=

    # import, then check what it wrote.
    rc=$(run "$stem.import" import "${args[@]}" -o "$work/$stem.net" "$path")
    if [ "$rc" -ne 0 ] || [ ! -s "$work/$stem.net" ]; then
        fail "$name: import failed (exit $rc)"
        sed -n 1,10p "$work/$stem.import.err" >&2
    else
        lines=$(wc -l <"$work/$stem.net")
        rc=$(run "$stem.imported" check --format json "$work/$stem.net")
        errors=0
        while read -r code severity at message; do
            [ -n "$code" ] || continue
            if front_end_error "$code"; then
                fail "$name: the imported $stem.net has $code at $at: $message"
                errors=$((errors + 1))
            fi
        done < <(codes "$work/$stem.imported.out")
        echo "   import: $lines lines of .net, $errors E-errors"
    fi
done
[ "$templates" -gt 0 ] || die "no template in $corpus"

# Findings against the expectations: "TEMPLATE CODE why" lines.
listed=$work/listed.txt
grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$expected" | awk '{print $1, $2}' | sort -u >"$listed"
sort -u "$found" >"$work/found.sorted"
while read -r t c; do
    fail "$t: $c is reported but not in $(basename "$expected") (is it true? say why there, or fix it)"
done < <(comm -23 "$work/found.sorted" "$listed")
while read -r t c; do
    [ -f "$corpus/$t" ] || continue
    fail "$t: $c is listed in $(basename "$expected") but no longer reported (remove the line)"
done < <(comm -13 "$work/found.sorted" "$listed")

if [ ! -s "$failures" ]; then
    echo "corpus OK: $templates templates checked, asked and imported; every finding is expected"
else
    echo "corpus: FAILED ($(wc -l <"$failures") failures)" >&2
    exit 1
fi
