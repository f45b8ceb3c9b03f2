#!/usr/bin/env bash
# Runs netlint's pre-commit hook for real: `pre-commit try-repo` builds the
# hook from REPO_DIR (with `cargo install`, as users get it) and runs it in
# a scratch repository on a clean .net file (must pass) and a broken one
# (must fail and show the diagnostic code).
#
# Usage: tests/external/pre_commit.sh REPO_DIR VENV
#   REPO_DIR  a git checkout of netlint; try-repo clones its HEAD plus its
#             staged and modified tracked files, so .pre-commit-hooks.yaml
#             and the sources must be tracked (committed or `git add`ed)
#   VENV      a Python virtualenv; created, and pre-commit installed in it
#             with pip, if missing
#
# The release build goes to $CARGO_TARGET_DIR, by default
# REPO_DIR/target/pre-commit, so later runs reuse the compiled dependencies.
# Everything else (the scratch repository, PRE_COMMIT_HOME) lives in a
# temporary directory removed on exit.
set -euo pipefail

PRE_COMMIT_VERSION=4.7.0
EXPECTED_CODE=E005

die() {
    echo "pre_commit.sh: $*" >&2
    exit 1
}

[ $# -eq 2 ] || die "usage: $0 REPO_DIR VENV"
REPO_DIR=$(cd "$1" && pwd) || die "no such directory: $1"
VENV=$2

git -C "$REPO_DIR" rev-parse --git-dir >/dev/null 2>&1 || die "$REPO_DIR is not a git repository"
git -C "$REPO_DIR" ls-files --error-unmatch .pre-commit-hooks.yaml >/dev/null 2>&1 \
    || die "$REPO_DIR/.pre-commit-hooks.yaml is not tracked by git: try-repo would not see it"
command -v cargo >/dev/null || die "cargo is not on PATH: pre-commit's rust hooks need it"

# pre-commit, pinned.
PRE_COMMIT="$VENV/bin/pre-commit"
if [ ! -x "$PRE_COMMIT" ] || [ "$("$PRE_COMMIT" --version 2>/dev/null)" != "pre-commit $PRE_COMMIT_VERSION" ]; then
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV" || die "cannot create a virtualenv at $VENV"
    fi
    "$VENV/bin/python" -m pip install --quiet "pre-commit==$PRE_COMMIT_VERSION" \
        || die "cannot install pre-commit==$PRE_COMMIT_VERSION into $VENV"
fi
[ "$("$PRE_COMMIT" --version)" = "pre-commit $PRE_COMMIT_VERSION" ] \
    || die "$PRE_COMMIT is not pre-commit $PRE_COMMIT_VERSION"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export PRE_COMMIT_HOME="$WORK/pre-commit-home"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_DIR/target/pre-commit}"
# No colour codes in the captured output we grep.
export PRE_COMMIT_COLOR=never NO_COLOR=1

# The scratch project.
SCRATCH="$WORK/project"
mkdir -p "$SCRATCH"
cat >"$SCRATCH/clean.net" <<'NET'
# One public subnet with its route to the internet.
vpc main { cidr 10.0.0.0/16 }
internet-gateway igw { vpc main }
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a; public-ip on }
route-table public-rt {
  vpc main
  subnets public-a
  route 0.0.0.0/0 -> igw
}
NET
# The same network with the VPC's name misspelt in the subnet.
sed 's/subnet public-a { vpc main;/subnet public-a { vpc mian;/' "$SCRATCH/clean.net" >"$SCRATCH/broken.net"
grep -q 'vpc mian' "$SCRATCH/broken.net" || die "could not make broken.net"
git -C "$SCRATCH" init -q
git -C "$SCRATCH" add clean.net broken.net
git -C "$SCRATCH" -c user.name=netlint -c user.email=netlint@localhost \
    commit -q -m "networks"

status=0

echo "== pre-commit try-repo $REPO_DIR netlint --files clean.net (must pass)"
set +e
(cd "$SCRATCH" && "$PRE_COMMIT" try-repo "$REPO_DIR" netlint --verbose --files clean.net) >"$WORK/clean.log" 2>&1
clean_rc=$?
set -e
cat "$WORK/clean.log"
if [ $clean_rc -ne 0 ]; then
    echo "FAIL: the hook failed on clean.net (exit $clean_rc)" >&2
    status=1
elif ! grep -Eq '^netlint\.+Passed' "$WORK/clean.log"; then
    # "(no files to check)Skipped" also exits 0: the hook must have run.
    echo "FAIL: the hook did not run on clean.net" >&2
    status=1
fi

echo "== pre-commit try-repo $REPO_DIR netlint --files broken.net (must fail with $EXPECTED_CODE)"
set +e
(cd "$SCRATCH" && "$PRE_COMMIT" try-repo "$REPO_DIR" netlint --verbose --files broken.net) >"$WORK/broken.log" 2>&1
broken_rc=$?
set -e
cat "$WORK/broken.log"
if [ $broken_rc -eq 0 ]; then
    echo "FAIL: the hook passed on broken.net" >&2
    status=1
elif ! grep -Eq '^netlint\.+Failed' "$WORK/broken.log"; then
    echo "FAIL: pre-commit failed on broken.net, but not in the netlint hook" >&2
    status=1
elif ! grep -q "$EXPECTED_CODE" "$WORK/broken.log"; then
    echo "FAIL: the hook's output on broken.net does not show $EXPECTED_CODE" >&2
    status=1
fi

if [ $status -eq 0 ]; then
    echo "pre-commit hook OK: clean.net passed, broken.net failed with $EXPECTED_CODE"
else
    echo "pre-commit hook: FAILED" >&2
fi
exit $status
