//! Logical IDs of every resource, parameter and output the template will
//! hold, computed once so that `check` can report collisions (E010) and the
//! emitter can use the very same names.
//!
//! **Invariant:** this is the only place that spells a logical ID. The
//! emitter reads [`LogicalIds`] and never builds a name itself, so whatever
//! `collisions` declared unique is what ends up in the template.
//!
//! Scheme (language.md §6): the PascalCase of the netlint name (`public-a` →
//! `PublicA`, `_` is a separator too), and for derived resources the owner's
//! ID plus a readable suffix: `IgwAttachment`, `PublicRtRoute1`,
//! `PublicRtPublicAAssociation`, `PrivateAclInbound100`, `AppSgIngress2`,
//! `WebListener443`, `AppAsgScaleOutPolicy`, …

use crate::catalog::Code;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::span::Span;
use std::collections::{HashMap, HashSet};

/// CloudFormation's limit on the length of a logical ID.
pub const MAX_LEN: usize = 255;

/// Parameters and resources share one namespace (both are `Ref` targets);
/// outputs have their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Namespace {
    Template,
    Outputs,
}

/// One name in the template, with what it came from (for E010).
#[derive(Clone, Debug)]
pub struct Entry {
    pub logical_id: String,
    pub namespace: Namespace,
    /// The declaration that produces it.
    pub owner: ResourceId,
    /// Where to point: the owner's name for the resource itself, the
    /// attribute for a derived resource (a route, a listener, …).
    pub span: Span,
    /// What the ID stands for, in the file's terms ("route 1 of `public-rt`").
    pub what: String,
}

/// An SSM-resolved AMI, emitted as a template parameter.
#[derive(Clone, Debug)]
pub struct AmiParameter {
    pub logical_id: String,
    /// The SSM parameter path (without `ssm:`).
    pub path: String,
}

/// Step-scaling pair: the policy and the alarm that triggers it.
#[derive(Clone, Debug)]
pub struct StepIds {
    pub policy: String,
    pub alarm: String,
}

/// Every logical ID of the template, indexed like the model's vectors.
#[derive(Clone, Debug, Default)]
pub struct LogicalIds {
    pub vpc: Vec<String>,
    /// `AWS::EC2::VPCCidrBlock` of a VPC with `ipv6 on`.
    pub vpc_ipv6: Vec<Option<String>>,
    pub igw: Vec<String>,
    pub igw_attachment: Vec<String>,
    pub subnet: Vec<String>,
    pub route_table: Vec<String>,
    /// Per route table, one per route in order.
    pub route: Vec<Vec<String>>,
    /// Per route table, one per listed subnet in order.
    pub route_table_association: Vec<Vec<String>>,
    pub eip: Vec<String>,
    pub eip_association: Vec<Option<String>>,
    pub nat: Vec<String>,
    pub security_group: Vec<String>,
    /// Per group, per ingress rule: the separate resource of a rule that
    /// names a group (or `self`); `None` for rules emitted inline.
    pub sg_ingress: Vec<Vec<Option<String>>>,
    pub sg_egress: Vec<Vec<Option<String>>>,
    pub acl: Vec<String>,
    pub acl_inbound: Vec<Vec<String>>,
    pub acl_outbound: Vec<Vec<String>>,
    pub acl_association: Vec<Vec<String>>,
    pub instance: Vec<String>,
    pub volume: Vec<String>,
    /// Per volume, one per `attach` in order.
    pub volume_attachment: Vec<Vec<String>>,
    pub load_balancer: Vec<String>,
    pub listener: Vec<Vec<String>>,
    /// Output key of each load balancer's DNS name.
    pub lb_dns_output: Vec<String>,
    pub target_group: Vec<String>,
    pub launch_template: Vec<String>,
    pub asg: Vec<String>,
    pub asg_scale_out: Vec<Option<StepIds>>,
    pub asg_scale_in: Vec<Option<StepIds>>,
    pub asg_target_tracking: Vec<Option<String>>,
    /// One per distinct SSM path, in order of first use in the file.
    pub parameters: Vec<AmiParameter>,
    param_by_path: HashMap<String, usize>,
    /// Every name above, in template order.
    pub entries: Vec<Entry>,
    /// Whether entries get their `what` text. Only an E010 report reads it,
    /// so the common, collision-free run skips building one string per
    /// resource.
    describe: bool,
}

