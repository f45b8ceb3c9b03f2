//! N405 nacl-number-range.

use crate::diagnostics::{Diagnostic, Severity};
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "N405",
    name: "nacl-number-range",
    severity: Severity::Error,
    summary: "a network ACL rule number outside 1..32766",
    docs: "## What it checks
That every rule number of a network ACL lies in 1..32766.

## Why it matters
AWS accepts only those numbers: 32767 and above are reserved (the fixed `*`
rule sits after all of them), and 0 is not a rule number. A rule outside the
range fails the deployment.

## Example
```
network-acl edge {
  vpc main
  inbound 40000 allow tcp 443 from 0.0.0.0/0
}
```

## Use instead
```
network-acl edge {
  vpc main
  inbound 100 allow tcp 443 from 0.0.0.0/0
}
```
",
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    for acl in &cx.model.network_acls {
        for r in acl.inbound.iter().chain(&acl.outbound) {
            let n = r.number.node;
            if (1..=32766).contains(&n) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    "N405",
                    r.number.span,
                    format!(
                        "rule number {n} of network ACL {} is outside 1..32766",
                        acl.decl.name
                    ),
                )
                .with_label("not a valid rule number")
                .with_help(
                    "use a number from 1 to 32766; AWS reserves 32767 and up, and `*` is the implicit last rule",
                ),
            );
        }
    }
}
