//! R202 nat-without-eip.

use super::{all_names, fresh_name};
use crate::catalog::Code;
use crate::model::{Connectivity, EipId, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::R202,
    check,
};

fn check(cx: &Context<'_>) {
    let (m, t) = (cx.model, cx.topo);
    // Idle EIPs (no instance, no NAT gateway), handed out one per finding.
    let mut idle = ids(&m.eips)
        .filter(|(id, _)| t.is_idle_eip(m, *id))
        .map(|(id, _)| id);
    let mut names: Option<std::collections::HashSet<&str>> = None;
    for (_, nat) in ids(&m.nat_gateways) {
        if nat.connectivity() != Connectivity::Public || nat.eip.is_some() {
            continue;
        }
        let name = &nat.decl.name;
        let mut d = cx
            .report(
                &RULE,
                nat.decl.name_span,
                format!("public NAT gateway {name} has no Elastic IP"),
            )
            .with_label("no `eip` attribute");
        if let Some(c) = nat.connectivity {
            d = d.with_secondary(c.span, "public connectivity needs an Elastic IP");
        }
        let idle_eip: Option<EipId> = idle.next();
        let help = match idle_eip {
            Some(e) => format!(
                "add `eip {0}` to {name} ({0} is associated with nothing yet)",
                m[e].decl.name
            ),
            None => {
                let names = names.get_or_insert_with(|| all_names(m));
                let eip = fresh_name(names, &format!("{name}-ip"));
                format!("declare `eip {eip} {{}}` and add `eip {eip}` to {name}")
            }
        };
        d.with_help(help).with_note(
            "use `connectivity private` instead if the gateway only serves other VPCs or on-premises networks",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ONE_PUBLIC_SUBNET as BASE, diags};

    #[test]
    fn suggests_an_idle_eip_then_a_fresh_name() {
        let src = format!(
            "{BASE}eip spare {{}}
eip used {{}}
nat-gateway a {{ subnet pub-a }}
nat-gateway b {{ subnet pub-a; connectivity public }}
nat-gateway c {{ subnet pub-a; eip used }}
nat-gateway d {{ subnet pub-a; connectivity private }}
subnet b-ip {{ vpc main; cidr 10.0.2.0/24; zone a }}
"
        );
        let d = diags(&src, "R202");
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[0].help.as_deref(),
            Some("add `eip spare` to a (spare is associated with nothing yet)")
        );
        assert_eq!(
            d[1].help.as_deref(),
            Some("declare `eip b-ip2 {}` and add `eip b-ip2` to b")
        );
        assert_eq!(d[1].secondary[0].span.text(&src), "public");
    }
}