/// PascalCase of a netlint name: `-` and `_` separate words, each word gets
/// an upper-case first letter, the rest is kept. Only ASCII letters and
/// digits survive (names are ASCII by the grammar; this is belt and braces
/// for CloudFormation's alphanumeric rule).
pub fn pascal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

fn clip(mut id: String) -> String {
    // ASCII only, so byte truncation is a char boundary.
    id.truncate(MAX_LEN);
    id
}

impl LogicalIds {
    /// The table, without the descriptions only E010 needs.
    pub fn new(m: &Model) -> Self {
        Self::build(m, false)
    }

    fn build(m: &Model, describe: bool) -> Self {
        // Declared resources first, derived ones after, both in file order:
        // so an E010 between `public-a` and `public_a` points at the later
        // declaration, and derived IDs never shadow a declared one's report.
        let mut t = LogicalIds {
            vpc: names(&m.vpcs, |x| &x.decl),
            igw: names(&m.internet_gateways, |x| &x.decl),
            subnet: names(&m.subnets, |x| &x.decl),
            route_table: names(&m.route_tables, |x| &x.decl),
            eip: names(&m.eips, |x| &x.decl),
            nat: names(&m.nat_gateways, |x| &x.decl),
            security_group: names(&m.security_groups, |x| &x.decl),
            acl: names(&m.network_acls, |x| &x.decl),
            instance: names(&m.instances, |x| &x.decl),
            volume: names(&m.volumes, |x| &x.decl),
            load_balancer: names(&m.load_balancers, |x| &x.decl),
            target_group: names(&m.target_groups, |x| &x.decl),
            launch_template: names(&m.launch_templates, |x| &x.decl),
            asg: names(&m.auto_scaling_groups, |x| &x.decl),
            describe,
            ..LogicalIds::default()
        };
        // Presized so that a kind missing from `order` leaves empty, not
        // absent, entries.
        t.vpc_ipv6.resize(m.vpcs.len(), None);
        t.igw_attachment
            .resize(m.internet_gateways.len(), String::new());
        t.route.resize(m.route_tables.len(), Vec::new());
        t.route_table_association
            .resize(m.route_tables.len(), Vec::new());
        t.eip_association.resize(m.eips.len(), None);
        t.sg_ingress.resize(m.security_groups.len(), Vec::new());
        t.sg_egress.resize(m.security_groups.len(), Vec::new());
        t.acl_inbound.resize(m.network_acls.len(), Vec::new());
        t.acl_outbound.resize(m.network_acls.len(), Vec::new());
        t.acl_association.resize(m.network_acls.len(), Vec::new());
        t.volume_attachment.resize(m.volumes.len(), Vec::new());
        t.listener.resize(m.load_balancers.len(), Vec::new());
        t.lb_dns_output
            .resize(m.load_balancers.len(), String::new());
        t.asg_scale_out.resize(m.auto_scaling_groups.len(), None);
        t.asg_scale_in.resize(m.auto_scaling_groups.len(), None);
        t.asg_target_tracking
            .resize(m.auto_scaling_groups.len(), None);

        for &r in &m.order {
            let decl = m.decl(r);
            let id = t.primary(r).to_string();
            t.push(Namespace::Template, id, r, decl.name_span, &|| {
                format!("`{}`", decl.name)
            });
        }
        t.parameters(m);

        for &r in &m.order {
            t.derived(m, r);
        }
        for &r in &m.order {
            t.outputs(m, r);
        }
        t
    }

