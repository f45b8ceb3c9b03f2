//! N403 nacl-too-many-rules.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::*;
use crate::rules::{Context, Rule, Sink};

/// The default quota of rules per direction of one network ACL.
pub const QUOTA: usize = 20;

pub const RULE: Rule = Rule {
    code: "N403",
    name: "nacl-too-many-rules",
    severity: Severity::Error,
    summary: "a network ACL has more than 20 rules in one direction (the default quota)",
    docs: "## What it checks
Counts the inbound and the outbound rules of each network ACL. AWS allows 20
rules per direction by default (the `*` rule not counted).

## Why it matters
Creating the 21st entry fails at deployment (`NetworkAclEntryLimitExceeded`),
leaving the stack half built. The quota can be raised to 40, at a cost in
network performance; a long ACL is usually a sign that per-host filtering
belongs in security groups.

## Example
```
network-acl long {
  vpc main
  inbound 100 allow tcp 1 from 0.0.0.0/0
  # … 20 more inbound rules …
}
```

## Use instead
```
network-acl long {
  vpc main
  inbound 100 allow tcp 1-21 from 0.0.0.0/0
}
```
",
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    for acl in &cx.model.network_acls {
        for (dir, word) in [(Direction::In, "inbound"), (Direction::Out, "outbound")] {
            let rules = acl.rules(dir);
            if rules.len() <= QUOTA {
                continue;
            }
            let first_extra = &rules[QUOTA];
            out.push(
                Diagnostic::new(
                    "N403",
                    first_extra.span,
                    format!(
                        "network ACL {} has {} {word} rules; the default quota is {QUOTA} per direction",
                        acl.decl.name,
                        rules.len()
                    ),
                )
                .with_label(format!("{word} rule {} of at most {QUOTA}", QUOTA + 1))
                .with_secondary(acl.decl.name_span, "declared here")
                .with_help(
                    "merge adjacent CIDRs and port ranges into fewer rules, or move per-host filtering into security groups (the quota can be raised to 40 on request)",
                ),
            );
        }
    }
}
