#!/usr/bin/env bash
# The VS Code extension (grammar/vscode/): installs its pinned packages from
# package-lock.json (`npm ci`), type-checks the client (TypeScript) and
# bundles it (esbuild), runs its tests under node's test runner (the
# executable lookup; the client against a stand-in `vscode` module: one
# message and no restart when netlint is missing or exits at once, a clean
# start and stop with a working server, and the real `netlint lsp` of
# NETLINT_BINARY), packages a .vsix with the official @vscode/vsce, and
# checks that the .vsix holds the grammar (identical to
# grammar/netlint.tmLanguage.json, the one source), the language
# configuration and the client bundled with the language client library,
# all named by its manifest. A missing node or npm fails, never skips.
#
# usage: vscode_extension.sh NETLINT_BINARY
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 NETLINT_BINARY" >&2; exit 2; }
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ext="$root/grammar/vscode"

command -v node >/dev/null || { echo "error: node is not installed (the VS Code extension needs it)" >&2; exit 1; }
command -v npm >/dev/null || { echo "error: npm is not installed (the VS Code extension needs it)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "error: python3 is not installed" >&2; exit 1; }

cd "$ext"
rm -f netlint.vsix
timeout 600 npm ci --no-audit --no-fund --loglevel=error
"$bin" lsp --help >/dev/null || { echo "error: $bin has no \`lsp\` command for the extension to start" >&2; exit 1; }
NETLINT_BIN="$bin" timeout 300 npm test
timeout 300 npm run package
test -s netlint.vsix || { echo "error: vsce wrote no netlint.vsix" >&2; exit 1; }

timeout 60 python3 - "$ext/netlint.vsix" "$root/grammar/netlint.tmLanguage.json" <<'PY'
import json
import sys
import zipfile

vsix, grammar = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(vsix)
names = set(z.namelist())
problems = []

def need(name):
    if name not in names:
        problems.append(f"{name} is not in the .vsix")
        return False
    return True

manifest = json.loads(z.read("extension/package.json")) if need("extension/package.json") else {}
contributes = manifest.get("contributes", {})
languages = [l for l in contributes.get("languages", []) if l.get("id") == "netlint"]
if not languages or ".net" not in languages[0].get("extensions", []):
    problems.append("the manifest does not give .net files the language netlint")
files = {
    "language configuration": languages[0].get("configuration") if languages else None,
    "grammar": next((g.get("path") for g in contributes.get("grammars", [])
                     if g.get("language") == "netlint"), None),
    "client": manifest.get("main"),
}
for what, path in files.items():
    if not path:
        problems.append(f"the manifest names no {what}")
        continue
    path = "extension/" + path.removeprefix("./")
    if not path.endswith(".js") and what == "client":
        path += ".js"
    if need(path) and what == "grammar":
        with open(grammar, "rb") as f:
            if z.read(path) != f.read():
                problems.append(f"{path} differs from grammar/netlint.tmLanguage.json")
    if what == "language configuration" and path in names:
        conf = json.loads(z.read(path))
        if conf.get("comments", {}).get("lineComment") != "#":
            problems.append("the language configuration does not make # a comment")
# The client is one file, bundled by esbuild with the language client.
client = "extension/" + (manifest.get("main") or "").removeprefix("./")
if client in names and b"StreamMessageReader" not in z.read(client):
    problems.append(f"{client} does not hold the language client (not bundled?)")
if "netlint.path" not in contributes.get("configuration", {}).get("properties", {}):
    problems.append("the manifest has no netlint.path setting")
for p in problems:
    print(f"error: {p}", file=sys.stderr)
if problems:
    sys.exit(1)
print(f"ok {vsix}: {len(names)} files; grammar, language configuration and client present")
PY