    /// The logical ID of a declared resource.
    pub fn primary(&self, r: ResourceId) -> &str {
        match r {
            ResourceId::Vpc(i) => &self.vpc[i.index()],
            ResourceId::InternetGateway(i) => &self.igw[i.index()],
            ResourceId::Subnet(i) => &self.subnet[i.index()],
            ResourceId::RouteTable(i) => &self.route_table[i.index()],
            ResourceId::Eip(i) => &self.eip[i.index()],
            ResourceId::NatGateway(i) => &self.nat[i.index()],
            ResourceId::SecurityGroup(i) => &self.security_group[i.index()],
            ResourceId::NetworkAcl(i) => &self.acl[i.index()],
            ResourceId::Instance(i) => &self.instance[i.index()],
            ResourceId::Volume(i) => &self.volume[i.index()],
            ResourceId::LoadBalancer(i) => &self.load_balancer[i.index()],
            ResourceId::TargetGroup(i) => &self.target_group[i.index()],
            ResourceId::LaunchTemplate(i) => &self.launch_template[i.index()],
            ResourceId::AutoScalingGroup(i) => &self.asg[i.index()],
        }
    }

    /// The parameter holding an SSM AMI, `None` for a literal image id.
    pub fn ami_parameter(&self, ami: &Ami) -> Option<&str> {
        match ami {
            Ami::Id(_) => None,
            Ami::Ssm(path) => self
                .param_by_path
                .get(path)
                .map(|&i| self.parameters[i].logical_id.as_str()),
        }
    }

    fn push(
        &mut self,
        ns: Namespace,
        id: String,
        owner: ResourceId,
        span: Span,
        what: &dyn Fn() -> String,
    ) {
        let what = if self.describe { what() } else { String::new() };
        self.entries.push(Entry {
            logical_id: id,
            namespace: ns,
            owner,
            span,
            what,
        });
    }

    /// `AmiAl2023AmiKernelDefaultX8664` from the path's last segment; two
    /// distinct paths with one last segment get `2`, `3`, … in file order.
    fn parameters(&mut self, m: &Model) {
        let mut taken: HashMap<String, usize> = HashMap::new();
        for &r in &m.order {
            let ami = match r {
                ResourceId::Instance(i) => &m[i].ami,
                ResourceId::LaunchTemplate(i) => &m[i].ami,
                _ => continue,
            };
            let Ami::Ssm(path) = &ami.node else { continue };
            if self.param_by_path.contains_key(path) {
                continue;
            }
            let last = path.rsplit('/').find(|s| !s.is_empty()).unwrap_or("");
            let mut base = format!("Ami{}", pascal(last));
            base.truncate(MAX_LEN - 8);
            let n = taken.entry(base.clone()).or_insert(0);
            *n += 1;
            let id = if *n == 1 { base } else { format!("{base}{n}") };
            self.param_by_path
                .insert(path.clone(), self.parameters.len());
            self.parameters.push(AmiParameter {
                logical_id: id.clone(),
                path: path.clone(),
            });
            self.push(Namespace::Template, id, r, ami.span, &|| {
                format!("the parameter for `ssm:{path}`")
            });
        }
    }

