//! Area U of the catalog: suppression comments. U001 is produced by the
//! suppression pass (`crate::suppress`), which runs after every rule, so it
//! has no check function of its own.

use super::Rule;
use crate::diagnostics::Severity;

pub const U001: Rule = Rule {
    code: "U001",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "a `# netlint: allow` comment that silenced nothing, or names an unknown code",
    docs: "## What it checks
Every code named in a `# netlint: allow CODE… -- reason` comment: the code
must exist, must not be an E-code (errors in the file itself cannot be
silenced), and must silence at least one diagnostic in the comment's scope
(its line, or the block that follows a comment on its own line).

## Why it matters
A suppression outlives the problem it was written for. Once the rule no
longer fires there, the comment only hides the next real finding on that
line, and a misspelt code silences nothing while looking as if it did.
Codes that did not run (deselected with `--select`/`--ignore`, or skipped
because the file has errors) are not reported.

## Example
```
security-group web-sg {
  vpc main
  description \"web\"
  ingress tcp 443 from 0.0.0.0/0  # netlint: allow S302 -- public HTTPS
}
```

## Use instead
```
security-group web-sg {
  vpc main
  description \"web\"
  ingress tcp 443 from 0.0.0.0/0
}
```
",
    check: None,
};

/// The rules of area U, in code order.
pub const RULES: &[&Rule] = &[&U001];
