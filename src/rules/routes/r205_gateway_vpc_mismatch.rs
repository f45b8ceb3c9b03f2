//! R205 gateway-vpc-mismatch.

use crate::catalog::Code;
use crate::model::side::IdVec;
use crate::model::{FileSystem, NatId, RouteTarget, SubnetId, VpcId, ids};
use crate::model::{Route, RouteTable};
use crate::rules::{Context, Report, Rule};
use crate::span::{Span, Spanned};

pub static RULE: Rule = Rule {
    code: Code::R205,
    check,
};

/// A finding on a route of `rt` to a target outside the table's VPC:
/// "route table … (VPC …) `routes`", the target marked with `label`, the
/// table's VPC shown.
fn route_report<'c>(
    cx: &'c Context<'_>,
    rt: &RouteTable,
    r: &Route,
    routes: String,
    label: String,
) -> Report<'c> {
    let vname = &cx.model[rt.vpc.node].decl.name;
    cx.report(
        &RULE,
        r.target.span,
        format!("route table {} (VPC {vname}) {routes}", rt.decl.name),
    )
    .with_label(label)
    .with_secondary(rt.vpc.span, format!("{} belongs to {vname}", rt.decl.name))
}

/// A route to an egress-only internet gateway attached to another VPC.
fn eigw_mismatch(cx: &Context<'_>, rt: &RouteTable, r: &Route, g: crate::model::EigwId) {
    let m = cx.model;
    let (vpc, gw) = (rt.vpc.node, &m[g]);
    if gw.vpc.node == vpc {
        return;
    }
    let vname = &m[vpc].decl.name;
    let help = match cx.topo.eigws_by_vpc[vpc].first() {
        Some(l) => format!(
            "route {} to {}, the egress-only internet gateway of {vname}",
            r.destination.node, m[*l].decl.name
        ),
        None => format!(
            "declare `egress-only-internet-gateway <name> {{ vpc {vname} }}` and route {} to it",
            r.destination.node
        ),
    };
    route_report(
        cx,
        rt,
        r,
        format!(
            "routes to egress-only internet gateway {} of VPC {}",
            gw.decl.name, m[gw.vpc.node].decl.name
        ),
        format!("{} is attached to another VPC", gw.decl.name),
    )
    .with_secondary(gw.vpc.span, format!("{} is attached here", gw.decl.name))
    .with_help(help);
}

