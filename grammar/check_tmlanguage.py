#!/usr/bin/env python3
"""Check grammar/netlint.tmLanguage.json without an editor.

- the file is JSON with the top-level keys a TextMate grammar needs;
- every regex (match, begin, end, while) compiles. Editors use Oniguruma;
  the grammar sticks to the subset that Oniguruma and Python's `re` read
  alike (no possessive quantifiers, no \\h, fixed-width lookbehind), so
  compiling with `re` is a faithful check;
- every `include` of the form `#name` names a repository entry, and every
  repository entry is used;
- the grammar highlights every example under examples/ without leaving an
  unknown kind (invalid.illegal.unknown-kind) on a known block, as a smoke
  test of the header pattern.

Usage: python3 grammar/check_tmlanguage.py [path/to/netlint.tmLanguage.json]
Exit status 0 when everything holds, 1 otherwise.
"""

import json
import pathlib
import re
import sys

REGEX_KEYS = ("match", "begin", "end", "while")
REQUIRED = ("name", "scopeName", "fileTypes", "patterns", "repository")


def walk(node, path, out):
    """Yield (path, key, value) for every regex and include in the tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in REGEX_KEYS and isinstance(value, str):
                out.append((path, key, value))
            elif key == "include" and isinstance(value, str):
                out.append((path, key, value))
            else:
                walk(value, f"{path}/{key}", out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            walk(value, f"{path}[{i}]", out)


def main(argv):
    root = pathlib.Path(__file__).resolve().parent
    path = pathlib.Path(argv[1]) if len(argv) > 1 else root / "netlint.tmLanguage.json"
    problems = []
    try:
        grammar = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"{path}: {e}")
        return 1
    for key in REQUIRED:
        if key not in grammar:
            problems.append(f"missing top-level key `{key}`")
    if grammar.get("scopeName") != "source.netlint":
        problems.append("scopeName must be source.netlint")
    if "net" not in grammar.get("fileTypes", []):
        problems.append("fileTypes must contain `net`")

    found = []
    walk(grammar, "", found)
    repository = grammar.get("repository", {})
    used = set()
    for where, key, value in found:
        if key == "include":
            if value.startswith("#"):
                used.add(value[1:])
                if value[1:] not in repository:
                    problems.append(f"{where}: include {value} names no repository entry")
            elif value not in ("$self", "$base"):
                problems.append(f"{where}: include {value} points outside this grammar")
            continue
        try:
            re.compile(value)
        except re.error as e:
            problems.append(f"{where}/{key}: {e}: {value}")
    for name in repository:
        if name not in used:
            problems.append(f"repository entry `{name}` is never included")

    # Smoke test: each known block header is taken by the `block` rule.
    block = re.compile(repository["block"]["begin"], re.M)
    unknown = re.compile(repository["unknown-block"]["begin"], re.M)
    examples = root.parent / "examples"
    for net in sorted(examples.glob("*.net")):
        text = net.read_text(encoding="utf-8")
        for m in unknown.finditer(text):
            if not block.match(text, m.start()):
                problems.append(f"{net.name}: header `{m.group(0).strip()}` is not a known kind")

    for p in problems:
        print(p)
    if not problems:
        print(f"{path.name}: {len(found)} regexes and includes OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
