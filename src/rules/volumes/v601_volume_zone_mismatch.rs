//! V601 volume-zone-mismatch.

use super::{InstancesByZone, instance_zone};
use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::V601,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let mut by_zone: Option<InstancesByZone> = None;
    for (_, v) in ids(&m.volumes) {
        let mut reported = Vec::new();
        let vzone = &v.zone.node;
        for a in &v.attachments {
            let id = a.instance.node;
            let izone = instance_zone(m, id);
            if izone.same_as(vzone) || reported.contains(&id) {
                continue;
            }
            reported.push(id);
            let inst = &m[id];
            let subnet = &m[inst.subnet.node];
            let (vname, iname) = (&v.decl.name, &inst.decl.name);
            let by_zone = by_zone.get_or_insert_with(|| InstancesByZone::new(m));
            let elsewhere = match by_zone.find(vzone, &[id]) {
                Some(other) => format!(
                    ", or attach {vname} to {} (zone {vzone})",
                    m[other].decl.name
                ),
                None => String::new(),
            };
            cx.report(
                    &RULE,
                    a.instance.span,
                    format!("volume {vname} (zone {vzone}) is attached to {iname} in zone {izone}"),
                )
                .with_label(format!("{iname} runs in zone {izone}"))
                .with_secondary(v.zone.span, format!("{vname} is stored in zone {vzone}"))
                .with_secondary(
                    subnet.zone.span,
                    format!("{iname}'s subnet {} is in zone {izone}", subnet.decl.name),
                )
                .with_help(format!(
                    "create {vname} in {iname}'s zone (`zone {izone}`){elsewhere}"
                ))
                .with_note("an EBS volume attaches only to instances in its own zone; existing data moves zones only through a snapshot");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    #[test]
    fn letters_and_full_names_compare_by_zone() {
        let src = "region ap-northeast-2
vpc main { cidr 10.0.0.0/16 }
subnet a { vpc main; cidr 10.0.1.0/24; zone a }
subnet c { vpc main; cidr 10.0.2.0/24; zone ap-northeast-2c }
route-table rt { vpc main; subnets a, c }
instance ia { subnet a; ami ami-0c55b159cbfafe1f0; type t3.micro }
instance ic { subnet c; ami ami-0c55b159cbfafe1f0; type t3.micro }
volume ok { zone ap-northeast-2a; size 10GiB; attach ia /dev/xvdf }
volume ok2 { zone c; size 10GiB; attach ic /dev/xvdf }
volume bad { zone a; size 10GiB; attach ic /dev/xvdg; attach ic /dev/xvdh }
";
        let d = diags(src, "V601");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].span.text(src), "ic");
        assert_eq!(d[0].secondary[1].span.text(src), "ap-northeast-2c");
        assert_eq!(
            d[0].help.as_deref(),
            Some("create bad in ic's zone (`zone ap-northeast-2c`), or attach bad to ia (zone a)")
        );
    }
}
