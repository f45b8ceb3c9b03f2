//! N401 nacl-missing-return.
//!
//! Network ACLs are stateless: a connection a rule admits in one direction
//! needs its replies admitted in the other, to the client's ephemeral
//! ports. Clients pick them from 32768–60999 (Linux) or 49152–65535
//! (Windows, macOS) — 32768–65535 covers both — but a NAT gateway or a
//! load balancer node rewrites the source port to 1024–65535 for the
//! traffic it forwards, so replies to those need the wider range.

use crate::analysis::acl::AclEval;
use crate::analysis::explain::describe_traffic;
use crate::analysis::path::lb::forwarded_groups;
use crate::analysis::path::reply_set;
use crate::analysis::set::*;
use crate::analysis::{EPHEMERAL_CLIENT, EPHEMERAL_PROXY};
use crate::catalog::Code;
use crate::model::*;
use crate::rules::{Context, Rule};
use ipnet::IpNet;

pub static RULE: Rule = Rule {
    code: Code::N401,
    check,
};

/// A rule that itself carries replies: its ports reach into the ephemeral
/// range from 1024 up (or cover it whole), or it allows every protocol or
/// every ICMP type, or ICMP echo replies.
pub fn is_reply_rule(r: &AclRule) -> bool {
    match r.protocol.node {
        Protocol::All => true,
        Protocol::Tcp | Protocol::Udp => {
            let p = r.port_range();
            (p.from <= 32768 && p.to == 65535) || (p.from >= 1024 && p.to >= 32768)
        }
        Protocol::Icmp => r.ports.is_none_or(|p| p.node.contains(0)),
        Protocol::Icmpv6 => r.ports.is_none_or(|p| p.node.contains(129)),
    }
}

fn opposite(d: Direction) -> Direction {
    match d {
        Direction::In => Direction::Out,
        Direction::Out => Direction::In,
    }
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    let an = cx.analysis;
    let ix = ProxyIndex::new(cx);
    for (aid, acl) in ids(&m.network_acls) {
        let prep = an.prepared_acl(aid);
        // IPv6 rules matter only where IPv6 can flow: an ACL none of whose
        // subnets is dual-stack never sees an IPv6 packet.
        let carries_v6 = acl.subnets.ids().any(|s| m.subnet_dual_stack(s));
        for dir in [Direction::In, Direction::Out] {
            let numbers = Numbers::new(acl, opposite(dir));
            let ev = prep.universe(dir);
            let proxy = proxy_clients(cx, &ix, acl, dir);
            let mut overflow = super::Overflow::default();
            // What the other direction denies of all traffic: replies
            // denied are replies that meet it (the first match of a set is
            // the first match of all traffic, restricted to it), so only
            // a finding that is reported pays for evaluating its replies
            // rule by rule, not every allow rule of a long ACL.
            let denied_back = prep.universe(opposite(dir)).denied();
            for hit in ev.hits.iter().filter(|h| h.allow) {
                let r = &acl.rules(dir)[hit.index];
                if is_reply_rule(r) || (!carries_v6 && matches!(r.cidr.node, IpNet::V6(_))) {
                    continue;
                }
                let special = hit.set.intersect(&proxy);
                let normal = hit.set.subtract(&proxy);
                let mut replies = FlowSet::empty();
                for (part, eph) in [(&normal, EPHEMERAL_CLIENT), (&special, EPHEMERAL_PROXY)] {
                    if part.is_empty() {
                        continue;
                    }
                    let base = part.with_dim(PORT, Interval::new(0, 65535));
                    replies.union_with(&reply_set(&base, eph));
                }
                if !replies.intersects(&denied_back) || !overflow.admit(r.number.node) {
                    continue;
                }
                let back = prep.evaluate(opposite(dir), &replies);
                let denied = back.denied();
                diagnostic(
                    cx,
                    aid,
                    dir,
                    r,
                    &numbers,
                    &back,
                    &denied,
                    !special.is_empty(),
                );
            }
            let other = match opposite(dir) {
                Direction::In => "inbound",
                Direction::Out => "outbound",
            };
            overflow.summarize(
                cx,
                &RULE,
                acl,
                dir,
                &format!("admit traffic whose replies are denied {other}"),
            );
        }
    }
}

