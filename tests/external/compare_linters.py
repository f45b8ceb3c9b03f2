#!/usr/bin/env python3
"""Run checkov and cfn-lint (every optional rule) on the templates netlint
builds, and hold each finding to an explanation.

Usage:
    python3 tests/external/compare_linters.py --netlint BIN --cfn-lint CFN_LINT
        --checkov CHECKOV [--expected FILE] [PATH ...]

    BIN        the netlint binary
    CFN_LINT   the cfn-lint executable (tests/external/requirements.txt)
    CHECKOV    the checkov executable (tests/external/requirements-checkov.txt;
               checkov pins a boto3 older than the one moto needs, so it lives
               in a virtualenv of its own)
    FILE       the explained findings (default:
               tests/external/linter_findings_expected.txt)
    PATH       .net files or directories of them (default: examples/)

Every file that `netlint build` accepts is built to a template (files it
refuses, exit 1, are listed and skipped: their findings are netlint's own).
cfn-lint runs with `--include-checks I --include-experimental`, checkov with
`--framework cloudformation --skip-download` (offline: no API key, no
download of guidelines). Each finding becomes a key

    TEMPLATE TOOL CHECK RESOURCE

(TEMPLATE the .net file's stem, TOOL `cfn-lint` or `checkov`, CHECK the
tool's id, RESOURCE the template's logical id, or the top-level section for
a finding outside Resources). FILE lists the keys that are expected, one a
line, each followed by the reason the finding is noise for that design; `*`
as TEMPLATE or RESOURCE matches any. Lines starting with `#` are comments.

Exit status: 0 when every finding is explained and every line of FILE
about a template that was built explains at least one finding; 1 when a finding is new (not in FILE), a line
of FILE is stale (explains nothing any more), a line has no reason, a build
fails or a tool could not run; 2 bad usage.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("cfn-lint", "checkov")


@dataclass(frozen=True)
class Finding:
    template: str
    tool: str
    check: str
    resource: str
    message: str

    def key(self) -> str:
        return f"{self.template} {self.tool} {self.check} {self.resource}"


@dataclass
class Expected:
    line: int
    template: str
    tool: str
    check: str
    resource: str
    reason: str
    used: int = 0

    def matches(self, f: Finding) -> bool:
        return (
            self.tool == f.tool
            and self.check == f.check
            and (self.template == "*" or self.template == f.template)
            and (self.resource == "*" or self.resource == f.resource)
        )


def read_expected(path: Path) -> tuple[list[Expected], list[str]]:
    entries, problems = [], []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = line.split(None, 4)
        if len(words) < 5 or not words[4].strip():
            problems.append(f"{path.name}:{n}: expected `TEMPLATE TOOL CHECK RESOURCE REASON`, got `{line}`")
            continue
        template, tool, check, resource, reason = words
        if tool not in TOOLS:
            problems.append(f"{path.name}:{n}: unknown tool `{tool}` (one of {', '.join(TOOLS)})")
            continue
        entries.append(Expected(n, template, tool, check, resource, reason.strip()))
    return entries, problems


def inputs(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in paths or ["examples"]:
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(path.glob("*.net")))
        elif path.is_file():
            out.append(path)
        else:
            print(f"error: {p} does not exist", file=sys.stderr)
            sys.exit(2)
    if not out:
        print("error: no .net files", file=sys.stderr)
        sys.exit(2)
    return out


def build(netlint: str, files: list[Path], outdir: Path) -> tuple[dict[str, Path], list[str]]:
    templates: dict[str, Path] = {}
    failures = []
    for f in files:
        out = outdir / f"{f.stem}.json"
        r = subprocess.run([netlint, "build", str(f), "-o", str(out)], capture_output=True, text=True)
        if r.returncode == 0:
            templates[f.stem] = out
        elif r.returncode == 1:
            print(f"skip {f}: netlint build refuses it (errors in the file)")
        else:
            failures.append(f"{f}: netlint build exited {r.returncode}: {r.stderr.strip()}")
    return templates, failures


def run_cfn_lint(cfn_lint: str, templates: dict[str, Path]) -> list[Finding]:
    by_path = {str(p): stem for stem, p in templates.items()}
    cmd = [cfn_lint, "--include-checks", "I", "--include-experimental", "--format", "json", "--"]
    r = subprocess.run(cmd + sorted(by_path), capture_output=True, text=True)
    # Exit status is a bitmask: 2 error, 4 warning, 8 info findings; anything
    # else (1: cfn-lint itself failed) means no trustworthy answer.
    if r.returncode & ~(2 | 4 | 8):
        raise RuntimeError(f"cfn-lint exited {r.returncode}: {r.stderr.strip()[-2000:]}")
    out = []
    for m in json.loads(r.stdout or "[]"):
        path = m["Location"]["Path"] or ["Template"]
        resource = str(path[1]) if path[0] == "Resources" and len(path) > 1 else str(path[0])
        out.append(Finding(by_path[m["Filename"]], "cfn-lint", m["Rule"]["Id"], resource, m["Message"]))
    return out


def run_checkov(checkov: str, templates: dict[str, Path], outdir: Path) -> list[Finding]:
    cmd = [
        checkov,
        "--framework", "cloudformation",
        "--output", "json",
        "--quiet",
        "--compact",
        "--skip-download",
        "--directory", str(outdir),
    ]
    r = subprocess.run(cmd, capture_output=True, text=True)
    # 0: nothing failed, 1: something failed; anything else is checkov's own
    # failure.
    if r.returncode not in (0, 1):
        raise RuntimeError(f"checkov exited {r.returncode}: {r.stderr.strip()[-2000:]}")
    data = json.loads(r.stdout)
    reports = data if isinstance(data, list) else [data]
    out = []
    parsed = 0
    for rep in reports:
        summary = rep.get("summary", {})
        if summary.get("parsing_errors"):
            raise RuntimeError(f"checkov could not parse {summary['parsing_errors']} template(s)")
        results = rep.get("results", {})
        parsed += summary.get("resource_count", 0)
        for c in results.get("failed_checks", []):
            stem = Path(c["file_path"]).stem
            resource = c["resource"].rsplit(".", 1)[-1]
            out.append(Finding(stem, "checkov", c["check_id"], resource, c["check_name"]))
    if templates and parsed == 0:
        raise RuntimeError("checkov read no resources from the templates")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--netlint", required=True)
    ap.add_argument("--cfn-lint", required=True, dest="cfn_lint")
    ap.add_argument("--checkov", required=True)
    ap.add_argument("--expected", default=str(ROOT / "tests/external/linter_findings_expected.txt"))
    ap.add_argument("paths", nargs="*")
    args = ap.parse_args()

    expected, problems = read_expected(Path(args.expected))
    files = inputs(args.paths)
    with tempfile.TemporaryDirectory(prefix="netlint-compare-") as tmp:
        outdir = Path(tmp)
        templates, failures = build(args.netlint, files, outdir)
        problems += failures
        findings: list[Finding] = []
        if templates:
            try:
                findings += run_cfn_lint(args.cfn_lint, templates)
                findings += run_checkov(args.checkov, templates, outdir)
            except (RuntimeError, OSError, json.JSONDecodeError, KeyError) as e:
                problems.append(f"a linter could not run: {e}")

    # One line per key (cfn-lint reports some checks once per property).
    unique: dict[str, Finding] = {}
    for f in findings:
        unique.setdefault(f.key(), f)
    new = []
    for key, f in sorted(unique.items()):
        hits = [e for e in expected if e.matches(f)]
        for e in hits:
            e.used += 1
        if not hits:
            new.append(f)

    by_tool = {t: sum(1 for f in unique.values() if f.tool == t) for t in TOOLS}
    print(
        f"{len(templates)} templates: "
        + ", ".join(f"{t} {n} finding(s)" for t, n in by_tool.items())
        + f", {len(unique) - len(new)} explained by {Path(args.expected).name}"
    )
    for f in new:
        problems.append(f"NEW  {f.key()}  ({f.message[:200]})")
    for e in expected:
        # A line about a template this run did not build (a PATH subset) is
        # neither used nor stale.
        if e.used == 0 and (e.template == "*" or e.template in templates):
            problems.append(
                f"STALE {Path(args.expected).name}:{e.line}: `{e.template} {e.tool} {e.check} {e.resource}` "
                "explains no finding any more: remove the line"
            )
    if problems:
        for p in problems:
            print(p)
        if new:
            print(
                "\nFix each NEW finding (in netlint's emitter, or in the example), or add "
                "`TEMPLATE TOOL CHECK RESOURCE reason` to the expected file saying why it is noise."
            )
        return 1
    print("every finding is explained")
    return 0


if __name__ == "__main__":
    sys.exit(main())
