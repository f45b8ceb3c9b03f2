#!/usr/bin/env bash
# Runs netlint's pre-commit hooks for real: `pre-commit try-repo` builds the
# hooks from REPO_DIR (with `cargo install`, as users get it) and runs them
# in a scratch repository. `netlint`: a clean .net file must pass and a
# broken one fail showing the diagnostic code. `netlint-fmt`: a formatted
# file must pass untouched, an unformatted one fail and be left formatted.
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
# The clean network laid out badly.
sed -e 's/^vpc main { cidr 10.0.0.0\/16 }$/vpc   main {cidr 10.0.0.0\/16}/' \
    -e 's/^  subnets public-a$/      subnets public-a ;/' "$SCRATCH/clean.net" >"$SCRATCH/ugly.net"
grep -q 'vpc   main {cidr' "$SCRATCH/ugly.net" || die "could not make ugly.net"
git -C "$SCRATCH" init -q
git -C "$SCRATCH" add clean.net broken.net ugly.net
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

echo "== pre-commit try-repo $REPO_DIR netlint-fmt --files clean.net (must pass, file untouched)"
set +e
(cd "$SCRATCH" && "$PRE_COMMIT" try-repo "$REPO_DIR" netlint-fmt --verbose --files clean.net) >"$WORK/fmt-clean.log" 2>&1
fmt_clean_rc=$?
set -e
cat "$WORK/fmt-clean.log"
if [ $fmt_clean_rc -ne 0 ]; then
    echo "FAIL: netlint-fmt failed on clean.net (exit $fmt_clean_rc)" >&2
    status=1
elif ! grep -Eq '^netlint fmt\.+Passed' "$WORK/fmt-clean.log"; then
    echo "FAIL: netlint-fmt did not run on clean.net" >&2
    status=1
elif ! git -C "$SCRATCH" diff --quiet -- clean.net; then
    echo "FAIL: netlint-fmt changed clean.net" >&2
    status=1
fi

echo "== pre-commit try-repo $REPO_DIR netlint-fmt --files ugly.net (must fail and format it)"
set +e
(cd "$SCRATCH" && "$PRE_COMMIT" try-repo "$REPO_DIR" netlint-fmt --verbose --files ugly.net) >"$WORK/fmt-ugly.log" 2>&1
fmt_ugly_rc=$?
set -e
cat "$WORK/fmt-ugly.log"
if [ $fmt_ugly_rc -eq 0 ]; then
    echo "FAIL: netlint-fmt passed on ugly.net" >&2
    status=1
elif ! grep -Eq '^netlint fmt\.+Failed' "$WORK/fmt-ugly.log"; then
    echo "FAIL: pre-commit failed on ugly.net, but not in the netlint-fmt hook" >&2
    status=1
elif ! grep -q 'files were modified by this hook' "$WORK/fmt-ugly.log"; then
    echo "FAIL: netlint-fmt failed on ugly.net without formatting it" >&2
    status=1
elif ! cmp -s "$SCRATCH/ugly.net" "$SCRATCH/clean.net"; then
    echo "FAIL: netlint-fmt left ugly.net different from clean.net:" >&2
    diff "$SCRATCH/clean.net" "$SCRATCH/ugly.net" >&2 || true
    status=1
fi

if [ $status -eq 0 ]; then
    echo "pre-commit hooks OK: clean.net passed, broken.net failed with $EXPECTED_CODE;"
    echo "netlint-fmt passed clean.net and formatted ugly.net"
else
    echo "pre-commit hook: FAILED" >&2
fi
exit $status
