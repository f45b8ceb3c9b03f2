//! N406 subnet-multiple-acls.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::*;
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "N406",
    name: "subnet-multiple-acls",
    severity: Severity::Error,
    summary: "a subnet is associated with two network ACLs",
    docs: "## What it checks
That no subnet appears in the `subnets` of more than one network ACL.

## Why it matters
A subnet has exactly one network ACL. Associating it again replaces the
first association, so which ACL guards the subnet would depend on the order
CloudFormation happens to create them in. netlint evaluates the first one.

## Example
```
network-acl web-acl { vpc main; subnets public-a }
network-acl app-acl { vpc main; subnets public-a, private-a }
```

## Use instead
```
network-acl web-acl { vpc main; subnets public-a }
network-acl app-acl { vpc main; subnets private-a }
```
",
    check: Some(check),
};

fn item_span(acl: &NetworkAcl, s: SubnetId) -> Option<crate::span::Span> {
    acl.subnets.iter().find(|i| i.node == s).map(|i| i.span)
}

fn check(cx: &Context<'_>, out: &mut Sink) {
    let m = cx.model;
    for (sid, acls) in cx.topo.subnet_acls.values().enumerate() {
        let sid: SubnetId = Id::new(sid);
        let Some(first) = acls.first() else {
            continue;
        };
        let mut seen = vec![*first];
        for other in &acls[1..] {
            if seen.contains(other) {
                continue; // listed twice in one ACL: one association
            }
            seen.push(*other);
            let (Some(span), Some(first_span)) =
                (item_span(&m[*other], sid), item_span(&m[*first], sid))
            else {
                continue;
            };
            let name = &m[sid].decl.name;
            out.push(
                Diagnostic::new(
                    "N406",
                    span,
                    format!(
                        "subnet {name} is associated with network ACLs {} and {}; a subnet has exactly one",
                        m[*first].decl.name, m[*other].decl.name
                    ),
                )
                .with_label("second association")
                .with_secondary(first_span, format!("first associated with {}", m[*first].decl.name))
                .with_help(format!(
                    "remove {name} from the subnets of {} (netlint evaluates {} for it)",
                    m[*other].decl.name, m[*first].decl.name
                )),
            );
        }
    }
}
