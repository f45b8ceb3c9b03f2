//! Network ACL hops: a subnet's ACL in one direction, through the one
//! evaluator ([`crate::analysis::acl`]) the N rules share.

use super::*;

impl Analysis<'_> {
    pub(super) fn acl_step(&self, b: &mut Builder, subnet: SubnetId, dir: Direction) {
        if b.mode == Mode::Verdict {
            // Only what passes is wanted: no decisions, and nothing at all
            // to compute where the ACL lets every packet through.
            if !b.cur.is_empty() && !self.acl_allows_all(subnet, dir) {
                b.cur = self.acl_passed(subnet, dir, &b.cur);
            }
            return;
        }
        let acl = self.topo.subnet_acl[subnet];
        b.step(Hop::Acl { subnet, acl, dir }, |input| {
            self.acl_decide(subnet, dir, input)
        });
    }

    /// Whether a subnet's ACL lets every packet of one direction through
    /// (the default ACL does).
    pub(super) fn acl_allows_all(&self, subnet: SubnetId, dir: Direction) -> bool {
        match self.topo.subnet_acl[subnet] {
            None => true,
            Some(acl) => self.prepared_acl(acl).allows_all(dir),
        }
    }

    /// What a subnet's ACL in one direction lets through, the set
    /// [`Analysis::acl_decide`] returns, without its decisions.
    pub(super) fn acl_passed(&self, subnet: SubnetId, dir: Direction, input: &FlowSet) -> FlowSet {
        match self.topo.subnet_acl[subnet] {
            None => input.clone(),
            Some(acl) => self.prepared_acl(acl).passed(dir, input),
        }
    }

    /// A subnet's ACL in one direction over a set.
    pub fn acl_decide(
        &self,
        subnet: SubnetId,
        dir: Direction,
        input: &FlowSet,
    ) -> (FlowSet, Vec<Decision>) {
        match self.topo.subnet_acl[subnet] {
            None => (
                input.clone(),
                vec![Decision {
                    set: input.clone(),
                    allow: true,
                    by: By::DefaultAcl { subnet },
                }],
            ),
            Some(acl) => {
                let ev = self.prepared_acl(acl).evaluate(dir, input);
                let allowed = ev.allowed();
                let mut ds: Vec<Decision> = ev
                    .hits
                    .into_iter()
                    .map(|h| Decision {
                        set: h.set,
                        allow: h.allow,
                        by: By::AclRule {
                            acl,
                            dir,
                            index: h.index,
                        },
                    })
                    .collect();
                if !ev.default_denied.is_empty() {
                    ds.push(Decision {
                        set: ev.default_denied,
                        allow: false,
                        by: By::AclDefault { acl, dir },
                    });
                }
                (allowed, ds)
            }
        }
    }
}
