//! Network ACL hops: a subnet's ACL in one direction, through the one
//! evaluator ([`crate::analysis::acl`]) the N rules share.

use super::*;

impl Analysis<'_> {
    pub(super) fn acl_step(&self, b: &mut Builder, subnet: SubnetId, dir: Direction) {
        let acl = self.topo.subnet_acl[subnet];
        b.step(Hop::Acl { subnet, acl, dir }, |input| {
            self.acl_decide(subnet, dir, input)
        });
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