/// A route over a peering that does not join the table's VPC, or to a
/// transit gateway with no attachment in it. Routes across a peering
/// from either of its sides are what peering is for.
fn beyond_mismatch(cx: &Context<'_>, rt: &RouteTable, r: &Route) {
    let m = cx.model;
    let vpc = rt.vpc.node;
    let vname = &m[vpc].decl.name;
    match r.target.node {
        RouteTarget::Peering(p) if !m[p].joins(vpc) => {
            let pc = &m[p];
            route_report(
                cx,
                rt,
                r,
                format!(
                    "routes over peering {}, which does not join {vname}",
                    pc.decl.name
                ),
                format!("{} joins other VPCs", pc.decl.name),
            )
            .with_secondary(pc.vpc.span, format!("{} starts here", pc.decl.name))
            .with_help(format!(
                "route over a peering with `vpc {vname}` or `peer-vpc {vname}`"
            ));
        }
        RouteTarget::Tgw(t) if m[t].attachment(vpc).is_none() => {
            let tg = &m[t];
            route_report(
                cx,
                rt,
                r,
                format!(
                    "routes to transit gateway {}, which has no attachment in {vname}",
                    tg.decl.name
                ),
                format!("{} is not attached to {vname}", tg.decl.name),
            )
            .with_secondary(tg.decl.name_span, format!("{} is declared here", tg.decl.name))
            .with_help(format!(
                "add `attach {vname} subnets <subnet>, …` (one subnet per zone) to transit-gateway {}",
                tg.decl.name
            ));
        }
        _ => {}
    }
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    // First NAT gateway of each VPC, for "route to … instead".
    let mut nat_of_vpc: Option<IdVec<crate::model::Vpc, Option<NatId>>> = None;
    for (_, rt) in ids(&m.route_tables) {
        let vpc = rt.vpc.node;
        let vname = &m[vpc].decl.name;
        for r in &rt.routes {
            if let RouteTarget::Eigw(g) = r.target.node {
                eigw_mismatch(cx, rt, r, g);
                continue;
            }
            beyond_mismatch(cx, rt, r);
            let RouteTarget::Nat(n) = r.target.node else {
                continue;
            };
            let nat = &m[n];
            let nat_vpc = m[nat.subnet.node].vpc.node;
            if nat_vpc == vpc {
                continue;
            }
            let local = nat_of_vpc.get_or_insert_with(|| {
                let mut v = IdVec::filled(m.vpcs.len(), None);
                for (id, g) in ids(&m.nat_gateways) {
                    v[m[g.subnet.node].vpc.node].get_or_insert(id);
                }
                v
            })[vpc];
            let help = match local {
                Some(l) => format!(
                    "route {} to {}, the NAT gateway of {vname}",
                    r.destination.node, m[l].decl.name
                ),
                None => format!(
                    "create a NAT gateway in a public subnet of {vname} and route {} to it",
                    r.destination.node
                ),
            };
            route_report(
                cx,
                rt,
                r,
                format!(
                    "routes to NAT gateway {} of VPC {}",
                    nat.decl.name, m[nat_vpc].decl.name
                ),
                format!("{} is in another VPC", nat.decl.name),
            )
            .with_secondary(
                nat.subnet.span,
                format!(
                    "{} sits in {}, a subnet of {}",
                    nat.decl.name, m[nat.subnet.node].decl.name, m[nat_vpc].decl.name
                ),
            )
            .with_help(help);
        }
        for item in rt.subnets.iter() {
            pairing(cx, "route table", &rt.decl.name, rt.vpc, item);
        }
    }
    for (_, acl) in ids(&m.network_acls) {
        for item in acl.subnets.iter() {
            pairing(cx, "network ACL", &acl.decl.name, acl.vpc, item);
        }
    }
    for (_, t) in ids(&m.transit_gateways) {
        for a in &t.attachments {
            for item in a.subnets.iter() {
                pairing(cx, "transit-gateway attachment", &t.decl.name, a.vpc, item);
            }
        }
    }
    for (_, fs) in ids(&m.file_systems) {
        for item in fs.mount_targets.iter() {
            mount_target_mismatch(cx, fs, item);
        }
    }
}

/// A mount target in a subnet of another VPC than its file system's: EFS
/// keeps a file system's mount targets in one VPC (clients elsewhere come
/// over a peering or a transit gateway), and the file system's groups,
/// which belong to its VPC, cannot be given to an interface in another.
fn mount_target_mismatch(cx: &Context<'_>, fs: &FileSystem, item: &Spanned<SubnetId>) {
    let m = cx.model;
    let s = &m[item.node];
    if s.vpc.node == fs.vpc.node {
        return;
    }
    let (sname, own, theirs) = (
        &s.decl.name,
        &m[fs.vpc.node].decl.name,
        &m[s.vpc.node].decl.name,
    );
    let zone = &s.zone.node;
    let local = cx.topo.subnets_by_vpc[fs.vpc.node]
        .iter()
        .find(|&&c| m[c].zone.node.same_as(zone));
    let help = match local {
        Some(&c) => format!(
            "put the mount target in {}, the subnet of {own} in zone {zone}, instead of {sname}",
            m[c].decl.name
        ),
        None => format!(
            "declare a subnet of {own} in zone {zone} for the mount target; \
             clients in {theirs} reach it over a vpc-peering or a transit-gateway"
        ),
    };
    cx.report(
        &RULE,
        item.span,
        format!(
            "file system {} of VPC {own} has a mount target in {sname}, a subnet of VPC {theirs}",
            fs.decl.name
        ),
    )
    .with_label(format!("a subnet of {theirs}, not of {own}"))
    .with_secondary(fs.vpc.span, format!("{} belongs to {own}", fs.decl.name))
    .with_secondary(s.vpc.span, format!("{sname} is declared in {theirs}"))
    .with_note("EFS creates a file system's mount targets in one VPC only: creating this one fails")
    .with_help(help);
}

