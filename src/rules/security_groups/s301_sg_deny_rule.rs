//! S301 sg-deny-rule.
//!
//! The parser accepts `deny` in a security-group rule only so that this rule
//! can explain where deny rules belong. The help names the network ACL that
//! guards the subnets of the group's hosts, with the ACL line to write, so
//! the fix is in the file's own terms.

use crate::catalog::Code;
use crate::model::topology::{SgUser, Topology};
use crate::model::{AclId, Action, Direction, Model, Peer, SgId, SgRule, SubnetId, ids};
use crate::rules::kit::security::peer_text;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: Code::S301,
    check,
};

/// Where an explicit deny for a group's hosts would go.
enum AclHome {
    /// The ACL of one of the group's subnets, and that subnet.
    Acl(AclId, SubnetId),
    /// The group's hosts run in this subnet, which has no ACL of its own.
    Subnet(SubnetId),
    /// The group is attached to nothing that runs in a subnet.
    Nowhere,
}

fn acl_home(m: &Model, topo: &Topology, sg: SgId) -> AclHome {
    let mut first_subnet = None;
    for user in &topo.sg_users[sg] {
        let subnets: Vec<SubnetId> = match *user {
            SgUser::Instance(i) => vec![m[i].subnet.node],
            SgUser::LoadBalancer(l) => m[l].subnets.ids().collect(),
            SgUser::FileSystem(f) => m[f].mount_targets.ids().collect(),
            SgUser::LaunchTemplate(t) => topo.lt_asgs[t]
                .iter()
                .flat_map(|&a| m[a].subnets.ids())
                .collect(),
        };
        for s in subnets {
            if let Some(acl) = topo.subnet_acl[s] {
                return AclHome::Acl(acl, s);
            }
            first_subnet.get_or_insert(s);
        }
    }
    first_subnet.map_or(AclHome::Nowhere, AclHome::Subnet)
}

/// A rule number below every existing rule of that direction, so that the
/// deny is evaluated before the allows (ACLs stop at the first match).
fn number_before(m: &Model, acl: AclId, direction: Direction) -> Option<u32> {
    let lowest = m[acl].rules(direction).iter().map(|r| r.number.node).min();
    match lowest {
        None => Some(100),
        Some(l) if l > 10 => Some(l - 10),
        Some(l) if l > 1 => Some(l - 1),
        Some(_) => None,
    }
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (id, sg) in ids(&m.security_groups) {
        let mut home = None;
        for rule in sg.ingress.iter().chain(&sg.egress) {
            if rule.action.node != Action::Deny {
                continue;
            }
            let home = home.get_or_insert_with(|| acl_home(m, cx.topo, id));
            // Deleting the group's only egress lines would bring back the
            // default allow-all outbound, which the help must say.
            let egress_only_denies = rule.direction == Direction::Out
                && sg.egress.iter().all(|r| r.action.node == Action::Deny);
            diagnostic(cx, &sg.decl.name, rule, home, egress_only_denies);
        }
    }
}

fn diagnostic(
    cx: &Context<'_>,
    sg_name: &str,
    rule: &SgRule,
    home: &AclHome,
    egress_only_denies: bool,
) {
    let m = cx.model;
    let (acl_dir, word) = (rule.direction.word(), rule.direction.preposition());
    let mut d = cx
        .report(
            &RULE,
            rule.action.span,
            format!("security group {sg_name} has a deny rule, but security groups can only allow"),
        )
        .with_label("security groups have no deny rules");
    let peer = peer_text(m, rule.peer.node);
    let remove = if egress_only_denies {
        "replace this line with the egress the hosts need (e.g. `egress tcp 443 to 0.0.0.0/0`): \
         a group with egress rules allows nothing else outbound, one without any allows everything"
    } else {
        "delete this line: a security group already denies everything it does not allow"
    };
    let help = match (rule.peer.node, home) {
        (Peer::Cidr(_), AclHome::Acl(acl, subnet)) => {
            let acl_name = &m[*acl].decl.name;
            d = d.with_secondary(
                m[*acl].decl.name_span,
                format!(
                    "network ACL of {}: deny rules belong here",
                    m[*subnet].decl.name
                ),
            );
            let line = match number_before(m, *acl, rule.direction) {
                Some(n) => format!(
                    "add `{acl_dir} {n} deny {} {word} {peer}` to network ACL {acl_name}",
                    rule.traffic()
                ),
                None => format!(
                    "add a `{acl_dir} … deny {} {word} {peer}` rule to network ACL {acl_name}, \
                     numbered below its allow rules (renumber them: rule 1 is taken)",
                    rule.traffic()
                ),
            };
            format!("{remove}; to block {peer} explicitly, {line}")
        }
        (Peer::Cidr(_), AclHome::Subnet(subnet)) => format!(
            "{remove}; to block {peer} explicitly, give subnet {} a network-acl with \
             `{acl_dir} 100 deny {} {word} {peer}` followed by allow rules for the traffic \
             you want (an ACL ends with an implicit deny of everything)",
            m[*subnet].decl.name,
            rule.traffic()
        ),
        (Peer::Cidr(_), AclHome::Nowhere) => format!(
            "{remove}; to block {peer} explicitly, use a network-acl on the subnets of the \
             hosts: `{acl_dir} 100 deny {} {word} {peer}`",
            rule.traffic()
        ),
        (Peer::Group(_) | Peer::SelfGroup, _) if egress_only_denies => format!(
            "{remove} (network ACLs, which can deny, match CIDR blocks, not security groups)"
        ),
        (Peer::Group(_) | Peer::SelfGroup, _) => format!(
            "{remove}, so traffic {word} {peer} is already blocked unless another rule allows it \
             (network ACLs, which can deny, match CIDR blocks, not security groups)"
        ),
    };
    d.with_help(help);
}
