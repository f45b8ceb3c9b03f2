//! S307 unused-security-group.
//!
//! Reads the two Topology indexes (`sg_users`, `sg_referenced_by`); a rule
//! naming its own group (`self`) does not count as a use.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::ids;
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "S307",
    name: "unused-security-group",
    severity: Severity::Info,
    summary: "a group is attached to nothing and referenced by nothing",
    docs: r#"## What it checks
Security groups that no instance, launch template or load balancer lists in
`security-groups`, and that no rule of another group names as its source or
destination.

## Why it matters
A security group filters the traffic of the network interfaces that wear
it; a group worn by nothing filters nothing. Usually it is a leftover, or
the group was meant for a host and the `security-groups` line was
forgotten, so that host runs with other rules than the reviewer believes.

## Example
```
security-group cache-sg {
  vpc main
  description "cache nodes"
  ingress tcp 6379 from app-sg
}
instance cache {
  subnet private-a
  ami ami-0c55b159cbfafe1f0
  type t3.micro
}
```

## Use instead
```
instance cache {
  subnet private-a
  ami ami-0c55b159cbfafe1f0
  type t3.micro
  security-groups cache-sg
}
```
"#,
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    let m = cx.model;
    for (id, sg) in ids(&m.security_groups) {
        if !cx.topo.sg_users[id].is_empty() || !cx.topo.sg_referenced_by[id].is_empty() {
            continue;
        }
        out.push(
            Diagnostic::new(
                "S307",
                sg.decl.name_span,
                format!(
                    "security group {} is attached to nothing and named by no rule",
                    sg.decl.name
                ),
            )
            .with_label("filters no traffic")
            .with_help(format!(
                "add `security-groups {}` to the instance, launch template or load balancer it \
                 was meant for, or delete it",
                sg.decl.name
            )),
        );
    }
}