/// A subnet associated with a route table or ACL of another VPC.
fn pairing(
    cx: &Context<'_>,
    what: &str,
    owner: &str,
    vpc: Spanned<VpcId>,
    item: &Spanned<SubnetId>,
) {
    let m = cx.model;
    let s = &m[item.node];
    if s.vpc.node == vpc.node {
        return;
    }
    let (sname, own, theirs) = (
        &s.decl.name,
        &m[vpc.node].decl.name,
        &m[s.vpc.node].decl.name,
    );
    let span: Span = s.vpc.span;
    cx.report(
        &RULE,
        item.span,
        format!("{what} {owner} of VPC {own} lists {sname}, a subnet of VPC {theirs}"),
    )
    .with_label(format!("a subnet of {theirs}, not of {own}"))
    .with_secondary(vpc.span, format!("{owner} belongs to {own}"))
    .with_secondary(span, format!("{sname} is declared in {theirs}"))
    .with_help(format!(
        "remove {sname} from {owner} and associate it with a {what} of {theirs}"
    ));
}

#[cfg(test)]
mod tests {
    use super::super::diags;

    #[test]
    fn nat_route_and_both_kinds_of_association() {
        let src = "vpc main { cidr 10.0.0.0/16 }
vpc other { cidr 10.1.0.0/16 }
internet-gateway igw { vpc main }
internet-gateway igw2 { vpc other }
subnet pub { vpc main; cidr 10.0.1.0/24; zone a }
subnet priv { vpc main; cidr 10.0.2.0/24; zone a }
subnet opub { vpc other; cidr 10.1.1.0/24; zone a }
eip ip {}
eip ip2 {}
nat-gateway nat { subnet pub; eip ip }
nat-gateway onat { subnet opub; eip ip2 }
route-table pub-rt { vpc main; subnets pub; route 0.0.0.0/0 -> igw }
route-table opub-rt { vpc other; subnets opub; route 0.0.0.0/0 -> igw2 }
route-table priv-rt { vpc main; subnets priv; route 0.0.0.0/0 -> onat }
route-table stray-rt { vpc other; subnets priv }
network-acl stray-acl { vpc other; subnets pub }
";
        let d = diags(src, "R205");
        let spans: Vec<&str> = d.iter().map(|d| d.span.text(src)).collect();
        assert_eq!(spans, ["onat", "priv", "pub"]);
        assert_eq!(
            d[0].help.as_deref(),
            Some("route 0.0.0.0/0 to nat, the NAT gateway of main")
        );
        assert_eq!(
            d[2].help.as_deref(),
            Some("remove pub from stray-acl and associate it with a network ACL of main")
        );
    }

    #[test]
    fn a_mount_target_in_another_vpc() {
        let src = "vpc main { cidr 10.0.0.0/16 }
vpc other { cidr 10.1.0.0/16 }
subnet data-a { vpc main; cidr 10.0.1.0/24; zone a }
subnet data-b { vpc main; cidr 10.0.2.0/24; zone b }
subnet odata-b { vpc other; cidr 10.1.2.0/24; zone b }
subnet odata-c { vpc other; cidr 10.1.3.0/24; zone c }
route-table data-rt { vpc main; subnets data-a, data-b }
route-table odata-rt { vpc other; subnets odata-b, odata-c }
file-system shared { vpc main; mount-targets data-a, odata-b, odata-c }
file-system fine { vpc main; mount-targets data-a, data-b }
";
        let d = diags(src, "R205");
        let spans: Vec<&str> = d.iter().map(|d| d.span.text(src)).collect();
        assert_eq!(spans, ["odata-b", "odata-c"]);
        assert_eq!(
            d[0].message,
            "file system shared of VPC main has a mount target in odata-b, a subnet of VPC other"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "put the mount target in data-b, the subnet of main in zone b, instead of odata-b"
            )
        );
        assert!(
            d[1].help
                .as_deref()
                .unwrap()
                .starts_with("declare a subnet of main in zone c for the mount target;")
        );
    }
}