/// A forward of a load balancer: the target group's port and the subnets
/// of its targets.
type Forward = (u16, Vec<SubnetId>);

/// Which load-balancer forwards touch each subnet, computed once per run
/// so an ACL looks only at the forwards of its own subnets.
struct ProxyIndex {
    /// Per load balancer: the groups it forwards to, with their ports and
    /// the subnets of their targets.
    forwards: Vec<(LbId, Vec<Forward>)>,
    /// Per subnet: (load balancer, forward) pairs with a target there.
    by_target: Vec<Vec<(u32, u32)>>,
    /// Per subnet: (load balancer, forward) pairs with a node there.
    by_node: Vec<Vec<(u32, u32)>>,
}

impl ProxyIndex {
    fn new(cx: &Context<'_>) -> Self {
        let m = cx.model;
        let n = m.subnets.len();
        let mut ix = ProxyIndex {
            forwards: Vec::with_capacity(m.load_balancers.len()),
            by_target: vec![Vec::new(); n],
            by_node: vec![Vec::new(); n],
        };
        for (li, (lid, lb)) in ids(&m.load_balancers).enumerate() {
            let mut fwd = Vec::new();
            for (fi, (tg, port)) in forwarded_groups(m, lid).into_iter().enumerate() {
                let targets = cx.topo.tg_member_subnets(m, tg);
                let key = (li as u32, fi as u32);
                for s in &targets {
                    ix.by_target[s.index()].push(key);
                }
                for s in lb.subnets.ids() {
                    ix.by_node[s.index()].push(key);
                }
                fwd.push((port, targets));
            }
            ix.forwards.push((lid, fwd));
        }
        ix
    }
}

/// Packets of this direction whose client is a NAT gateway or a load
/// balancer node (their replies go to 1024–65535).
fn proxy_clients(cx: &Context<'_>, ix: &ProxyIndex, acl: &NetworkAcl, dir: Direction) -> FlowSet {
    let m = cx.model;
    let t = cx.topo;
    let mut set = FlowSet::empty();
    let subnets: Vec<SubnetId> = acl.subnets.ids().collect();
    let tcp_udp = [TCP, UDP];
    let by = match dir {
        Direction::In => &ix.by_target,
        Direction::Out => &ix.by_node,
    };
    // The forwards that concern this ACL, in load balancer then listener
    // order, so the set is built exactly as a scan of all of them would.
    let mut keys: Vec<(u32, u32)> = subnets
        .iter()
        .flat_map(|s| by[s.index()].iter().copied())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    for (li, fi) in keys {
        let (lid, fwd) = &ix.forwards[li as usize];
        let lb = &m[*lid];
        let (port, targets) = &fwd[fi as usize];
        let port = Interval::point((*port).into());
        match dir {
            // Clients arriving: LB nodes connecting to targets here.
            Direction::In => {
                for n in lb.subnets.ids() {
                    let (f, iv) = cidr(&m[n].cidr.node);
                    for p in tcp_udp {
                        set.add_box(
                            FlowBox::family(f)
                                .with(SRC, iv)
                                .with(PROTO, Interval::point(p))
                                .with(PORT, port),
                        );
                    }
                }
            }
            // Clients leaving: LB nodes here connecting to targets.
            Direction::Out => {
                for ts in targets {
                    let (f, iv) = cidr(&m[*ts].cidr.node);
                    for p in tcp_udp {
                        set.add_box(
                            FlowBox::family(f)
                                .with(DST, iv)
                                .with(PROTO, Interval::point(p))
                                .with(PORT, port),
                        );
                    }
                }
            }
        }
    }
    // A NAT gateway here forwards to addresses outside the VPC.
    if dir == Direction::Out && subnets.iter().any(|s| !t.nats_by_subnet[*s].is_empty()) {
        let mut outside = FlowSet::from(FlowBox::family(V4));
        let (f, iv) = cidr(&m[acl.vpc.node].cidr.node);
        outside = outside.subtract_box(&FlowBox::family(f).with(DST, iv));
        set.union_with(&outside);
    }
    set
}

