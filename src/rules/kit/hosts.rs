//! Hosts: what launches instances (an instance, or a launch template whose
//! Auto Scaling groups start them), who wears a security group, and where
//! the bastions are.
//!
//! Linear in what each helper is handed (one host, one group's users), or
//! computed once per rule run ([`bastions_by_vpc`]).

use crate::model::side::IdVec;
use crate::model::topology::{SgUser, Topology};
use crate::model::{Decl, InstanceId, List, LtId, Model, SgId, SubnetId, Vpc, VpcId};
use crate::span::{Span, Spanned};

/// Something that launches instances: an instance, or a launch template
/// (whose instances its Auto Scaling groups start).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Host {
    Instance(InstanceId),
    Template(LtId),
}

impl Host {
    /// Every instance, then every launch template, in file order within
    /// each kind.
    pub fn all(m: &Model) -> impl Iterator<Item = Host> + '_ {
        (0..m.instances.len())
            .map(|i| Host::Instance(InstanceId::new(i)))
            .chain((0..m.launch_templates.len()).map(|i| Host::Template(LtId::new(i))))
    }

    pub fn decl(self, m: &Model) -> &Decl {
        match self {
            Host::Instance(i) => &m[i].decl,
            Host::Template(t) => &m[t].decl,
        }
    }

    pub fn name(self, m: &Model) -> &str {
        &self.decl(m).name
    }

    /// "instance" or "launch template", for messages.
    pub fn kind(self) -> &'static str {
        match self {
            Host::Instance(_) => "instance",
            Host::Template(_) => "launch template",
        }
    }

    /// `instance bastion`, `launch template app-lt`.
    pub fn describe(self, m: &Model) -> String {
        format!("{} {}", self.kind(), self.name(m))
    }

    /// The hosts as the subject of a sentence, and the verb's `s`:
    /// ("instance app", "s") or ("instances of launch template app-lt", "").
    pub fn subject(self, m: &Model) -> (String, &'static str) {
        match self {
            Host::Instance(_) => (self.describe(m), "s"),
            Host::Template(_) => (format!("instances of {}", self.describe(m)), ""),
        }
    }

    /// A bastion host as the subject of a sentence, and the verb's `s`:
    /// ("bastion jump", "s") or ("the bastions of launch template jump-lt", "").
    pub fn bastion_subject(self, m: &Model) -> (String, &'static str) {
        match self {
            Host::Instance(_) => (format!("bastion {}", self.name(m)), "s"),
            Host::Template(_) => (format!("the bastions of {}", self.describe(m)), ""),
        }
    }

    /// The `role bastion` attribute, when the host is a bastion.
    pub fn bastion_span(self, m: &Model) -> Option<Span> {
        match self {
            Host::Instance(i) => m[i].bastion,
            Host::Template(t) => m[t].bastion,
        }
    }

    pub fn is_bastion(self, m: &Model) -> bool {
        self.bastion_span(m).is_some()
    }

    pub fn key_pair(self, m: &Model) -> Option<&Spanned<String>> {
        match self {
            Host::Instance(i) => m[i].key_pair.as_ref(),
            Host::Template(t) => m[t].key_pair.as_ref(),
        }
    }

    pub fn security_groups(self, m: &Model) -> &List<SgId> {
        match self {
            Host::Instance(i) => &m[i].security_groups,
            Host::Template(t) => &m[t].security_groups,
        }
    }

    /// The subnets its instances run in: an instance's own subnet, or every
    /// subnet of every Auto Scaling group launching the template, with the
    /// span that places the host there.
    pub fn subnets<'m>(
        self,
        m: &'m Model,
        topo: &'m Topology,
    ) -> Box<dyn Iterator<Item = Spanned<SubnetId>> + 'm> {
        match self {
            Host::Instance(i) => Box::new(std::iter::once(m[i].subnet)),
            Host::Template(t) => Box::new(
                topo.lt_asgs[t]
                    .iter()
                    .flat_map(move |&a| m[a].subnets.items.iter().copied()),
            ),
        }
    }

    /// The first subnet it runs in that is private (no route to an internet
    /// gateway).
    pub fn private_subnet(self, m: &Model, topo: &Topology) -> Option<Spanned<SubnetId>> {
        self.subnets(m, topo).find(|s| !topo.is_public(s.node))
    }

    /// The VPC its instances launch into: its subnet's, or for a template
    /// the VPC of the first subnet of its first Auto Scaling group. `None`
    /// for a template no group launches.
    pub fn vpc(self, m: &Model, topo: &Topology) -> Option<VpcId> {
        self.subnets(m, topo).next().map(|s| m[s.node].vpc.node)
    }
}

/// The host behind a group user, unless it is a load balancer.
pub fn user_host(user: SgUser) -> Option<Host> {
    match user {
        SgUser::Instance(i) => Some(Host::Instance(i)),
        SgUser::LaunchTemplate(t) => Some(Host::Template(t)),
        SgUser::LoadBalancer(_) | SgUser::FileSystem(_) => None,
    }
}

/// The group list of a user and its kind and name, for labels.
fn user_parts(m: &Model, user: SgUser) -> (&List<SgId>, &'static str, &str) {
    match user {
        SgUser::Instance(i) => (&m[i].security_groups, "instance", &m[i].decl.name),
        SgUser::LaunchTemplate(t) => (&m[t].security_groups, "launch template", &m[t].decl.name),
        SgUser::LoadBalancer(l) => (&m[l].security_groups, "load balancer", &m[l].decl.name),
        SgUser::FileSystem(f) => (&m[f].security_groups, "file system", &m[f].decl.name),
    }
}

/// A secondary label on the place where the first user of `sg` names it:
/// "instance web-1 uses web-sg". `None` when nothing uses the group.
pub fn first_user_label(m: &Model, topo: &Topology, sg: SgId) -> Option<(Span, String)> {
    let user = *topo.sg_users[sg].first()?;
    let (list, kind, name) = user_parts(m, user);
    let span = list
        .iter()
        .find(|item| item.node == sg)
        .map_or_else(|| list.span.unwrap_or_default(), |item| item.span);
    let more = topo.sg_users[sg].len() - 1;
    let who = if more == 0 {
        format!("{kind} {name} uses {}", m[sg].decl.name)
    } else {
        format!("{kind} {name} (and {more} more) use {}", m[sg].decl.name)
    };
    Some((span, who))
}

/// The first bastion host wearing this group.
pub fn bastion_user(m: &Model, topo: &Topology, sg: SgId) -> Option<Host> {
    topo.sg_users[sg]
        .iter()
        .filter_map(|&u| user_host(u))
        .find(|h| h.is_bastion(m))
}

/// The first bastion host of each VPC (indexed by VPC), computed once per
/// rule run so that per-finding help stays constant time.
pub fn bastions_by_vpc(m: &Model, topo: &Topology) -> IdVec<Vpc, Option<Host>> {
    let mut by_vpc = IdVec::filled(m.vpcs.len(), None);
    for h in Host::all(m).filter(|h| h.is_bastion(m)) {
        if let Some(v) = h.vpc(m, topo) {
            by_vpc[v].get_or_insert(h);
        }
    }
    by_vpc
}
