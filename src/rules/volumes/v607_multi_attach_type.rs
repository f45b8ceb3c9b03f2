//! V607 multi-attach-type.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::ids;
use crate::rules::{Context, Rule, Sink};

pub const RULE: Rule = Rule {
    code: "V607",
    name: "multi-attach-type",
    severity: Severity::Error,
    summary: "`multi-attach on` with a type other than io1/io2",
    docs: "## What it checks
Volumes with `multi-attach on` whose type (gp3 when none is written) is not
io1 or io2.

## Why it matters
Multi-Attach, attaching one volume to several instances at once, exists only
for Provisioned IOPS SSD volumes (io1 and io2). AWS rejects the setting on
any other type, so the stack fails to create the volume.

## Example
```
volume shared { zone a; size 100GiB; multi-attach on }
```

## Use instead
```
volume shared { zone a; size 100GiB; type io2; iops 3000; multi-attach on }
```
",
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    for (_, v) in ids(&cx.model.volumes) {
        let Some(ma) = v.multi_attach.filter(|m| m.node) else {
            continue;
        };
        let t = v.volume_type();
        if t.supports_multi_attach() {
            continue;
        }
        let name = &v.decl.name;
        let mut d = Diagnostic::new(
            "V607",
            ma.span,
            format!("volume {name} enables Multi-Attach but is {}", t.as_str()),
        )
        .with_label("only io1 and io2 volumes support Multi-Attach")
        .with_help(format!(
            "set `type io2` (with `iops`) on {name} to share it, or remove `multi-attach on`"
        ));
        d = match v.volume_type {
            Some(ty) => d.with_secondary(
                ty.span,
                format!("{} volumes attach to one instance at a time", t.as_str()),
            ),
            None => d.with_note("no type is written, so the volume is gp3"),
        };
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    #[test]
    fn default_and_written_types() {
        let src = "volume a { zone a; size 10GiB; multi-attach on }
volume b { zone a; size 10GiB; type st1; multi-attach on }
volume c { zone a; size 10GiB; type io1; iops 100; multi-attach on }
volume d { zone a; size 10GiB; type gp2; multi-attach off }
";
        let d = diags(src, "V607");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].notes, ["no type is written, so the volume is gp3"]);
        assert_eq!(d[1].secondary[0].span.text(src), "st1");
    }
}
