#!/usr/bin/env bash
# Runs netlint's pre-commit hooks for real: `pre-commit try-repo` builds the
# hooks from REPO_DIR (with `cargo install`, as users get it) and runs them
# in a scratch repository. `netlint`: a clean .net file must pass and a
# broken one fail showing the diagnostic code. `netlint-fmt`: a formatted
# file must pass untouched, an unformatted one fail and be left formatted.
# `netlint-cloudformation`: a clean template must pass, one with a network
# mistake fail showing its code, and YAML/JSON that is not a template (a
# compose file, a parameters file) pass untouched.
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
EXPECTED_TEMPLATE_CODE=R201

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
# Templates: one public subnet routed to the internet; the same with a NAT
# gateway put in a subnet that has no such route (R201); and YAML/JSON files
# that are not templates, which the hook is also given.
cat >"$SCRATCH/stack.yaml" <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Description: One public subnet with its route to the internet
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Igw:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}
  PublicA:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a, MapPublicIpOnLaunch: true}
  PublicRoutes:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  Default:
    Type: AWS::EC2::Route
    DependsOn: Attach
    Properties: {RouteTableId: !Ref PublicRoutes, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  PublicAAssoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref PublicA, RouteTableId: !Ref PublicRoutes}
YAML
{
    cat "$SCRATCH/stack.yaml"
    cat <<'YAML'
  PrivateA:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24, AvailabilityZone: us-east-1a}
  NatIp:
    Type: AWS::EC2::EIP
    Properties: {Domain: vpc}
  Nat:
    Type: AWS::EC2::NatGateway
    Properties: {AllocationId: !GetAtt NatIp.AllocationId, SubnetId: !Ref PrivateA}
YAML
} >"$SCRATCH/broken-stack.yaml"
printf 'services:\n  web:\n    image: nginx\n' >"$SCRATCH/docker-compose.yaml"
printf '[{"ParameterKey": "Env", "ParameterValue": "prod"}]\n' >"$SCRATCH/stack.params.json"
git -C "$SCRATCH" init -q
git -C "$SCRATCH" add clean.net broken.net ugly.net stack.yaml broken-stack.yaml docker-compose.yaml stack.params.json
git -C "$SCRATCH" -c user.name=netlint -c user.email=netlint@localhost \
    commit -q -m "networks"

status=0

# try_hook NAME HOOK FILE...: runs HOOK on the files in the scratch project;
# its output is shown and kept in $WORK/NAME.log, its exit status in $rc.
try_hook() {
    local name=$1 hook=$2
    shift 2
    set +e
    (cd "$SCRATCH" && "$PRE_COMMIT" try-repo "$REPO_DIR" "$hook" --verbose --files "$@") >"$WORK/$name.log" 2>&1
    rc=$?
    set -e
    cat "$WORK/$name.log"
}

# fail MESSAGE: an expectation not met; the run goes on and fails at the end.
fail() {
    echo "FAIL: $*" >&2
    status=1
}

echo "== pre-commit try-repo $REPO_DIR netlint --files clean.net (must pass)"
try_hook clean netlint clean.net
if [ $rc -ne 0 ]; then
    fail "the hook failed on clean.net (exit $rc)"
elif ! grep -Eq '^netlint\.+Passed' "$WORK/clean.log"; then
    # "(no files to check)Skipped" also exits 0: the hook must have run.
    fail "the hook did not run on clean.net"
fi

echo "== pre-commit try-repo $REPO_DIR netlint --files broken.net (must fail with $EXPECTED_CODE)"
try_hook broken netlint broken.net
if [ $rc -eq 0 ]; then
    fail "the hook passed on broken.net"
elif ! grep -Eq '^netlint\.+Failed' "$WORK/broken.log"; then
    fail "pre-commit failed on broken.net, but not in the netlint hook"
elif ! grep -q "$EXPECTED_CODE" "$WORK/broken.log"; then
    fail "the hook's output on broken.net does not show $EXPECTED_CODE"
fi

echo "== pre-commit try-repo $REPO_DIR netlint-fmt --files clean.net (must pass, file untouched)"
try_hook fmt-clean netlint-fmt clean.net
if [ $rc -ne 0 ]; then
    fail "netlint-fmt failed on clean.net (exit $rc)"
elif ! grep -Eq '^netlint fmt\.+Passed' "$WORK/fmt-clean.log"; then
    fail "netlint-fmt did not run on clean.net"
elif ! git -C "$SCRATCH" diff --quiet -- clean.net; then
    fail "netlint-fmt changed clean.net"
fi

echo "== pre-commit try-repo $REPO_DIR netlint-fmt --files ugly.net (must fail and format it)"
try_hook fmt-ugly netlint-fmt ugly.net
if [ $rc -eq 0 ]; then
    fail "netlint-fmt passed on ugly.net"
elif ! grep -Eq '^netlint fmt\.+Failed' "$WORK/fmt-ugly.log"; then
    fail "pre-commit failed on ugly.net, but not in the netlint-fmt hook"
elif ! grep -q 'files were modified by this hook' "$WORK/fmt-ugly.log"; then
    fail "netlint-fmt failed on ugly.net without formatting it"
elif ! cmp -s "$SCRATCH/ugly.net" "$SCRATCH/clean.net"; then
    fail "netlint-fmt left ugly.net different from clean.net:"
    diff "$SCRATCH/clean.net" "$SCRATCH/ugly.net" >&2 || true
fi

echo "== pre-commit try-repo $REPO_DIR netlint-cloudformation --files stack.yaml docker-compose.yaml stack.params.json (must pass)"
try_hook cfn-clean netlint-cloudformation stack.yaml docker-compose.yaml stack.params.json
if [ $rc -ne 0 ]; then
    fail "netlint-cloudformation failed on a clean template and two non-templates (exit $rc)"
elif ! grep -Eq '^netlint \(CloudFormation\)\.+Passed' "$WORK/cfn-clean.log"; then
    fail "netlint-cloudformation did not run on stack.yaml"
fi

echo "== pre-commit try-repo $REPO_DIR netlint-cloudformation --files broken-stack.yaml docker-compose.yaml (must fail with $EXPECTED_TEMPLATE_CODE)"
try_hook cfn-broken netlint-cloudformation broken-stack.yaml docker-compose.yaml
if [ $rc -eq 0 ]; then
    fail "netlint-cloudformation passed on broken-stack.yaml"
elif ! grep -Eq '^netlint \(CloudFormation\)\.+Failed' "$WORK/cfn-broken.log"; then
    fail "pre-commit failed on broken-stack.yaml, but not in the netlint-cloudformation hook"
elif ! grep -q "$EXPECTED_TEMPLATE_CODE" "$WORK/cfn-broken.log"; then
    fail "the hook's output on broken-stack.yaml does not show $EXPECTED_TEMPLATE_CODE"
elif grep -q 'docker-compose.yaml' "$WORK/cfn-broken.log"; then
    fail "the hook said something about docker-compose.yaml, which is not a template"
fi

if [ $status -eq 0 ]; then
    echo "pre-commit hooks OK: clean.net passed, broken.net failed with $EXPECTED_CODE;"
    echo "netlint-fmt passed clean.net and formatted ugly.net;"
    echo "netlint-cloudformation passed stack.yaml (skipping two non-templates) and failed broken-stack.yaml with $EXPECTED_TEMPLATE_CODE"
else
    echo "pre-commit hook: FAILED" >&2
fi
exit $status
