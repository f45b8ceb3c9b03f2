//! V606 unattached-volume.

use super::{InstancesByZone, devices_of, free_device};
use crate::catalog::Code;
use crate::model::ids;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::V606,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let mut by_zone: Option<InstancesByZone> = None;
    for (_, v) in ids(&m.volumes) {
        if !v.attachments.is_empty() {
            continue;
        }
        let name = &v.decl.name;
        let zone = &v.zone.node;
        let by_zone = by_zone.get_or_insert_with(|| InstancesByZone::new(m));
        let help = match by_zone.find(zone, &[]) {
            Some(i) => {
                let dev = free_device("/dev/xvdf", &devices_of(m, cx.topo, i))
                    .unwrap_or_else(|| "<device>".to_string());
                format!(
                    "attach it to an instance in zone {zone}, e.g. `attach {} {dev}`, or delete it",
                    m[i].decl.name
                )
            }
            None => format!(
                "attach it to an instance in zone {zone} (`attach <instance> /dev/xvdf`), or delete it"
            ),
        };
        cx.report(
            &RULE,
            v.decl.name_span,
            format!("volume {name} is attached to nothing"),
        )
        .with_label("no `attach` line")
        .with_help(help)
        .with_note("an unattached volume is still billed for its provisioned size");
    }
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    #[test]
    fn suggests_an_instance_of_the_same_zone() {
        let src = "vpc main { cidr 10.0.0.0/16 }
subnet a { vpc main; cidr 10.0.1.0/24; zone a }
subnet b { vpc main; cidr 10.0.2.0/24; zone b }
route-table rt { vpc main; subnets a, b }
instance ia { subnet a; ami ami-0c55b159cbfafe1f0; type t3.micro }
instance ib { subnet b; ami ami-0c55b159cbfafe1f0; type t3.micro }
volume used { zone b; size 10GiB; attach ib /dev/xvdf }
volume idle { zone b; size 10GiB }
volume far { zone c; size 10GiB }
";
        let d = diags(src, "V606");
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[0].help.as_deref(),
            Some("attach it to an instance in zone b, e.g. `attach ib /dev/xvdg`, or delete it")
        );
        assert!(d[1].help.as_deref().unwrap().contains("<instance>"));
    }
}
