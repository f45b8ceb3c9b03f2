//! What netlint derived about a declaration, for hover: read from the
//! model and its topology (the same indexes the rules read), never from
//! the text.

use crate::model::topology::{FsClient, SgUser, Topology};
use crate::model::{
    Action, Connectivity, EndpointId, EndpointType, FsId, LbId, LbType, ListenerAction, Model,
    Peer, PrefixListId, PrefixListRef, ResourceId, RouteTarget, Scheme, SgId, SubnetId, VpcId,
};
use crate::rules::kit::subnets::why_private;
use ipnet::IpNet;

/// Markdown bullet lines about the resource named `name`.
pub fn about(m: &Model, topo: &Topology, name: &str) -> Vec<String> {
    let Some(id) = m.order.iter().copied().find(|&id| m.decl(id).name == name) else {
        return Vec::new();
    };
    match id {
        ResourceId::Vpc(v) => vpc(m, topo, v),
        ResourceId::Subnet(s) => subnet(m, topo, s),
        ResourceId::SecurityGroup(g) => security_group(m, topo, g),
        ResourceId::RouteTable(r) => {
            let t = &m[r];
            let mut out: Vec<String> = t
                .routes
                .iter()
                .map(|r| format!("- `{}`", r.text(m)))
                .collect();
            out.insert(
                0,
                format!(
                    "- {} route{} besides the local one",
                    t.routes.len(),
                    plural(t.routes.len())
                ),
            );
            out.push(format!(
                "- subnets: {}",
                names(t.subnets.ids().map(|s| &m[s].decl.name))
            ));
            out
        }
        ResourceId::NetworkAcl(a) => {
            let acl = &m[a];
            let mut out = vec![format!(
                "- subnets: {}",
                names(acl.subnets.ids().map(|s| &m[s].decl.name))
            )];
            let mut rules: Vec<_> = acl.inbound.iter().chain(&acl.outbound).collect();
            rules.sort_by_key(|r| (r.direction as u8, r.number.node));
            out.extend(rules.iter().map(|r| format!("- {r}")));
            out.push("- then the implicit deny of everything else, each way".into());
            out
        }
        ResourceId::Instance(i) => {
            let inst = &m[i];
            let s = inst.subnet.node;
            vec![
                format!(
                    "- in subnet `{}` ({}), zone `{}`",
                    m[s].decl.name,
                    if topo.is_public(s) {
                        "public"
                    } else {
                        "private"
                    },
                    m[s].zone.node
                ),
                format!(
                    "- public IPv4 address: {}",
                    if m.instance_public_ip(i) { "yes" } else { "no" }
                ),
                format!(
                    "- security groups: {}",
                    names(inst.security_groups.ids().map(|g| &m[g].decl.name))
                ),
                format!(
                    "- target groups: {}",
                    names(topo.instance_tgs[i].iter().map(|&t| &m[t].decl.name))
                ),
            ]
        }
        ResourceId::TargetGroup(t) => vec![
            format!(
                "- listeners: {}",
                names(topo.tg_listeners[t].iter().map(|l| &m[l.lb].decl.name))
            ),
            format!(
                "- Auto Scaling groups: {}",
                names(topo.tg_asgs[t].iter().map(|&a| &m[a].decl.name))
            ),
        ],
        ResourceId::LoadBalancer(l) => load_balancer(m, topo, l),
        ResourceId::NatGateway(n) => {
            let nat = &m[n];
            let s = nat.subnet.node;
            vec![
                format!(
                    "- {} NAT gateway in subnet `{}` ({})",
                    match nat.connectivity() {
                        Connectivity::Public => "public",
                        Connectivity::Private => "private",
                    },
                    m[s].decl.name,
                    if topo.is_public(s) {
                        "public"
                    } else {
                        "private: a public NAT gateway there reaches nothing"
                    }
                ),
                format!(
                    "- route tables sending to it: {}",
                    names(routing_to(m, RouteTarget::Nat(n)))
                ),
            ]
        }
        ResourceId::InternetGateway(g) => vec![
            format!("- attached to VPC `{}`", m[m[g].vpc.node].decl.name),
            format!(
                "- route tables sending to it: {}",
                names(routing_to(m, RouteTarget::Igw(g)))
            ),
        ],
        ResourceId::AutoScalingGroup(a) => {
            let asg = &m[a];
            vec![
                format!(
                    "- {} to {} instances of launch template `{}`",
                    asg.min.node, asg.max.node, m[asg.launch_template.node].decl.name
                ),
                format!(
                    "- subnets: {}",
                    names(asg.subnets.ids().map(|s| &m[s].decl.name))
                ),
                format!(
                    "- target groups: {}",
                    names(asg.target_groups.ids().map(|t| &m[t].decl.name))
                ),
            ]
        }
        ResourceId::LaunchTemplate(l) => vec![format!(
            "- used by Auto Scaling groups: {}",
            names(topo.lt_asgs[l].iter().map(|&a| &m[a].decl.name))
        )],
        ResourceId::VpcPeering(p) => {
            let pc = &m[p];
            let blocks: Vec<String> = pc.peer_blocks(m).iter().map(|b| b.to_string()).collect();
            vec![
                format!(
                    "- joins VPC `{}` to {} ({})",
                    m[pc.vpc.node].decl.name,
                    pc.peer_vpc()
                        .map_or("a VPC outside the file".to_string(), |v| {
                            format!("VPC `{}`", m[v].decl.name)
                        }),
                    blocks.join(", ")
                ),
                format!(
                    "- route tables sending to it: {}",
                    names(routing_to(m, RouteTarget::Peering(p)))
                ),
            ]
        }
        ResourceId::TransitGateway(t) => {
            let tg = &m[t];
            vec![
                format!(
                    "- attached to VPCs: {}",
                    names(tg.attachments.iter().map(|a| &m[a.vpc.node].decl.name))
                ),
                format!(
                    "- route tables sending to it: {}",
                    names(routing_to(m, RouteTarget::Tgw(t)))
                ),
            ]
        }
        ResourceId::EgressOnlyInternetGateway(g) => vec![
            format!("- attached to VPC `{}`", m[m[g].vpc.node].decl.name),
            format!(
                "- route tables sending to it: {}",
                names(routing_to(m, RouteTarget::Eigw(g)))
            ),
        ],
        ResourceId::Eip(e) => {
            let users: Vec<String> = m[e]
                .instance
                .iter()
                .map(|i| format!("instance `{}`", m[i.node].decl.name))
                .chain(
                    topo.eip_nats[e]
                        .iter()
                        .map(|&n| format!("NAT gateway `{}`", m[n].decl.name)),
                )
                .collect();
            vec![format!(
                "- used by: {}",
                if users.is_empty() {
                    "nothing".into()
                } else {
                    users.join(", ")
                }
            )]
        }
        ResourceId::Volume(v) => {
            let vol = &m[v];
            let mut out = vec![format!(
                "- {} GiB {} in zone `{}`, {}",
                vol.size_gib.node,
                vol.volume_type().as_str(),
                vol.zone.node,
                if vol.encrypted() {
                    "encrypted"
                } else {
                    "not encrypted"
                }
            )];
            out.push(format!(
                "- attached to: {}",
                if vol.attachments.is_empty() {
                    "nothing".into()
                } else {
                    vol.attachments
                        .iter()
                        .map(|a| {
                            format!("`{}` as `{}`", m[a.instance.node].decl.name, a.device.node)
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ));
            out
        }
        ResourceId::PrefixList(p) => prefix_list(m, p),
        ResourceId::VpcEndpoint(e) => endpoint(m, e),
        ResourceId::FileSystem(f) => file_system(m, topo, f),
    }
}

/// A managed prefix list: its size, and where routes and rules name it.
fn prefix_list(m: &Model, p: PrefixListId) -> Vec<String> {
    let pl = &m[p];
    let this = PrefixListRef::Declared(p);
    let n = pl.entries.items.len();
    let tables = m
        .route_tables
        .iter()
        .filter(|t| t.prefix_list_routes.iter().any(|r| r.list.node == this))
        .map(|t| &t.decl.name);
    let groups = m
        .security_groups
        .iter()
        .filter(|g| {
            g.ingress
                .iter()
                .chain(&g.egress)
                .any(|r| r.peer.node == Peer::PrefixList(this))
        })
        .map(|g| &g.decl.name);
    vec![
        format!(
            "- {} {} entr{}; counts as {} against a security group's rule quota",
            n,
            pl.family.node.cfn(),
            if n == 1 { "y" } else { "ies" },
            pl.max_entries()
        ),
        format!("- route tables routing it: {}", names(tables)),
        format!("- security groups whose rules name it: {}", names(groups)),
    ]
}

/// A VPC endpoint: its type and service, and where it is.
fn endpoint(m: &Model, e: EndpointId) -> Vec<String> {
    let ep = &m[e];
    let mut out = vec![format!(
        "- {} endpoint for `{}` in VPC `{}`",
        match ep.endpoint_type() {
            EndpointType::Gateway => "gateway",
            EndpointType::Interface => "interface",
        },
        ep.service_key(),
        m[ep.vpc.node].decl.name
    )];
    match ep.endpoint_type() {
        EndpointType::Gateway => out.push(format!(
            "- its route is on route tables: {}",
            names(ep.route_tables.ids().map(|t| &m[t].decl.name))
        )),
        EndpointType::Interface => {
            out.push(format!(
                "- an interface in subnets: {}",
                names(ep.subnets.ids().map(|s| &m[s].decl.name))
            ));
            out.push(format!(
                "- private DNS {}",
                if ep.private_dns() {
                    "on: the service's usual name resolves to it in the VPC"
                } else {
                    "off: only the endpoint's own names reach it"
                }
            ));
            out.push(format!(
                "- security groups: {}",
                names(ep.security_groups.ids().map(|g| &m[g].decl.name))
            ));
        }
    }
    out
}

/// An EFS file system: where it can be mounted and who mounts it.
fn file_system(m: &Model, topo: &Topology, f: FsId) -> Vec<String> {
    let fs = &m[f];
    let clients: Vec<String> = topo.fs_clients[f]
        .iter()
        .map(|c| match *c {
            FsClient::Instance(i) => format!("instance `{}`", m[i].decl.name),
            FsClient::LaunchTemplate(l) => format!("launch-template `{}`", m[l].decl.name),
        })
        .collect();
    vec![
        format!(
            "- mount targets in subnets: {}",
            names(fs.mount_targets.ids().map(|s| &m[s].decl.name))
        ),
        format!(
            "- mounted by: {}",
            if clients.is_empty() {
                "nothing".into()
            } else {
                clients.join(", ")
            }
        ),
        format!(
            "- security groups: {}",
            names(fs.security_groups.ids().map(|g| &m[g].decl.name))
        ),
    ]
}

/// The route tables with a route to `target` (to a CIDR or a prefix
/// list).
fn routing_to(m: &Model, target: RouteTarget) -> impl Iterator<Item = &String> {
    m.route_tables
        .iter()
        .filter(move |t| {
            t.routes.iter().any(|r| r.target.node == target)
                || t.prefix_list_routes.iter().any(|r| r.target.node == target)
        })
        .map(|t| &t.decl.name)
}

fn load_balancer(m: &Model, topo: &Topology, l: LbId) -> Vec<String> {
    let lb = &m[l];
    let mut out = vec![
        format!(
            "- {} load balancer, {}",
            match lb.lb_type.node {
                LbType::Application => "application",
                LbType::Network => "network",
            },
            match lb.scheme() {
                Scheme::InternetFacing => "internet-facing",
                Scheme::Internal => "internal",
            }
        ),
        format!(
            "- subnets: {}",
            lb.subnets
                .ids()
                .map(|s| format!(
                    "`{}` ({})",
                    m[s].decl.name,
                    if topo.is_public(s) {
                        "public"
                    } else {
                        "private"
                    }
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ];
    for listener in &lb.listeners {
        let to = match &listener.action {
            ListenerAction::Forward(t) => format!("target group `{}`", m[t.node].decl.name),
            ListenerAction::Redirect { protocol, port } => {
                format!("a redirect to {} {}", protocol.node, port.node)
            }
        };
        out.push(format!(
            "- listener {} {} → {to}",
            listener.protocol.node, listener.port.node
        ));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn names<'a>(it: impl Iterator<Item = &'a String>) -> String {
    let v: Vec<String> = it.map(|n| format!("`{n}`")).collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// Addresses in a block, and how many AWS leaves usable in a subnet
/// (it reserves the first four and the last).
fn sizes(net: IpNet) -> (u128, u128) {
    let bits = u32::from(net.max_prefix_len() - net.prefix_len());
    let total = if bits >= 128 {
        u128::MAX
    } else {
        1u128 << bits
    };
    (total, total.saturating_sub(5))
}

/// A count of addresses: digits grouped, or a power of two past 2^32.
fn count(n: u128) -> String {
    match u64::try_from(n) {
        Ok(n) if n <= 1 << 32 => crate::model::limits::thousands(n),
        _ if n == u128::MAX => "2^128".into(),
        _ => format!("2^{}", 127 - n.leading_zeros()),
    }
}

fn vpc(m: &Model, topo: &Topology, v: VpcId) -> Vec<String> {
    let vpc = &m[v];
    let (total, _) = sizes(vpc.cidr.node);
    vec![
        format!("- `{}`: {} addresses", vpc.cidr.node, count(total)),
        format!(
            "- subnets: {}",
            names(topo.subnets_by_vpc[v].iter().map(|&s| &m[s].decl.name))
        ),
        format!(
            "- internet gateways: {}",
            names(topo.igws_by_vpc[v].iter().map(|&g| &m[g].decl.name))
        ),
    ]
}

fn subnet(m: &Model, topo: &Topology, s: SubnetId) -> Vec<String> {
    let sub = &m[s];
    let (total, usable) = sizes(sub.cidr.node);
    let mut out = vec![format!(
        "- `{}` in zone `{}`: {} addresses, {} usable (AWS reserves 5)",
        sub.cidr.node,
        sub.zone.node,
        count(total),
        count(usable)
    )];
    let reach = if topo.is_public(s) {
        match topo.subnet_default_route[s] {
            Some(RouteTarget::Igw(g)) => format!(
                "- **public**: its route table sends 0.0.0.0/0 to internet gateway `{}`",
                m[g].decl.name
            ),
            _ => "- **public**".to_string(),
        }
    } else {
        format!("- **private**: {}", why_private(m, topo, s).1)
    };
    out.push(reach);
    out.push(match topo.subnet_route_table[s] {
        Some(rt) => format!("- route table `{}`", m[rt].decl.name),
        None => "- route table: the VPC's main one (no route-table lists it)".into(),
    });
    out.push(match topo.subnet_acl[s] {
        Some(acl) => format!("- network ACL `{}`", m[acl].decl.name),
        None => "- network ACL: the VPC's default one, which allows everything".into(),
    });
    let holds: Vec<&String> = topo.instances_by_subnet[s]
        .iter()
        .map(|&i| &m[i].decl.name)
        .chain(topo.nats_by_subnet[s].iter().map(|&n| &m[n].decl.name))
        .chain(topo.lbs_by_subnet[s].iter().map(|&l| &m[l].decl.name))
        .chain(topo.asgs_by_subnet[s].iter().map(|&a| &m[a].decl.name))
        .collect();
    out.push(format!("- holds: {}", names(holds.into_iter())));
    out
}

fn security_group(m: &Model, topo: &Topology, g: SgId) -> Vec<String> {
    let sg = &m[g];
    let mut out: Vec<String> = sg
        .ingress
        .iter()
        .chain(&sg.egress)
        .map(|r| match r.action.node {
            Action::Deny => format!(
                "- `{}`: a deny, which a security group cannot do (S301)",
                r.text(m, g)
            ),
            Action::Allow => format!("- `{}`", r.text(m, g)),
        })
        .collect();
    if sg.default_egress() {
        out.push("- egress: everything (no egress line: the AWS default)".into());
    }
    let users: Vec<String> = topo.sg_users[g]
        .iter()
        .map(|u| match *u {
            SgUser::Instance(i) => format!("instance `{}`", m[i].decl.name),
            SgUser::LaunchTemplate(l) => format!("launch-template `{}`", m[l].decl.name),
            SgUser::LoadBalancer(l) => format!("load-balancer `{}`", m[l].decl.name),
            SgUser::FileSystem(f) => format!("file-system `{}`", m[f].decl.name),
            SgUser::Endpoint(e) => format!("vpc-endpoint `{}`", m[e].decl.name),
        })
        .collect();
    out.push(format!(
        "- used by: {}",
        if users.is_empty() {
            "nothing".into()
        } else {
            users.join(", ")
        }
    ));
    if !topo.sg_referenced_by[g].is_empty() {
        out.push(format!(
            "- named in the rules of: {}",
            names(topo.sg_referenced_by[g].iter().map(|&o| &m[o].decl.name))
        ));
    }
    out
}