#[allow(clippy::too_many_arguments)]
fn diagnostic(
    cx: &Context<'_>,
    aid: AclId,
    dir: Direction,
    r: &AclRule,
    numbers: &Numbers,
    back: &AclEval,
    denied: &FlowSet,
    proxy: bool,
) {
    let m = cx.model;
    let an = cx.analysis;
    let acl = &m[aid];
    let other = opposite(dir);
    let (other_word, toward) = (other.word(), other.preposition());
    let field = match other {
        Direction::Out => DST,
        Direction::In => SRC,
    };
    let admitted = r.traffic().to_string();
    let denied_text = format!(
        "{} {toward} {}",
        describe_traffic(denied),
        an.field_text(denied, field)
    );
    let mut d = cx.report(
        &RULE,
        r.span,
        format!(
            "{} of {} admits {admitted}, but its replies ({denied_text}) are denied {other_word}",
            r.name(),
            acl.decl.name
        ),
    )
    .with_label(format!("replies to this are denied {other_word}"));
    let denying: Vec<_> = back.hits.iter().filter(|h| !h.allow).collect();
    for h in denying.iter().take(NAMED) {
        let dr = &acl.rules(other)[h.index];
        d = d.with_secondary(dr.span, format!("denies {}", describe_traffic(&h.set)));
    }
    if denying.len() > NAMED {
        d = d.with_note(format!(
            "{} more {other_word} rules deny part of the replies; the first {NAMED} are shown",
            denying.len() - NAMED
        ));
    }
    if !back.default_denied.is_empty() {
        d = d.with_secondary(
            acl.decl.name_span,
            format!(
                "no {other_word} rule allows {}",
                describe_traffic(&back.default_denied)
            ),
        );
    }
    let eph = if proxy { "1024-65535" } else { "32768-65535" };
    let proto = match r.protocol.node {
        Protocol::Udp => "udp",
        _ => "tcp",
    };
    let number = numbers.suggest(acl, other, back);
    let help_rule = match r.protocol.node {
        Protocol::Tcp | Protocol::Udp => format!(
            "{other_word} {number} allow {proto} {eph} {toward} {}",
            r.cidr.node
        ),
        Protocol::Icmpv6 => format!(
            "{other_word} {number} allow icmpv6 129 {toward} {}",
            r.cidr.node
        ),
        _ => format!(
            "{other_word} {number} allow icmp 0 {toward} {}",
            r.cidr.node
        ),
    };
    d = d.with_help(format!(
        "network ACLs are stateless: allow the replies in {}, e.g. `{help_rule}`",
        acl.decl.name
    ));
    d.with_note(if proxy {
        "part of this traffic comes from or goes through a NAT gateway or a load balancer node, which uses source ports 1024-65535"
    } else {
        "clients reply-listen on ephemeral ports: Linux 32768-60999, Windows and macOS 49152-65535"
    });
}

/// Denying rules named in one finding.
const NAMED: usize = 10;

/// The rule numbers of one direction, for suggesting a free one: computed
/// once per ACL direction, so each finding costs a binary search however
/// long the runs of taken numbers are.
struct Numbers {
    /// Sorted, without duplicates.
    used: Vec<u32>,
    /// Per used number, the largest free number below it (0: none).
    free_below: Vec<u32>,
}

impl Numbers {
    fn new(acl: &NetworkAcl, dir: Direction) -> Self {
        let mut used: Vec<u32> = acl.rules(dir).iter().map(|r| r.number.node).collect();
        used.sort_unstable();
        used.dedup();
        let mut free_below: Vec<u32> = Vec::with_capacity(used.len());
        for (k, n) in used.iter().enumerate() {
            let below = match k {
                0 => n.saturating_sub(1),
                _ if used[k - 1] + 1 == *n => free_below[k - 1],
                _ => n - 1,
            };
            free_below.push(below);
        }
        Numbers { used, free_below }
    }

    /// A rule number for the suggested reply rule: just below the first
    /// rule that denies the replies, else after the last rule.
    fn suggest(&self, acl: &NetworkAcl, dir: Direction, back: &AclEval) -> u32 {
        if let Some(h) = back.hits.iter().find(|h| !h.allow) {
            let n = acl.rules(dir)[h.index].number.node;
            let c = n.saturating_sub(1);
            let c = match self.used.binary_search(&c) {
                Ok(k) => self.free_below[k],
                Err(_) => c,
            };
            if c > 0 {
                return c;
            }
        }
        let max = self
            .used
            .iter()
            .copied()
            .filter(|n| *n <= 32766)
            .max()
            .unwrap_or(90);
        ((max / 10 + 1) * 10).min(32766)
    }
}

