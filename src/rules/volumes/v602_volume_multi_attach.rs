//! V602 volume-multi-attach.

use crate::catalog::Code;
use crate::model::{InstanceId, ids};
use crate::rules::{Context, Rule};
use crate::span::Span;

pub static RULE: Rule = Rule {
    code: Code::V602,
    check,
};

/// Instances one Multi-Attach volume may serve.
const MULTI_ATTACH_MAX: usize = 16;

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, v) in ids(&m.volumes) {
        let shareable = v.multi_attach() && v.volume_type().supports_multi_attach();
        let limit = if shareable { MULTI_ATTACH_MAX } else { 1 };
        let mut distinct: Vec<(InstanceId, Span)> = Vec::new();
        for a in &v.attachments {
            let id = a.instance.node;
            if distinct.iter().any(|(i, _)| *i == id) {
                continue; // the same instance twice is V605's
            }
            distinct.push((id, a.instance.span));
            if distinct.len() <= limit {
                continue;
            }
            let (vname, iname) = (&v.decl.name, &m[id].decl.name);
            let (first, first_span) = distinct[0];
            if shareable {
                cx.report(
                    &RULE,
                    a.instance.span,
                    format!("volume {vname} is attached to more than {MULTI_ATTACH_MAX} instances"),
                )
                .with_label(format!("instance number {}", distinct.len()))
                .with_secondary(first_span, "first attachment")
                .with_help(format!(
                    "Multi-Attach serves at most {MULTI_ATTACH_MAX} instances: give {iname} another volume"
                ))
            } else {
                let fname = &m[first].decl.name;
                let help = if v.multi_attach() {
                    format!(
                        "Multi-Attach works only on io1/io2 volumes (see V607); otherwise give {iname} a volume of its own"
                    )
                } else {
                    format!(
                        "give {iname} a volume of its own; only io1/io2 volumes with `multi-attach on` can be shared, and only by a cluster-aware file system"
                    )
                };
                cx.report(
                    &RULE,
                    a.instance.span,
                    format!("volume {vname} is attached to both {fname} and {iname}"),
                )
                .with_label(format!("second instance for {vname}"))
                .with_secondary(
                    first_span,
                    format!("{vname} is already attached to {fname}"),
                )
                .with_help(help)
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    fn net(volume: &str, instances: usize) -> String {
        let mut s = String::from(
            "vpc main { cidr 10.0.0.0/16 }
subnet a { vpc main; cidr 10.0.1.0/24; zone a }
route-table rt { vpc main; subnets a }
",
        );
        let mut attach = String::new();
        for i in 0..instances {
            s.push_str(&format!(
                "instance i{i} {{ subnet a; ami ami-0c55b159cbfafe1f0; type m5.large }}\n"
            ));
            attach.push_str(&format!("; attach i{i} /dev/xvdf"));
        }
        s.push_str(&format!(
            "volume v {{ zone a; size 100GiB; {volume}{attach} }}\n"
        ));
        s
    }

    #[test]
    fn sharing_needs_io1_or_io2_with_multi_attach() {
        assert!(diags(&net("type gp3", 1), "V602").is_empty());
        assert_eq!(diags(&net("type gp3", 3), "V602").len(), 2);
        assert_eq!(
            diags(&net("type io2; multi-attach off", 2), "V602").len(),
            1
        );
        assert!(diags(&net("type io2; iops 3000; multi-attach on", 2), "V602").is_empty());
        assert!(diags(&net("type io1; iops 3000; multi-attach on", 16), "V602").is_empty());
        let d = diags(&net("type io1; iops 3000; multi-attach on", 17), "V602");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].label, "instance number 17");
    }

    #[test]
    fn the_same_instance_twice_is_not_sharing() {
        let src = net("type gp3", 1).replace(
            "attach i0 /dev/xvdf",
            "attach i0 /dev/xvdf; attach i0 /dev/xvdg",
        );
        assert!(diags(&src, "V602").is_empty());
    }
}
