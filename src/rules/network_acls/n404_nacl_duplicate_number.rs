//! N404 nacl-duplicate-number.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::*;
use crate::rules::{Context, Rule, Sink};
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    code: "N404",
    name: "nacl-duplicate-number",
    severity: Severity::Error,
    summary: "two rules in one direction of a network ACL share a number",
    docs: "## What it checks
That the rule numbers of each direction of a network ACL are unique.

## Why it matters
The number is the rule's identity and its position: AWS refuses a second entry
with the same number (`NetworkAclEntryAlreadyExists`), so the deployment fails.
Even where a tool accepted it, which of the two rules wins would be undefined.

## Example
```
network-acl edge {
  vpc main
  inbound 100 allow tcp 443 from 0.0.0.0/0
  inbound 100 allow tcp 80 from 0.0.0.0/0
}
```

## Use instead
```
network-acl edge {
  vpc main
  inbound 100 allow tcp 443 from 0.0.0.0/0
  inbound 110 allow tcp 80 from 0.0.0.0/0
}
```
",
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    for acl in &cx.model.network_acls {
        for (dir, word) in [(Direction::In, "inbound"), (Direction::Out, "outbound")] {
            let rules = acl.rules(dir);
            let mut first: HashMap<u32, &AclRule> = HashMap::new();
            for r in rules {
                let n = r.number.node;
                match first.get(&n) {
                    Some(prev) => {
                        let mut free = n + 1;
                        while rules.iter().any(|x| x.number.node == free) {
                            free += 1;
                        }
                        out.push(
                            Diagnostic::new(
                                "N404",
                                r.number.span,
                                format!(
                                    "{word} rule number {n} is used twice in network ACL {}",
                                    acl.decl.name
                                ),
                            )
                            .with_label("duplicate rule number")
                            .with_secondary(prev.number.span, "first used here")
                            .with_help(format!("renumber one of them, e.g. {free}")),
                        );
                    }
                    None => {
                        first.insert(n, r);
                    }
                }
            }
        }
    }
}
