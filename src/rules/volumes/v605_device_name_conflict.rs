//! V605 device-name-conflict.

use super::free_device;
use crate::catalog::Code;
use crate::model::{InstanceId, VolumeId, ids};
use crate::rules::{Context, Rule};
use crate::span::Span;
use foldhash::{HashMap, HashSet};

pub static RULE: Rule = Rule {
    code: Code::V605,
    check,
};

fn check(cx: &Context<'_>) {
    let m = cx.model;
    // Every device name in use per instance, for suggesting a free one:
    // gathered at the first conflict (most files have none), from the
    // model alone, so it holds what a gathering up front would.
    let mut used: Option<HashMap<InstanceId, HashSet<String>>> = None;
    let mut by_device: HashMap<(InstanceId, &str), (VolumeId, Span)> = HashMap::default();
    let mut by_volume: HashMap<(InstanceId, VolumeId), Span> = HashMap::default();
    for (vid, v) in ids(&m.volumes) {
        for a in &v.attachments {
            let inst = a.instance.node;
            let iname = &m[inst].decl.name;
            let vname = &v.decl.name;
            if let Some(&first) = by_volume.get(&(inst, vid)) {
                cx.report(
                    &RULE,
                    a.span,
                    format!("volume {vname} is attached to {iname} twice"),
                )
                .with_label("second attachment to the same instance")
                .with_secondary(first, "first attachment")
                .with_help("delete one of the two `attach` lines");
                continue;
            }
            by_volume.insert((inst, vid), a.span);
            let dev = a.device.node.as_str();
            match by_device.get(&(inst, dev)) {
                Some(&(other, span)) => {
                    let slots = used
                        .get_or_insert_with(|| in_use(cx))
                        .entry(inst)
                        .or_default();
                    let help = match free_device(dev, slots) {
                        Some(free) => {
                            slots.insert(free.clone());
                            format!(
                                "attach {vname} as `{free}`, a device name {iname} does not use yet"
                            )
                        }
                        None => {
                            format!("attach {vname} under a device name {iname} does not use yet")
                        }
                    };
                    cx.report(
                        &RULE,
                        a.device.span,
                        format!(
                            "volumes {} and {vname} both use {dev} on {iname}",
                            m[other].decl.name
                        ),
                    )
                    .with_label(format!("{dev} is taken on {iname}"))
                    .with_secondary(span, format!("{} already uses {dev}", m[other].decl.name))
                    .with_help(help);
                }
                None => {
                    by_device.insert((inst, dev), (vid, a.device.span));
                }
            }
        }
    }
}

/// Every device name attached per instance.
fn in_use(cx: &Context<'_>) -> HashMap<InstanceId, HashSet<String>> {
    let mut used: HashMap<InstanceId, HashSet<String>> = HashMap::default();
    for (_, v) in ids(&cx.model.volumes) {
        for a in &v.attachments {
            used.entry(a.instance.node)
                .or_default()
                .insert(a.device.node.clone());
        }
    }
    used
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    const BASE: &str = "vpc main { cidr 10.0.0.0/16 }
subnet a { vpc main; cidr 10.0.1.0/24; zone a }
route-table rt { vpc main; subnets a }
instance i { subnet a; ami ami-0c55b159cbfafe1f0; type t3.micro }
instance j { subnet a; ami ami-0c55b159cbfafe1f0; type t3.micro }
";

    #[test]
    fn shared_device_names_get_distinct_free_suggestions() {
        let src = format!(
            "{BASE}volume v1 {{ zone a; size 10GiB; attach i /dev/xvdf; attach j /dev/xvdf }}
volume v2 {{ zone a; size 10GiB; attach i /dev/xvdf }}
volume v3 {{ zone a; size 10GiB; attach i /dev/xvdg }}
volume v4 {{ zone a; size 10GiB; attach i /dev/xvdf }}
"
        );
        let d = diags(&src, "V605");
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(d[0].message, "volumes v1 and v2 both use /dev/xvdf on i");
        assert_eq!(
            d[0].help.as_deref(),
            Some("attach v2 as `/dev/xvdh`, a device name i does not use yet")
        );
        assert_eq!(
            d[1].help.as_deref(),
            Some("attach v4 as `/dev/xvdi`, a device name i does not use yet")
        );
    }

    #[test]
    fn a_volume_attached_twice_to_one_instance() {
        let src = format!(
            "{BASE}volume v {{ zone a; size 10GiB; attach i /dev/sdf; attach i /dev/sdg }}\n"
        );
        let d = diags(&src, "V605");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.text(&src), "attach i /dev/sdg");
    }
}
