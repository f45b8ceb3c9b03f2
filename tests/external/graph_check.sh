#!/usr/bin/env bash
# `netlint graph` against the real tools: every example (with and without
# security groups), the fixture of kinds the examples lack, a few reach
# answers, and every test fixture that draws (the odd layouts of bad
# designs: a NAT gateway in the subnet it serves…) rendered by Graphviz (`dot
# -Tsvg`, any error or warning fails), and the same diagrams in Mermaid
# read by Mermaid's own parser (the `mermaid` package under node, pinned in
# mermaid/package.json, installed under target/). Installs Graphviz if it
# is missing; a missing tool fails, never skips.
#
# usage: graph_check.sh NETLINT_BINARY
set -euo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

if ! command -v dot >/dev/null; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  timeout 300 "${sudo[@]}" apt-get update -qq
  timeout 600 "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null
fi
command -v dot >/dev/null || { echo "error: Graphviz (dot) is not installed" >&2; exit 1; }
command -v node >/dev/null || { echo "error: node is not installed" >&2; exit 1; }
command -v npm >/dev/null || { echo "error: npm is not installed" >&2; exit 1; }

work="$root/target/graph-check"
rm -rf "$work/out"
mkdir -p "$work/out" "$work/mermaid"
cp "$here/mermaid/package.json" "$here/mermaid/parse.mjs" "$work/mermaid/"
(cd "$work/mermaid" && timeout 600 npm install --no-audit --no-fund --no-package-lock --loglevel=error)

# Every diagram to check: name and the arguments after `netlint graph`.
cases=()
for f in "$root"/examples/*.net; do
  name=$(basename "$f" .net)
  cases+=("$name|$f")
  cases+=("$name-sg|$f --security-groups")
done
lecture="$root/examples/lecture.net"
cases+=("reach-web|$lecture --reach internet web tcp 443")
cases+=("reach-bastion|$lecture --reach internet bastion tcp 22")
cases+=("reach-app|$lecture --reach internet app-asg tcp 22 udp 53")
# The kinds the lecture lacks: endpoints and services, prefix-list routes,
# IPv6, file systems; reach through an endpoint, an egress-only gateway,
# to a file system.
grown="$root/tests/fixtures/graph/grown.net"
cases+=("grown|$grown")
cases+=("grown-sg|$grown --security-groups")
cases+=("reach-gateway-endpoint|$root/examples/private-endpoints.net --reach app-asg service:s3 tcp 443")
cases+=("reach-interface-endpoint|$root/examples/private-endpoints.net --reach bastion service:ssm tcp 443")
cases+=("reach-egress-only|$root/examples/ipv6-dualstack.net --reach 2001:db8::/32 site-asg tcp 80")
cases+=("reach-file-system|$root/examples/three-tier.net --reach bastion shared tcp 2049")
cases+=("reach-transit-gateway|$root/examples/hub-and-spoke.net --reach directory corp tcp 443")
# Every fixture netlint draws; one with errors is refused (exit 1) and
# left out, any other failure fails.
while IFS= read -r f; do
  rc=0
  timeout 60 "$bin" graph --format dot "$f" > /dev/null 2>&1 || rc=$?
  case $rc in
    0) cases+=("fixture-$(realpath --relative-to="$root/tests/fixtures" "$f" | tr '/.' '__')|$f") ;;
    1) ;;
    *) echo "error: netlint graph $f exited $rc" >&2; exit 1 ;;
  esac
done < <(find "$root/tests/fixtures" -name '*.net' | LC_ALL=C sort)

mermaid_files=()
for c in "${cases[@]}"; do
  name=${c%%|*}
  read -r -a args <<< "${c#*|}"
  timeout 60 "$bin" graph --format dot "${args[@]}" > "$work/out/$name.dot"
  # dot exits 0 on some problems and only warns: a warning fails too.
  timeout 120 dot -Tsvg "$work/out/$name.dot" -o "$work/out/$name.svg" 2> "$work/out/$name.dot.err"
  if [ -s "$work/out/$name.dot.err" ]; then
    echo "error: dot warned about $name:" >&2
    cat "$work/out/$name.dot.err" >&2
    exit 1
  fi
  grep -q '<svg' "$work/out/$name.svg" || { echo "error: no SVG for $name" >&2; exit 1; }
  echo "ok $name.dot: rendered"
  timeout 60 "$bin" graph --format mermaid "${args[@]}" > "$work/out/$name.mmd"
  mermaid_files+=("$work/out/$name.mmd")
done

# The README's block is the lecture's output (tests/graph.rs), so it is
# covered by lecture.mmd.
timeout 300 node "$work/mermaid/parse.mjs" "${mermaid_files[@]}"
echo "graph check: ${#cases[@]} diagrams rendered by Graphviz and parsed by Mermaid"