    fn derived(&mut self, m: &Model, r: ResourceId) {
        let name = m.decl(r).name.clone();
        let base = self.primary(r).to_string();
        let ns = Namespace::Template;
        let add = |t: &mut Self, suffix: &str, span: Span, what: &dyn Fn() -> String| -> String {
            let id = clip(format!("{base}{suffix}"));
            t.push(ns, id.clone(), r, span, what);
            id
        };
        match r {
            ResourceId::Vpc(i) => {
                let vpc = &m[i];
                let id = vpc.ipv6.filter(|v| v.node).map(|v| {
                    add(self, "Ipv6CidrBlock", v.span, &|| {
                        format!("the IPv6 block of `{name}`")
                    })
                });
                set(&mut self.vpc_ipv6, i.index(), id);
            }
            ResourceId::InternetGateway(i) => {
                let span = m[i].vpc.span;
                let id = add(self, "Attachment", span, &|| {
                    format!("the attachment of `{name}`")
                });
                set(&mut self.igw_attachment, i.index(), id);
            }
            ResourceId::RouteTable(i) => {
                let rt = &m[i];
                let routes = (rt.routes.iter().enumerate())
                    .map(|(n, route)| {
                        let n = n + 1;
                        add(self, &format!("Route{n}"), route.span, &|| {
                            format!("route {n} of `{name}`")
                        })
                    })
                    .collect();
                set(&mut self.route, i.index(), routes);
                let mut seen = Repeats::default();
                let assoc = (rt.subnets.iter())
                    .map(|s| {
                        let sub = &m[s.node].decl.name;
                        let n = seen.next(s.node.index());
                        let suffix = format!("{}Association{n}", self.subnet[s.node.index()]);
                        add(self, &suffix, s.span, &|| {
                            format!("the association of `{name}` with `{sub}`")
                        })
                    })
                    .collect();
                set(&mut self.route_table_association, i.index(), assoc);
            }
            ResourceId::Eip(i) => {
                let id = m[i].instance.map(|inst| {
                    add(self, "Association", inst.span, &|| {
                        format!("the association of `{name}`")
                    })
                });
                set(&mut self.eip_association, i.index(), id);
            }
            ResourceId::SecurityGroup(i) => {
                let sg = &m[i];
                let rules = |t: &mut Self, rules: &[SgRule], word: &str| {
                    (rules.iter().enumerate())
                        .map(|(n, rule)| {
                            let n = n + 1;
                            matches!(rule.peer.node, Peer::Group(_) | Peer::SelfGroup).then(|| {
                                let what =
                                    || format!("{} rule {n} of `{name}`", word.to_lowercase());
                                add(t, &format!("{word}{n}"), rule.span, &what)
                            })
                        })
                        .collect::<Vec<_>>()
                };
                let ingress = rules(self, &sg.ingress, "Ingress");
                let egress = rules(self, &sg.egress, "Egress");
                set(&mut self.sg_ingress, i.index(), ingress);
                set(&mut self.sg_egress, i.index(), egress);
            }
            ResourceId::NetworkAcl(i) => {
                let acl = &m[i];
                let entries = |t: &mut Self, rules: &[AclRule], word: &str| {
                    (rules.iter())
                        .map(|rule| {
                            let n = rule.number.node;
                            let what = || format!("{} rule {n} of `{name}`", word.to_lowercase());
                            add(t, &format!("{word}{n}"), rule.span, &what)
                        })
                        .collect::<Vec<_>>()
                };
                let inbound = entries(self, &acl.inbound, "Inbound");
                let outbound = entries(self, &acl.outbound, "Outbound");
                set(&mut self.acl_inbound, i.index(), inbound);
                set(&mut self.acl_outbound, i.index(), outbound);
                let mut seen = Repeats::default();
                let assoc = (acl.subnets.iter())
                    .map(|s| {
                        let sub = &m[s.node].decl.name;
                        let n = seen.next(s.node.index());
                        let suffix = format!("{}Association{n}", self.subnet[s.node.index()]);
                        add(self, &suffix, s.span, &|| {
                            format!("the association of `{name}` with `{sub}`")
                        })
                    })
                    .collect();
                set(&mut self.acl_association, i.index(), assoc);
            }
            ResourceId::Volume(i) => {
                let mut seen = Repeats::default();
                let ids = (m[i].attachments.iter())
                    .map(|a| {
                        let inst = &m[a.instance.node].decl.name;
                        let n = seen.next(a.instance.node.index());
                        let suffix =
                            format!("{}Attachment{n}", self.instance[a.instance.node.index()]);
                        add(self, &suffix, a.span, &|| {
                            format!("the attachment of `{name}` to `{inst}`")
                        })
                    })
                    .collect();
                set(&mut self.volume_attachment, i.index(), ids);
            }
            ResourceId::LoadBalancer(i) => {
                let ids = (m[i].listeners.iter())
                    .map(|l| {
                        let port = l.port.node;
                        let what = || format!("the listener on port {port} of `{name}`");
                        add(self, &format!("Listener{port}"), l.span, &what)
                    })
                    .collect();
                set(&mut self.listener, i.index(), ids);
            }
            ResourceId::AutoScalingGroup(i) => {
                let asg = &m[i];
                let step = |t: &mut Self, s: &Option<StepScaling>, word: &str, kw: &str| {
                    s.as_ref().map(|s| StepIds {
                        policy: add(t, &format!("{word}Policy"), s.span, &|| {
                            format!("the {kw} policy of `{name}`")
                        }),
                        alarm: add(t, &format!("{word}Alarm"), s.span, &|| {
                            format!("the {kw} alarm of `{name}`")
                        }),
                    })
                };
                let out = step(self, &asg.scale_out, "ScaleOut", "scale-out");
                let inn = step(self, &asg.scale_in, "ScaleIn", "scale-in");
                set(&mut self.asg_scale_out, i.index(), out);
                set(&mut self.asg_scale_in, i.index(), inn);
                let tt = asg.target_cpu.map(|t| {
                    add(self, "TargetCpuPolicy", t.span, &|| {
                        format!("the target tracking policy of `{name}`")
                    })
                });
                set(&mut self.asg_target_tracking, i.index(), tt);
            }
            ResourceId::Subnet(_)
            | ResourceId::NatGateway(_)
            | ResourceId::Instance(_)
            | ResourceId::TargetGroup(_)
            | ResourceId::LaunchTemplate(_) => {}
        }
    }

