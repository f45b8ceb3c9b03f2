#!/usr/bin/env bash
# Lint netlint's CloudFormation output with the real cfn-lint.
#
# Usage: tests/external/cfn_lint.sh NETLINT_BIN VENV [PATH ...]
#
#   NETLINT_BIN  the netlint binary
#   VENV         a virtualenv with tests/external/requirements.txt installed
#                (cfn-lint 1.58.0)
#   PATH         .net files or directories of them (default: examples/)
#
# Builds the template of every file that `netlint build` accepts into a
# temporary directory (files it refuses, exit 1, are listed and skipped) and
# runs cfn-lint on them. Any error or warning fails. The one exception:
# W3010 (hard-coded availability zone) is not applied to templates of files
# that write full zone names, which netlint emits as written (README.md,
# "Values are typed"); zone letters become {"Fn::Sub": "${AWS::Region}a"} and
# are always checked. Exit 0 clean, 1 findings or a failed build, 2 bad usage
# or cfn-lint missing.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
netlint=$1
venv=$2
shift 2
cfn_lint="$venv/bin/cfn-lint"
if [[ ! -x "$cfn_lint" ]]; then
    echo "error: $cfn_lint not found: install tests/external/requirements.txt into $venv" >&2
    exit 2
fi
if [[ ! -x "$netlint" ]]; then
    echo "error: $netlint is not an executable" >&2
    exit 2
fi
echo "cfn-lint $("$cfn_lint" --version 2>&1 | awk '{print $NF}')"

inputs=()
for p in "${@:-examples}"; do
    if [[ -d "$p" ]]; then
        while IFS= read -r f; do inputs+=("$f"); done < <(find "$p" -maxdepth 1 -name '*.net' | sort)
    elif [[ -f "$p" ]]; then
        inputs+=("$p")
    else
        echo "error: $p does not exist" >&2
        exit 2
    fi
done
if [[ ${#inputs[@]} -eq 0 ]]; then
    echo "error: no .net files" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/netlint-cfn-lint.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

status=0
portable=()
literal_zones=()
n=0
for f in "${inputs[@]}"; do
    n=$((n + 1))
    out="$tmp/$n-$(basename "$f" .net).json"
    set +e
    "$netlint" build "$f" -o "$out" 2>"$tmp/err"
    rc=$?
    set -e
    case $rc in
        0) ;;
        1) echo "skip $f: netlint build refuses it (errors in the file)"; continue ;;
        *) echo "FAIL $f: netlint build exited $rc: $(cat "$tmp/err")"; status=1; continue ;;
    esac
    if grep -q '"AvailabilityZone": "' "$out"; then
        literal_zones+=("$out")
    else
        portable+=("$out")
    fi
done

lint() {
    local label=$1
    shift
    local rc=0
    "$cfn_lint" "$@" || rc=$?
    if [[ $rc -ne 0 ]]; then
        echo "FAIL cfn-lint ($label): exit $rc (bitmask: 2 error, 4 warning, 8 info)"
        status=1
    fi
}

if [[ ${#portable[@]} -gt 0 ]]; then
    lint "all checks" -- "${portable[@]}"
fi
if [[ ${#literal_zones[@]} -gt 0 ]]; then
    for t in "${literal_zones[@]}"; do
        echo "note: $(basename "$t"): full zone names written in the file, W3010 not applied"
    done
    lint "W3010 off" --ignore-checks W3010 -- "${literal_zones[@]}"
fi
checked=$(( ${#portable[@]} + ${#literal_zones[@]} ))
if [[ $status -eq 0 ]]; then
    echo "cfn-lint: $checked templates, no errors, no warnings"
fi
exit $status
