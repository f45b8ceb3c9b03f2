//! Replies: stateless network ACLs must let the answers of an admitted
//! connection back, to the client's ephemeral ports. Security groups are
//! stateful and never see them.

use super::*;

/// The ACL hops one stream of replies crosses, and the ephemeral range of
/// whoever receives them.
pub(super) struct ReplyGroup {
    pub eph: Interval,
    pub hops: Vec<(SubnetId, Direction)>,
}

/// Ports the replies of one protocol go to: tcp/udp the receiver's
/// ephemeral ports, ICMP echo reply (type 0, ICMPv6 129), other protocols
/// have no port.
pub fn reply_port_parts(proto: Interval, eph: Interval) -> Vec<(Interval, Interval)> {
    let special = [
        (ICMP, Interval::point(0)),
        (TCP, eph),
        (UDP, eph),
        (ICMPV6, Interval::point(129)),
    ];
    let mut out = Vec::new();
    let mut lo = proto.lo;
    for (p, ports) in special {
        if p < proto.lo || p > proto.hi {
            continue;
        }
        if lo < p {
            out.push((Interval::new(lo, p - 1), ALL_PORTS));
        }
        out.push((Interval::point(p), ports));
        lo = p + 1;
    }
    if lo <= proto.hi {
        out.push((Interval::new(lo, proto.hi), ALL_PORTS));
    }
    out
}

/// The replies of `base` (forward packets, any port): addresses swapped,
/// the port field the receiver's reply port. One pass over the boxes: they
/// are disjoint with the port free, so their replies are too.
pub fn reply_set(base: &FlowSet, eph: Interval) -> FlowSet {
    let mut out = Vec::new();
    for b in base.iter() {
        for (p, ports) in reply_port_parts(b.get(PROTO), eph) {
            let mut r = b.with(PROTO, p).with(PORT, ports);
            r.0.swap(SRC, DST);
            out.push(r);
        }
    }
    FlowSet::from_disjoint(out)
}

impl Analysis<'_> {
    /// Whether every reply group crosses only ACLs that let everything
    /// through (the default ACL does): then all replies return.
    pub(super) fn replies_pass_all(&self, groups: &[ReplyGroup]) -> bool {
        groups.iter().all(|g| {
            g.hops
                .iter()
                .all(|(subnet, dir)| self.acl_allows_all(*subnet, *dir))
        })
    }

    /// Check replies of `base` (forward coordinates). Returns, with the
    /// port field free, the forward packets whose replies all return and
    /// those whose replies return for some ephemeral port.
    pub(super) fn replies(
        &self,
        base: &FlowSet,
        groups: &[ReplyGroup],
        mut steps: Option<&mut Vec<Step>>,
    ) -> (FlowSet, FlowSet) {
        let base = base.with_dim(PORT, ALL_PORTS);
        let mut full = base.clone();
        let mut some = base.clone();
        for g in groups {
            // Replies that cross only ACLs letting everything through all
            // return: `full` and `some` stay as they are (when no step is
            // recorded, nothing else is wanted of them).
            if steps.is_none() && self.replies_pass_all(std::slice::from_ref(g)) {
                continue;
            }
            let rin = reply_set(&base, g.eph);
            let mut s = rin.clone();
            for (subnet, dir) in &g.hops {
                let Some(steps) = steps.as_deref_mut() else {
                    s = self.acl_passed(*subnet, *dir, &s);
                    continue;
                };
                let (passed, decisions) = self.acl_decide(*subnet, *dir, &s);
                steps.push(Step {
                    hop: Hop::Acl {
                        subnet: *subnet,
                        acl: self.topo.subnet_acl[*subnet],
                        dir: *dir,
                    },
                    reply: true,
                    input: s,
                    passed: passed.clone(),
                    decisions,
                });
                s = passed;
            }
            let denied = rin.subtract(&s);
            // Every reply of the group returns: `full` and `some` keep all
            // they have (the replies of `base`, swapped back with the port
            // free, are `base` again). Only when no step is recorded, so
            // that recorded sets keep the boxes they are printed from.
            if steps.is_none() && denied.is_empty() {
                continue;
            }
            full = full.subtract(&denied.swap_addrs().with_dim(PORT, ALL_PORTS));
            some = some.intersect(&s.swap_addrs().with_dim(PORT, ALL_PORTS));
        }
        (full, some)
    }
}