    /// Output keys: the VPC, subnets and security groups under their own
    /// logical ID, each load balancer's DNS name as `<Lb>DnsName`.
    fn outputs(&mut self, m: &Model, r: ResourceId) {
        let decl = m.decl(r);
        let (id, dns) = match r {
            ResourceId::Vpc(_) | ResourceId::Subnet(_) | ResourceId::SecurityGroup(_) => {
                (self.primary(r).to_string(), false)
            }
            ResourceId::LoadBalancer(i) => {
                let id = clip(format!("{}DnsName", self.primary(r)));
                set(&mut self.lb_dns_output, i.index(), id.clone());
                (id, true)
            }
            _ => return,
        };
        let what = || {
            let output = if dns {
                "the DNS name output"
            } else {
                "the output"
            };
            format!("{output} of `{}`", decl.name)
        };
        self.push(Namespace::Outputs, id, r, decl.name_span, &what);
    }
}

/// Numbers repeated targets within one owner: a subnet listed twice in one
/// table, a volume attached twice to one instance. The first keeps the
/// plain suffix, later ones get `2`, `3`, … so that the rule made for the
/// mistake (R208, N406, V602, V605) explains it rather than E010.
#[derive(Default)]
struct Repeats(HashMap<usize, u32>);

impl Repeats {
    fn next(&mut self, target: usize) -> String {
        let n = self.0.entry(target).or_insert(0);
        *n += 1;
        if *n == 1 {
            String::new()
        } else {
            n.to_string()
        }
    }
}

fn names<T>(items: &[T], decl: impl Fn(&T) -> &Decl) -> Vec<String> {
    items.iter().map(|x| pascal(&decl(x).name)).collect()
}

/// Store at `index` (the vectors are presized in `new`; growing here only
/// guards against a model whose `order` and vectors disagree).
fn set<T: Default>(v: &mut Vec<T>, index: usize, value: T) {
    if v.len() <= index {
        v.resize_with(index + 1, T::default);
    }
    v[index] = value;
}

