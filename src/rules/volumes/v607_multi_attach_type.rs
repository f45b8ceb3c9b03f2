//! V607 multi-attach-type.

use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::V607,
    check,
};

fn check(cx: &Context<'_>) {
    for (_, v) in ids(&cx.model.volumes) {
        let Some(ma) = v.multi_attach.filter(|m| m.node) else {
            continue;
        };
        let t = v.volume_type();
        if t.supports_multi_attach() {
            continue;
        }
        let name = &v.decl.name;
        let mut d = cx
            .report(
                &RULE,
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
