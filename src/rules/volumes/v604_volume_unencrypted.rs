//! V604 volume-unencrypted.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::ids;
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "V604",
    name: "volume-unencrypted",
    severity: Severity::Warning,
    summary: "`encrypted off`",
    docs: "## What it checks
Volumes with `encrypted off`. Volumes are encrypted by default in this
language, so this only fires when encryption was switched off on purpose.

## Why it matters
EBS encryption protects the data at rest, its snapshots, and the data moving
between the instance and the volume, with keys managed by AWS KMS. It costs
nothing extra and does not slow the volume down, and most compliance
frameworks require it. An unencrypted volume cannot be encrypted in place
later: it has to be copied through a snapshot.

## Example
```
volume data { zone a; size 100GiB; encrypted off }
```

## Use instead
```
volume data { zone a; size 100GiB }
```
",
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    for (_, v) in ids(&cx.model.volumes) {
        let Some(e) = v.encrypted.filter(|e| !e.node) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                "V604",
                e.span,
                format!("volume {} is not encrypted", v.decl.name),
            )
            .with_label("its data and snapshots are stored unencrypted")
            .with_help(format!(
                "remove `encrypted off` from {}: encryption is the default, free and as fast",
                v.decl.name
            )),
        );
    }
}