/// Whether any name appears twice in one namespace.
fn has_collision(ids: &LogicalIds) -> bool {
    let mut seen: HashSet<(Namespace, &str)> = HashSet::with_capacity(ids.entries.len());
    !ids.entries
        .iter()
        .all(|e| seen.insert((e.namespace, e.logical_id.as_str())))
}

/// E010 for every name the template would hold twice.
///
/// The later of the two is the primary span. When both come from one
/// declaration (two listeners on one port: the only such case, as repeated
/// subnets and attachments are numbered) the attributes are shown;
/// otherwise the two declarations' names. Two ACL rules of one direction
/// sharing a number are N404's to report, not ours.
pub fn collisions(model: &Model) -> Vec<Diagnostic> {
    // Collisions are rare: find them first without descriptions, and only
    // then build the table again with the text the report needs.
    if !has_collision(&LogicalIds::new(model)) {
        return Vec::new();
    }
    let ids = LogicalIds::build(model, true);
    let mut seen: HashMap<(Namespace, &str), usize> = HashMap::new();
    let mut out = Vec::new();
    // Two declarations whose resources collide also collide as outputs:
    // one report per pair is enough to say what to rename.
    let mut reported: Vec<(ResourceId, ResourceId)> = Vec::new();
    for (n, e) in ids.entries.iter().enumerate() {
        let Some(&first) = seen.get(&(e.namespace, e.logical_id.as_str())) else {
            seen.insert((e.namespace, e.logical_id.as_str()), n);
            continue;
        };
        let f = &ids.entries[first];
        if f.owner == e.owner && is_acl_entry(model, e) {
            continue;
        }
        let pair = (f.owner, e.owner);
        if reported.contains(&pair) {
            continue;
        }
        reported.push(pair);
        let (a, b) = if f.owner == e.owner {
            (f.span, e.span)
        } else {
            (model.decl(f.owner).name_span, model.decl(e.owner).name_span)
        };
        let ((early, early_e), (late, late_e)) = if a <= b {
            ((a, f), (b, e))
        } else {
            ((b, e), (a, f))
        };
        let what = match e.namespace {
            Namespace::Template => "resources would get the CloudFormation logical id",
            Namespace::Outputs => "outputs would get the CloudFormation output name",
        };
        let help = if f.owner == e.owner {
            let owner = &model.decl(e.owner).name;
            format!(
                "keep one of the two: a load balancer has one listener per port, so `{owner}` cannot have both"
            )
        } else {
            let (a, b) = (
                &model.decl(late_e.owner).name,
                &model.decl(early_e.owner).name,
            );
            format!(
                "rename `{a}` or `{b}`: a logical id is the name in PascalCase (`-` and `_` only separate words), plus a suffix such as `Route1` for a derived resource"
            )
        };
        out.push(
            Diagnostic::new(Code::E010, late, format!("two {what} `{}`", e.logical_id))
                .with_label(format!("{} becomes `{}`", late_e.what, e.logical_id))
                .with_secondary(
                    early,
                    format!("{} already becomes `{}`", early_e.what, e.logical_id),
                )
                .with_help(help),
        );
    }
    out
}

fn is_acl_entry(m: &Model, e: &Entry) -> bool {
    match e.owner {
        ResourceId::NetworkAcl(i) => {
            let acl = &m[i];
            acl.inbound
                .iter()
                .chain(&acl.outbound)
                .any(|r| r.span == e.span)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::pascal;

    #[test]
    fn pascal_case() {
        assert_eq!(pascal("public-a"), "PublicA");
        assert_eq!(pascal("public_a"), "PublicA");
        assert_eq!(pascal("nat-gw-1"), "NatGw1");
        assert_eq!(pascal("myVpc"), "MyVpc");
        assert_eq!(pascal("a--b__c"), "ABC");
        assert_eq!(
            pascal("al2023-ami-kernel-default-x86_64"),
            "Al2023AmiKernelDefaultX8664"
        );
    }
}