#[cfg(test)]
mod tests {
    use crate::check::check_source;
    use crate::settings::Settings;

    const NET: &str = "vpc main { cidr 10.0.0.0/16 }
internet-gateway igw { vpc main }
subnet public-a { vpc main; cidr 10.0.1.0/24; zone a; public-ip on }
subnet public-c { vpc main; cidr 10.0.2.0/24; zone c; public-ip on }
subnet private-a { vpc main; cidr 10.0.11.0/24; zone a }
eip nat-ip {}
nat-gateway nat-a { subnet public-a; eip nat-ip }
route-table public-rt { vpc main; subnets public-a, public-c; route 0.0.0.0/0 -> igw }
route-table private-rt { vpc main; subnets private-a; route 0.0.0.0/0 -> nat-a }
";

    fn n401(extra: &str) -> Vec<String> {
        check_source(&format!("{NET}{extra}"), &Settings::default())
            .into_iter()
            .filter(|d| d.code.as_str() == "N401")
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn nat_gateway_replies_need_1024_and_up() {
        // The subnet hosts nat-a: its forwarded connections come back to
        // ports 1024-65535, not only 32768-65535.
        let acl = "network-acl pub-acl {
  vpc main
  subnets public-a
  inbound 100 allow tcp 443 from 10.0.0.0/16
  inbound 110 allow tcp 32768-65535 from 0.0.0.0/0
  outbound 100 allow tcp 443 to 0.0.0.0/0
  outbound 110 allow tcp 32768-65535 to 10.0.0.0/16
}
";
        let m = n401(acl);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].starts_with("outbound rule 100"), "{m:?}");
        assert!(m[0].contains("tcp 1024-32767"), "{m:?}");
        let fixed = acl.replace(
            "inbound 110 allow tcp 32768-65535",
            "inbound 110 allow tcp 1024-65535",
        );
        assert!(n401(&fixed).is_empty());
    }

    #[test]
    fn load_balancer_nodes_reply_on_1024_and_up() {
        let lb = "security-group alb-sg { vpc main; ingress tcp 443 from 0.0.0.0/0 }
security-group app-sg { vpc main; ingress tcp 8080 from alb-sg }
load-balancer web {
  type application
  subnets public-a, public-c
  security-groups alb-sg
  listener http 80 -> app-tg
}
target-group app-tg { vpc main; protocol http; port 8080; health-check http /; targets app }
instance app { subnet private-a; ami ami-12345678; type t3.micro; security-groups app-sg }
";
        let acl = "network-acl app-acl {
  vpc main
  subnets private-a
  inbound 100 allow tcp 8080 from 10.0.0.0/16
  inbound 110 allow tcp 1024-65535 from 0.0.0.0/0
  outbound 100 allow tcp 32768-65535 to 10.0.0.0/16
  outbound 110 allow tcp 443 to 0.0.0.0/0
}
";
        let m = n401(&format!("{lb}{acl}"));
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("inbound rule 100"), "{m:?}");
        // Only the LB subnets need the wider range.
        assert!(
            m[0].contains("tcp 1024-32767 to 10.0.1.0/24, 10.0.2.0/24")
                || m[0].contains("tcp 1024-32767 to 10.0.1.0/23"),
            "{m:?}"
        );
        let fixed = acl.replace(
            "outbound 100 allow tcp 32768-65535",
            "outbound 100 allow tcp 1024-65535",
        );
        assert!(n401(&format!("{lb}{fixed}")).is_empty());
    }

    #[test]
    fn names_the_denied_part_and_skips_reply_rules() {
        let acl = "network-acl a {
  vpc main
  subnets public-a
  inbound 100 allow tcp 22 from 203.0.113.0/24
  inbound 110 allow tcp 1024-65535 from 0.0.0.0/0
  outbound 90 deny tcp 40000-50000 to 203.0.113.0/25
  outbound 100 allow tcp 32768-65535 to 0.0.0.0/0
}
";
        let m = n401(acl);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("tcp 40000-50000 to 203.0.113.0/25"), "{m:?}");
    }
}
