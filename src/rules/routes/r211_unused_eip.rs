//! R211 unused-eip.

use crate::catalog::Code;
use crate::model::{Connectivity, ids};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::R211,
    check,
};

fn check(cx: &Context<'_>) {
    let (m, t) = (cx.model, cx.topo);
    // Public NAT gateways still waiting for an EIP, suggested in order.
    let mut waiting = ids(&m.nat_gateways)
        .filter(|(_, n)| n.connectivity() == Connectivity::Public && n.eip.is_none())
        .map(|(_, n)| n.decl.name.as_str());
    for (id, e) in ids(&m.eips) {
        if !t.is_idle_eip(m, id) {
            continue;
        }
        let name = &e.decl.name;
        let help = match waiting.next() {
            Some(nat) => format!("NAT gateway {nat} has no EIP: add `eip {name}` to it"),
            None => format!(
                "associate it (`instance <name>` here, or `eip {name}` on a NAT gateway), or delete it"
            ),
        };
        cx.report(
            &RULE,
            e.decl.name_span,
            format!("Elastic IP {name} is associated with nothing"),
        )
        .with_label("no instance and no NAT gateway uses it")
        .with_help(help)
        .with_note("an idle Elastic IP is still billed by the hour");
    }
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    #[test]
    fn instance_and_nat_associations_count() {
        let src = "vpc main { cidr 10.0.0.0/16 }
internet-gateway igw { vpc main }
subnet a { vpc main; cidr 10.0.1.0/24; zone a; public-ip on }
route-table rt { vpc main; subnets a; route 0.0.0.0/0 -> igw }
instance i { subnet a; ami ami-0c55b159cbfafe1f0; type t3.micro }
eip for-i { instance i }
eip for-nat {}
eip idle {}
eip idle2 {}
nat-gateway n { subnet a; eip for-nat }
nat-gateway m { subnet a }
";
        let d = diags(src, "R211");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].span.text(src), "idle");
        assert_eq!(
            d[0].help.as_deref(),
            Some("NAT gateway m has no EIP: add `eip idle` to it")
        );
        assert!(d[1].help.as_deref().unwrap().starts_with("associate it"));
    }
}
