#!/usr/bin/env bash
# netlint lsp end to end: a real LSP client (pytest-lsp, from PyPI) drives
# the binary over stdio. Usage: run.sh BIN [VENV]
# VENV (default: target/lsp-venv) is created if needed; a client that
# cannot be installed fails the run, it never skips.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
bin="$(realpath "$1")"
venv="${2:-$root/target/lsp-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"; then
  echo "error: could not install the LSP test client (tests/external/lsp/requirements.txt)" >&2
  exit 1
fi
cd "$here"
NETLINT_BIN="$bin" "$venv/bin/python" -m pytest -p no:cacheprovider -q "$here/test_lsp.py"
