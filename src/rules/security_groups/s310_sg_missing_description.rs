//! S310 sg-missing-description.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::ids;
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "S310",
    name: "sg-missing-description",
    severity: Severity::Info,
    summary: "a group without `description` (reviewers and the console show it)",
    docs: r#"## What it checks
Security groups without a `description`.

## Why it matters
The description is the group's `GroupDescription`: the console, the CLI and
every review of a rule change show it next to the group, and it is the only
place to say what the group is for and who may be let in. AWS requires one
(netlint writes `netlint: <name>` when none is given), and changing it later
replaces the group: CloudFormation creates a new one with a new ID, and
anything outside the stack that named the old ID loses it. Write a real one
from the start.

## Example
```
security-group app-sg {
  vpc main
  ingress tcp 8080 from alb-sg
}
```

## Use instead
```
security-group app-sg {
  vpc main
  description "app servers: traffic via the ALB only"
  ingress tcp 8080 from alb-sg
}
```
"#,
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    for (_, sg) in ids(&cx.model.security_groups) {
        if sg.description.is_some() {
            continue;
        }
        out.push(
            Diagnostic::new(
                "S310",
                sg.decl.name_span,
                format!("security group {} has no description", sg.decl.name),
            )
            .with_label("no `description`")
            .with_help(format!(
                "add a line such as `description \"what {} is for and who may connect\"`: changing \
                 it later replaces the group",
                sg.decl.name
            )),
        );
    }
}
