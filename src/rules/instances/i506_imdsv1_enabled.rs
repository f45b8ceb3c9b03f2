//! I506 imdsv1-enabled.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Imds, ids};
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "I506",
    name: "imdsv1-enabled",
    severity: Severity::Warning,
    summary: "`imds v1` on an instance or launch template (IMDSv1 enables SSRF credential theft)",
    docs: r#"## What it checks
Instances and launch templates that say `imds v1`, allowing the instance
metadata service without session tokens.

## Why it matters
Every instance can ask the metadata service at 169.254.169.254 for, among
other things, the temporary credentials of its IAM role. Version 1 answers
any plain HTTP GET. A server-side request forgery bug (an application that
fetches a URL its user chose, a misconfigured proxy) is then enough for an
attacker to read those credentials from outside. Version 2 requires a
session token obtained with a PUT request carrying a special header, which
such bugs cannot send, and by default the token's reply travels one network
hop only. The default here is v2; every current AWS SDK and tool supports
it.

## Example
```
instance web {
  subnet public-a
  ami ami-0c55b159cbfafe1f0
  type t3.micro
  imds v1
}
```

## Use instead
```
instance web {
  subnet public-a
  ami ami-0c55b159cbfafe1f0
  type t3.micro
}
```
"#,
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    let m = cx.model;
    let instances = ids(&m.instances).map(|(_, i)| ("instance", &i.decl, i.imds));
    let templates = ids(&m.launch_templates).map(|(_, t)| ("launch template", &t.decl, t.imds));
    for (kind, decl, imds) in instances.chain(templates) {
        let Some(imds) = imds else {
            continue;
        };
        if imds.node != Imds::V1 {
            continue;
        }
        out.push(
            Diagnostic::new(
                "I506",
                imds.span,
                format!(
                    "{kind} {} allows the token-less metadata service (IMDSv1)",
                    decl.name
                ),
            )
            .with_label("role credentials readable by a plain GET")
            .with_help(format!(
                "write `imds v2` (or delete the line: v2 is the default) so {} requires \
                 session tokens",
                decl.name
            )),
        );
    }
}
