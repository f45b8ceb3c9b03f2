//! A network description the fuzzer builds with `arbitrary`, written out as
//! a `.net` file that the front end accepts: every reference names a
//! declared resource of the right kind, every value has its type, names are
//! unique. Random bytes almost never get that far (a few percent of them
//! reach `reach`'s engine); these always should, so the fuzzer spends its
//! time on routes, ACLs, security groups, load balancers and paths.
//!
//! The kinds of real networks are in it too: dual-stack VPCs and subnets
//! (`ipv6-index`, `ipv6-on-launch`, hosts' `ipv6-addresses`), egress-only
//! gateways, prefix lists (declared, by id, AWS-managed) in group rules and
//! routes, gateway and interface VPC endpoints, file systems and `mounts`,
//! flow logs, `access` and `instance-profile`, listener rules and load
//! balancer attributes; and `reach` asks about subnets (`subnet:<name>`),
//! services (`service:<name>`) and file systems as well.
//!
//! What is *not* kept consistent on purpose: references across VPCs,
//! overlapping or out-of-VPC CIDRs, duplicate routes and rule numbers,
//! `deny` in groups, subnets in two route tables. Those are rule findings
//! (A, R, S, N, … codes), not front-end errors, and the engine must cope
//! with a model that has them.

use arbitrary::{Arbitrary, Unstructured};
use std::fmt::Write;

/// Bounds that keep one input's work small (a fuzzer wants many runs per
/// second) while leaving room for every interaction.
const MAX_VPCS: usize = 3;
const MAX_PER_VPC: usize = 6;
const MAX_RULES: usize = 10;
const MAX_QUERIES: usize = 4;

#[derive(Debug)]
pub struct Network {
    pub region: Option<u8>,
    pub vpcs: Vec<Vpc>,
    pub queries: Vec<Query>,
}

#[derive(Debug, Arbitrary)]
pub struct Vpc {
    pub prefix: u8,
    pub ipv6: bool,
    pub dns: Option<bool>,
    pub igw: u8,
    pub subnets: Vec<Subnet>,
    pub route_tables: Vec<RouteTable>,
    pub nats: Vec<Nat>,
    pub groups: Vec<Group>,
    pub acls: Vec<Acl>,
    pub instances: Vec<Instance>,
    pub lbs: Vec<Lb>,
    pub target_groups: Vec<TargetGroup>,
    pub asgs: Vec<Asg>,
    pub volumes: Vec<Volume>,
    pub eigw: bool,
    pub flow_logs: Option<u8>,
    pub prefix_lists: Vec<PrefixList>,
    pub endpoints: Vec<VpcEndpoint>,
    pub file_systems: Vec<FileSystem>,
}

#[derive(Debug, Arbitrary)]
pub struct Subnet {
    pub prefix: u8,
    pub zone: u8,
    pub public_ip: Option<bool>,
    pub ipv6_cidr: bool,
    pub weird_cidr: Option<Cidr>,
    /// In a dual-stack VPC: `ipv6 off`, an `ipv6-index`, `ipv6-on-launch`.
    pub ipv6_off: bool,
    pub ipv6_index: Option<u8>,
    pub ipv6_on_launch: Option<bool>,
}

#[derive(Debug, Arbitrary)]
pub struct RouteTable {
    pub subnets: Vec<Ref>,
    pub routes: Vec<(Cidr, Target)>,
    pub list_routes: Vec<(ListRef, Target)>,
}

#[derive(Debug, Arbitrary)]
pub enum Target {
    Igw(Ref),
    Nat(Ref),
    Eigw,
}

/// A prefix list where a rule or a route takes one.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum ListRef {
    Declared(Ref),
    Aws(u8),
    Id(u32),
}

#[derive(Debug, Arbitrary)]
pub struct PrefixList {
    pub ipv6: bool,
    pub entries: Vec<(u32, u8)>,
    pub spare: Option<u8>,
}

#[derive(Debug, Arbitrary)]
pub struct VpcEndpoint {
    pub service: u8,
    /// Gateway services as interface endpoints, and the reverse.
    pub odd_type: bool,
    pub route_tables: Vec<Ref>,
    pub subnets: Vec<Ref>,
    pub groups: Vec<Ref>,
    pub private_dns: Option<bool>,
    pub policy: bool,
}

#[derive(Debug, Arbitrary)]
pub struct FileSystem {
    pub mount_targets: Vec<Ref>,
    pub groups: Vec<Ref>,
    pub encrypted: Option<bool>,
    pub throughput: Option<u8>,
    pub backup: Option<bool>,
}

/// What real hosts add: Session Manager access, an instance profile, IPv6
/// addresses, a file system to mount.
#[derive(Debug, Arbitrary)]
pub struct HostExtras {
    pub access: Option<u8>,
    pub profile: Option<bool>,
    pub ipv6_addresses: Option<u8>,
    pub mounts: Option<Ref>,
}

#[derive(Debug, Arbitrary)]
pub struct Nat {
    pub subnet: Ref,
    pub eip: bool,
    pub private: bool,
}

#[derive(Debug, Arbitrary)]
pub struct Group {
    pub description: bool,
    pub rules: Vec<SgRule>,
}

#[derive(Debug, Arbitrary)]
pub struct SgRule {
    pub egress: bool,
    pub deny: Option<bool>,
    pub traffic: Proto,
    pub peer: Peer,
}

#[derive(Debug, Arbitrary)]
pub enum Peer {
    Cidr(Cidr),
    Group(Ref),
    SelfRef,
    List(ListRef),
}

#[derive(Debug, Arbitrary)]
pub struct Acl {
    pub subnets: Vec<Ref>,
    pub rules: Vec<AclRule>,
}

#[derive(Debug, Arbitrary)]
pub struct AclRule {
    pub outbound: bool,
    pub number: u16,
    pub allow: bool,
    pub traffic: Proto,
    pub cidr: Cidr,
}

#[derive(Debug, Arbitrary)]
pub enum Proto {
    Tcp(Ports),
    Udp(Ports),
    Icmp(Option<u8>),
    Icmpv6(Option<u8>),
    All,
}

#[derive(Debug, Arbitrary)]
pub enum Ports {
    One(Port),
    Range(Port, Port),
}

/// A port drawn mostly from the ones rules and listeners care about.
#[derive(Debug, Arbitrary)]
pub enum Port {
    Known(u8),
    Any(u16),
}

#[derive(Debug, Arbitrary)]
pub enum Cidr {
    Anywhere,
    Anywhere6,
    Vpc(Ref),
    Subnet(Ref),
    Host(u32, u8),
    V6(u16, u8),
}

#[derive(Debug, Arbitrary)]
pub struct Instance {
    pub subnet: Ref,
    pub groups: Vec<Ref>,
    pub key: Option<u8>,
    pub public_ip: Option<bool>,
    pub bastion: bool,
    pub eip: bool,
    pub imds_v1: bool,
    pub extras: HostExtras,
}

#[derive(Debug, Arbitrary)]
pub struct Lb {
    pub network: bool,
    pub internal: Option<bool>,
    pub dualstack: bool,
    pub subnets: Vec<Ref>,
    pub groups: Option<Vec<Ref>>,
    pub listeners: Vec<Listener>,
    pub rules: Vec<LbRule>,
    /// Attributes, one bit each: access logs, deletion protection, idle
    /// timeout / cross-zone, invalid headers kept.
    pub attributes: u8,
}

#[derive(Debug, Arbitrary)]
pub struct LbRule {
    pub listener: u8,
    pub priority: u16,
    pub host: bool,
    pub group: Ref,
}

#[derive(Debug, Arbitrary)]
pub enum Listener {
    Forward {
        protocol: u8,
        port: Port,
        group: Ref,
        certificate: bool,
    },
    Redirect(Port, Port),
}

#[derive(Debug, Arbitrary)]
pub struct TargetGroup {
    pub protocol: u8,
    pub port: Port,
    pub health: Option<u8>,
    pub targets: Vec<Ref>,
    pub sticky: bool,
}

#[derive(Debug, Arbitrary)]
pub struct Asg {
    pub subnets: Vec<Ref>,
    pub groups: Vec<Ref>,
    pub public_ip: Option<bool>,
    pub min: u8,
    pub max: u8,
    pub target_groups: Vec<Ref>,
    pub elb_health: bool,
    pub extras: HostExtras,
}

#[derive(Debug, Arbitrary)]
pub struct Volume {
    pub instance: Ref,
    pub zone: u8,
    pub device: u8,
    pub io2: bool,
}

/// A reference: an index into the resources of one kind, taken modulo
/// their number. `far` picks from every VPC, otherwise from the own one.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Ref {
    pub far: bool,
    pub index: u8,
}

#[derive(Debug, Arbitrary)]
pub struct Query {
    pub from: Endpoint,
    pub to: Endpoint,
    pub traffic: Vec<Proto>,
    pub json: bool,
}

#[derive(Debug, Arbitrary)]
pub enum Endpoint {
    Internet,
    Instance(Ref),
    Lb(Ref),
    Asg(Ref),
    Cidr(Cidr),
    Subnet(Ref),
    Service(u8),
    FileSystem(Ref),
}

fn bounded<'a, T: Arbitrary<'a>>(
    u: &mut Unstructured<'a>,
    max: usize,
) -> arbitrary::Result<Vec<T>> {
    let n = u.int_in_range(0..=max)?;
    (0..n).map(|_| T::arbitrary(u)).collect()
}

impl<'a> Arbitrary<'a> for Network {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let region = Option::<u8>::arbitrary(u)?;
        let n = u.int_in_range(1..=MAX_VPCS)?;
        let mut vpcs = Vec::with_capacity(n);
        for _ in 0..n {
            let mut v = Vpc {
                prefix: u8::arbitrary(u)?,
                ipv6: bool::arbitrary(u)?,
                dns: Option::<bool>::arbitrary(u)?,
                igw: u8::arbitrary(u)?,
                subnets: Vec::new(),
                route_tables: Vec::new(),
                nats: Vec::new(),
                groups: Vec::new(),
                acls: Vec::new(),
                instances: Vec::new(),
                lbs: Vec::new(),
                target_groups: Vec::new(),
                asgs: Vec::new(),
                volumes: Vec::new(),
                eigw: bool::arbitrary(u)?,
                flow_logs: Option::<u8>::arbitrary(u)?,
                prefix_lists: Vec::new(),
                endpoints: Vec::new(),
                file_systems: Vec::new(),
            };
            v.subnets = bounded(u, MAX_PER_VPC)?;
            v.route_tables = bounded(u, 3)?;
            v.nats = bounded(u, 2)?;
            v.groups = bounded(u, 4)?;
            v.acls = bounded(u, 3)?;
            v.instances = bounded(u, MAX_PER_VPC)?;
            v.lbs = bounded(u, 2)?;
            v.target_groups = bounded(u, 3)?;
            v.asgs = bounded(u, 2)?;
            v.volumes = bounded(u, 2)?;
            v.prefix_lists = bounded(u, 2)?;
            v.endpoints = bounded(u, 3)?;
            v.file_systems = bounded(u, 2)?;
            vpcs.push(v);
        }
        let queries = bounded(u, MAX_QUERIES)?;
        Ok(Network {
            region,
            vpcs,
            queries,
        })
    }
}

const PORTS: [u16; 16] = [
    22, 80, 443, 3389, 5432, 3306, 8080, 8443, 53, 123, 0, 1024, 65535, 6379, 25, 1,
];
const ZONES: [&str; 3] = ["a", "b", "c"];
const SERVICES: [&str; 8] = [
    "s3",
    "dynamodb",
    "ssm",
    "ssmmessages",
    "ecr.api",
    "logs",
    "sqs",
    "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
];
const AWS_LISTS: [&str; 3] = ["aws:s3", "aws:dynamodb", "aws:cloudfront"];
const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-northeast-2"];

impl Port {
    fn value(&self) -> u16 {
        match self {
            Port::Known(i) => PORTS[*i as usize % PORTS.len()],
            Port::Any(p) => *p,
        }
    }
    fn listener(&self) -> u16 {
        self.value().max(1)
    }
}

impl Ports {
    fn text(&self) -> String {
        match self {
            Ports::One(p) => p.value().to_string(),
            Ports::Range(a, b) => {
                let (a, b) = (a.value(), b.value());
                format!("{}-{}", a.min(b), a.max(b))
            }
        }
    }
}

impl Proto {
    fn text(&self) -> String {
        match self {
            Proto::Tcp(p) => format!("tcp {}", p.text()),
            Proto::Udp(p) => format!("udp {}", p.text()),
            Proto::Icmp(None) => "icmp".into(),
            Proto::Icmp(Some(t)) => format!("icmp {t}"),
            Proto::Icmpv6(None) => "icmpv6".into(),
            Proto::Icmpv6(Some(t)) => format!("icmpv6 {t}"),
            Proto::All => "all".into(),
        }
    }
}

/// Names and addresses of what was declared, per VPC, for references.
#[derive(Default)]
struct Names {
    vpcs: Vec<String>,
    vpc_cidrs: Vec<String>,
    /// (vpc, name, cidr, zone)
    subnets: Vec<(usize, String, String, &'static str)>,
    igws: Vec<(usize, String)>,
    nats: Vec<(usize, String)>,
    groups: Vec<(usize, String)>,
    instances: Vec<(usize, String, &'static str)>,
    lbs: Vec<(usize, String)>,
    tgs: Vec<(usize, String)>,
    asgs: Vec<(usize, String)>,
    route_tables: Vec<(usize, String)>,
    eigws: Vec<(usize, String)>,
    /// (vpc, name, IPv6)
    prefix_lists: Vec<(usize, String, bool)>,
    file_systems: Vec<(usize, String)>,
    /// VPCs with IPv6.
    dual: Vec<bool>,
    /// Dual-stack subnets.
    v6_subnets: Vec<String>,
}

/// Pick by reference among `items` (each tagged with its VPC): from the
/// own VPC unless `far` or the own VPC has none.
fn pick<T>(items: &[T], vpc_of: impl Fn(&T) -> usize, r: Ref, vpc: usize) -> Option<&T> {
    if items.is_empty() {
        return None;
    }
    if !r.far {
        let own: Vec<&T> = items.iter().filter(|t| vpc_of(t) == vpc).collect();
        if !own.is_empty() {
            return Some(own[r.index as usize % own.len()]);
        }
    }
    Some(&items[r.index as usize % items.len()])
}

impl Names {
    fn subnet(&self, r: Ref, vpc: usize) -> Option<&(usize, String, String, &'static str)> {
        pick(&self.subnets, |s| s.0, r, vpc)
    }
    fn named(list: &[(usize, String)], r: Ref, vpc: usize) -> Option<&str> {
        pick(list, |s| s.0, r, vpc).map(|s| s.1.as_str())
    }
    fn list(&self, l: ListRef, vpc: usize) -> String {
        match l {
            ListRef::Declared(r) => match pick(&self.prefix_lists, |p| p.0, r, vpc) {
                Some(p) => p.1.clone(),
                None => AWS_LISTS[0].into(),
            },
            ListRef::Aws(i) => AWS_LISTS[i as usize % AWS_LISTS.len()].into(),
            ListRef::Id(x) => format!("pl-{x:08x}"),
        }
    }
    fn cidr(&self, c: &Cidr, vpc: usize) -> String {
        match c {
            Cidr::Anywhere => "0.0.0.0/0".into(),
            Cidr::Anywhere6 => "::/0".into(),
            Cidr::Vpc(r) => {
                let i = if r.far {
                    r.index as usize % self.vpc_cidrs.len()
                } else {
                    vpc
                };
                self.vpc_cidrs[i].clone()
            }
            Cidr::Subnet(r) => match self.subnet(*r, vpc) {
                Some(s) => s.2.clone(),
                None => "10.0.0.0/8".into(),
            },
            Cidr::Host(a, len) => {
                let len = u32::from(*len % 33);
                let addr = if len == 0 {
                    0
                } else {
                    a & (u32::MAX << (32 - len))
                };
                format!("{}/{len}", std::net::Ipv4Addr::from(addr))
            }
            Cidr::V6(a, len) => {
                let len = (*len % 65).min(64);
                let addr = if len == 0 {
                    0
                } else {
                    (u128::from(*a) << 112) & (u128::MAX << (128 - u32::from(len)))
                };
                format!("{}/{len}", std::net::Ipv6Addr::from(addr))
            }
        }
    }
}

/// The file's text, and the `reach` questions to ask of it (argument
/// words after `reach - `).
pub fn render(n: &Network) -> (String, Vec<Vec<String>>) {
    let mut s = String::new();
    let mut names = Names::default();
    if let Some(r) = n.region {
        let _ = writeln!(s, "region {}", REGIONS[r as usize % REGIONS.len()]);
    }
    // Declare every name first, so references can go anywhere (a reference
    // may come before its declaration in the language, too).
    for (v, vpc) in n.vpcs.iter().enumerate() {
        names.vpcs.push(format!("vpc{v}"));
        // Mostly a /16, sometimes a /20 too small for its subnets (A101).
        let vpc_len = if vpc.prefix % 8 == 7 { 20 } else { 16 };
        names.vpc_cidrs.push(format!("10.{v}.0.0/{vpc_len}"));
        if vpc.igw % 4 != 0 {
            names.igws.push((v, format!("igw{v}")));
        }
        for (k, sub) in vpc.subnets.iter().enumerate() {
            // Subnet k owns 10.v.(k*16).0/20; its prefix is /20../28.
            let len = 20 + u32::from(sub.prefix % 9);
            let cidr = format!("10.{v}.{}.0/{len}", k * 16);
            let zone = ZONES[sub.zone as usize % ZONES.len()];
            if vpc.ipv6 && !sub.ipv6_off {
                names.v6_subnets.push(format!("s{v}x{k}"));
            }
            names.subnets.push((v, format!("s{v}x{k}"), cidr, zone));
        }
        for k in 0..vpc.groups.len() {
            names.groups.push((v, format!("sg{v}x{k}")));
        }
        for k in 0..vpc.target_groups.len() {
            names.tgs.push((v, format!("tg{v}x{k}")));
        }
        for k in 0..vpc.route_tables.len() {
            names.route_tables.push((v, format!("rt{v}x{k}")));
        }
        if vpc.eigw {
            names.eigws.push((v, format!("eigw{v}")));
        }
        for (k, p) in vpc.prefix_lists.iter().enumerate() {
            if !p.entries.is_empty() {
                names.prefix_lists.push((v, format!("pl{v}x{k}"), p.ipv6));
            }
        }
        names.dual.push(vpc.ipv6);
    }
    // What sits in a subnet exists only when some subnet does.
    if !names.subnets.is_empty() {
        for (v, vpc) in n.vpcs.iter().enumerate() {
            for k in 0..vpc.nats.len() {
                names.nats.push((v, format!("nat{v}x{k}")));
            }
            for (k, inst) in vpc.instances.iter().enumerate() {
                let zone = names.subnet(inst.subnet, v).map_or("a", |s| s.3);
                names.instances.push((v, format!("i{v}x{k}"), zone));
            }
            for k in 0..vpc.lbs.len() {
                names.lbs.push((v, format!("lb{v}x{k}")));
            }
            for k in 0..vpc.asgs.len() {
                names.asgs.push((v, format!("asg{v}x{k}")));
            }
            for k in 0..vpc.file_systems.len() {
                names.file_systems.push((v, format!("fs{v}x{k}")));
            }
        }
    }
    for (v, vpc) in n.vpcs.iter().enumerate() {
        write_vpc(&mut s, &names, v, vpc);
    }
    let mut queries = Vec::new();
    for q in &n.queries {
        let (Some(from), Some(to)) = (endpoint(&names, &q.from), endpoint(&names, &q.to)) else {
            continue;
        };
        if from == "internet" && to == "internet" {
            continue;
        }
        let mut words = vec![from, to];
        for t in q.traffic.iter().take(4) {
            words.extend(t.text().split(' ').map(str::to_string));
        }
        if q.json {
            words.extend(["--format".into(), "json".into()]);
        }
        queries.push(words);
    }
    (s, queries)
}

fn endpoint(names: &Names, e: &Endpoint) -> Option<String> {
    let name = |list: &[(usize, String)], r: &Ref| Names::named(list, *r, 0).map(str::to_string);
    match e {
        Endpoint::Internet => Some("internet".into()),
        Endpoint::Instance(r) => pick(&names.instances, |i| i.0, *r, 0).map(|i| i.1.clone()),
        Endpoint::Lb(r) => name(&names.lbs, r),
        Endpoint::Asg(r) => name(&names.asgs, r),
        Endpoint::Cidr(c) => Some(names.cidr(c, 0)),
        Endpoint::Subnet(r) => names.subnet(*r, 0).map(|s| format!("subnet:{}", s.1)),
        Endpoint::Service(i) => Some(format!("service:{}", SERVICES[*i as usize % 7])),
        Endpoint::FileSystem(r) => name(&names.file_systems, r),
    }
}

/// A list of references, deduplicated (a duplicate in a list is still
/// accepted by the language, but adds nothing the fuzzer needs).
fn list<'n>(refs: &[Ref], max: usize, f: impl Fn(Ref) -> Option<&'n str>) -> Vec<&'n str> {
    let mut out: Vec<&str> = Vec::new();
    for r in refs.iter().take(max) {
        if let Some(n) = f(*r)
            && !out.contains(&n)
        {
            out.push(n);
        }
    }
    out
}

/// Like `list`, for a list the kind requires: never empty while there is
/// something to name.
fn required<'n>(refs: &[Ref], max: usize, f: impl Fn(Ref) -> Option<&'n str>) -> Vec<&'n str> {
    const FIRST: Ref = Ref {
        far: false,
        index: 0,
    };
    let mut out = list(refs, max, &f);
    if out.is_empty() {
        out.extend(f(FIRST));
    }
    out
}

fn write_vpc(s: &mut String, names: &Names, v: usize, vpc: &Vpc) {
    let vname = &names.vpcs[v];
    let ipv6 = if vpc.ipv6 { "; ipv6 on" } else { "" };
    let dns = match vpc.dns {
        Some(true) => "; dns on",
        Some(false) => "; dns off",
        None => "",
    };
    const TRAFFIC: [&str; 4] = ["", " traffic all", " traffic accept", " traffic reject"];
    let flow = match vpc.flow_logs {
        Some(f) if f % 2 == 0 => format!(
            "; flow-logs arn:aws:s3:::fuzz-logs/vpc{v}{}",
            TRAFFIC[f as usize / 2 % 4]
        ),
        Some(f) => format!(
            "; flow-logs cloudwatch vpc{v}-flows role arn:aws:iam::123456789012:role/flows{}",
            TRAFFIC[f as usize / 2 % 4]
        ),
        None => String::new(),
    };
    let _ = writeln!(
        s,
        "\nvpc {vname} {{ cidr {}{ipv6}{dns}{flow} }}",
        names.vpc_cidrs[v]
    );
    if let Some((_, igw)) = names.igws.iter().find(|g| g.0 == v) {
        let _ = writeln!(s, "internet-gateway {igw} {{ vpc {vname} }}");
    }
    if let Some((_, g)) = names.eigws.iter().find(|g| g.0 == v) {
        let _ = writeln!(s, "egress-only-internet-gateway {g} {{ vpc {vname} }}");
    }
    for (k, p) in vpc.prefix_lists.iter().enumerate() {
        let entries: Vec<String> = p
            .entries
            .iter()
            .take(5)
            .map(|(a, len)| {
                if p.ipv6 {
                    names.cidr(&Cidr::V6(*a as u16, *len), v)
                } else {
                    names.cidr(&Cidr::Host(*a, *len), v)
                }
            })
            .collect();
        if entries.is_empty() {
            continue;
        }
        let family = if p.ipv6 { "ipv6" } else { "ipv4" };
        let _ = write!(
            s,
            "prefix-list pl{v}x{k} {{ family {family}; entries {}",
            entries.join(", ")
        );
        if let Some(spare) = p.spare {
            let _ = write!(
                s,
                "; max-entries {}",
                entries.len() + usize::from(spare % 8)
            );
        }
        s.push_str(" }\n");
    }
    let own_subnets: Vec<_> = names.subnets.iter().filter(|x| x.0 == v).collect();
    for (sub, (_, name, cidr, zone)) in vpc.subnets.iter().zip(&own_subnets) {
        // Sometimes a block that overlaps another or lies outside the VPC
        // (A101, A102); always IPv4, which a subnet's `cidr` must be.
        let cidr = match &sub.weird_cidr {
            Some(c) if sub.ipv6_cidr => Some(names.cidr(c, v)).filter(|c| !c.contains(':')),
            _ => None,
        }
        .unwrap_or_else(|| cidr.clone());
        let pip = match sub.public_ip {
            Some(true) => "; public-ip on",
            Some(false) => "; public-ip off",
            None => "",
        };
        let mut v6 = String::new();
        if vpc.ipv6 {
            if sub.ipv6_off {
                v6.push_str("; ipv6 off");
            } else {
                if let Some(i) = sub.ipv6_index {
                    let _ = write!(v6, "; ipv6-index {i}");
                }
                match sub.ipv6_on_launch {
                    Some(true) => v6.push_str("; ipv6-on-launch on"),
                    Some(false) => v6.push_str("; ipv6-on-launch off"),
                    None => {}
                }
            }
        }
        let _ = writeln!(
            s,
            "subnet {name} {{ vpc {vname}; cidr {cidr}; zone {zone}{pip}{v6} }}"
        );
    }
    for (k, nat) in vpc.nats.iter().enumerate() {
        let Some(sub) = names.subnet(nat.subnet, v) else {
            continue;
        };
        let _ = write!(s, "nat-gateway nat{v}x{k} {{ subnet {}", sub.1);
        if nat.private {
            s.push_str("; connectivity private");
        } else if nat.eip {
            let _ = write!(s, "; eip nat{v}x{k}ip");
        }
        s.push_str(" }\n");
        if !nat.private && nat.eip {
            let _ = writeln!(s, "eip nat{v}x{k}ip {{}}");
        }
    }
    for (k, rt) in vpc.route_tables.iter().enumerate() {
        let _ = write!(s, "route-table rt{v}x{k} {{\n  vpc {vname}\n");
        let subs = list(&rt.subnets, 4, |r| names.subnet(r, v).map(|x| x.1.as_str()));
        if !subs.is_empty() {
            let _ = writeln!(s, "  subnets {}", subs.join(", "));
        }
        for (cidr, target) in rt.routes.iter().take(MAX_RULES) {
            if let Some(t) = route_target(names, target, v) {
                let _ = writeln!(s, "  route {} -> {t}", names.cidr(cidr, v));
            }
        }
        for (list, target) in rt.list_routes.iter().take(3) {
            if let Some(t) = route_target(names, target, v) {
                let _ = writeln!(s, "  route {} -> {t}", names.list(*list, v));
            }
        }
        s.push_str("}\n");
    }
    for (k, g) in vpc.groups.iter().enumerate() {
        let _ = write!(s, "security-group sg{v}x{k} {{\n  vpc {vname}\n");
        if g.description {
            let _ = writeln!(s, "  description \"group {k} of {vname}\"");
        }
        for r in g.rules.iter().take(MAX_RULES) {
            let dir = if r.egress { "egress" } else { "ingress" };
            let word = if r.egress { "to" } else { "from" };
            let action = match r.deny {
                Some(true) => "deny ",
                Some(false) => "allow ",
                None => "",
            };
            let peer = match &r.peer {
                Peer::Cidr(c) => names.cidr(c, v),
                Peer::Group(g) => Names::named(&names.groups, *g, v)
                    .unwrap_or("self")
                    .to_string(),
                Peer::SelfRef => "self".into(),
                Peer::List(l) => names.list(*l, v),
            };
            let _ = writeln!(s, "  {dir} {action}{} {word} {peer}", r.traffic.text());
        }
        s.push_str("}\n");
    }
    for (k, acl) in vpc.acls.iter().enumerate() {
        let _ = write!(s, "network-acl acl{v}x{k} {{\n  vpc {vname}\n");
        let subs = list(&acl.subnets, 4, |r| {
            names.subnet(r, v).map(|x| x.1.as_str())
        });
        if !subs.is_empty() {
            let _ = writeln!(s, "  subnets {}", subs.join(", "));
        }
        for r in acl.rules.iter().take(MAX_RULES) {
            let (dir, word) = if r.outbound {
                ("outbound", "to")
            } else {
                ("inbound", "from")
            };
            let action = if r.allow { "allow" } else { "deny" };
            let number = 1 + r.number % 32766;
            let _ = writeln!(
                s,
                "  {dir} {number} {action} {} {word} {}",
                r.traffic.text(),
                names.cidr(&r.cidr, v)
            );
        }
        s.push_str("}\n");
    }
    let ssm = "ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
    for (k, inst) in vpc.instances.iter().enumerate() {
        let Some(sub) = names.subnet(inst.subnet, v) else {
            continue;
        };
        let _ = write!(
            s,
            "instance i{v}x{k} {{\n  subnet {}\n  ami {ssm}\n  type t3.micro\n",
            sub.1
        );
        let groups = list(&inst.groups, 3, |r| Names::named(&names.groups, r, v));
        if !groups.is_empty() {
            let _ = writeln!(s, "  security-groups {}", groups.join(", "));
        }
        if let Some(key) = inst.key {
            let _ = writeln!(s, "  key-pair key{}", key % 3);
        }
        match inst.public_ip {
            Some(true) => s.push_str("  public-ip on\n"),
            Some(false) => s.push_str("  public-ip off\n"),
            None => {}
        }
        if inst.bastion {
            s.push_str("  role bastion\n");
        }
        if inst.imds_v1 {
            s.push_str("  imds v1\n");
        }
        host_extras(s, names, v, &inst.extras, &[&sub.1]);
        s.push_str("}\n");
        if inst.eip {
            let _ = writeln!(s, "eip i{v}x{k}ip {{ instance i{v}x{k} }}");
        }
    }
    for (k, vol) in vpc.volumes.iter().enumerate() {
        let Some(inst) = pick(&names.instances, |i| i.0, vol.instance, v) else {
            continue;
        };
        let zone = if vol.zone % 4 == 0 {
            ZONES[vol.zone as usize / 4 % ZONES.len()]
        } else {
            inst.2
        };
        let kind = if vol.io2 {
            "; type io2; iops 1000; multi-attach on"
        } else {
            ""
        };
        let dev = (b'f' + vol.device % 4) as char;
        let _ = writeln!(
            s,
            "volume vol{v}x{k} {{ zone {zone}; size 100GiB{kind}; attach {} /dev/xvd{dev} }}",
            inst.1
        );
    }
    const LB_PROTOCOLS: [&str; 6] = ["http", "https", "tcp", "udp", "tls", "tcp_udp"];
    for (k, lb) in vpc.lbs.iter().enumerate() {
        let subs = required(&lb.subnets, 3, |r| names.subnet(r, v).map(|x| x.1.as_str()));
        if subs.is_empty() {
            continue;
        }
        let kind = if lb.network { "network" } else { "application" };
        let _ = write!(
            s,
            "load-balancer lb{v}x{k} {{\n  type {kind}\n  subnets {}\n",
            subs.join(", ")
        );
        match lb.internal {
            Some(true) => s.push_str("  scheme internal\n"),
            Some(false) => s.push_str("  scheme internet-facing\n"),
            None => {}
        }
        if lb.dualstack {
            s.push_str("  ip-address-type dualstack\n");
        }
        if let Some(groups) = &lb.groups {
            let groups = list(groups, 3, |r| Names::named(&names.groups, r, v));
            if !groups.is_empty() {
                let _ = writeln!(s, "  security-groups {}", groups.join(", "));
            }
        }
        let mut ports = Vec::new();
        for l in lb.listeners.iter().take(4) {
            // One listener per port: two would share a logical id (E010).
            let port = match l {
                Listener::Forward { port, .. } | Listener::Redirect(port, _) => port.listener(),
            };
            if ports.contains(&port) {
                continue;
            }
            ports.push(port);
            match l {
                Listener::Forward {
                    protocol,
                    port,
                    group,
                    certificate,
                } => {
                    let Some(tg) = Names::named(&names.tgs, *group, v) else {
                        continue;
                    };
                    let p = LB_PROTOCOLS[*protocol as usize % LB_PROTOCOLS.len()];
                    let _ = write!(s, "  listener {p} {} -> {tg}", port.listener());
                    if *certificate {
                        s.push_str(
                            " certificate arn:aws:acm:us-east-1:123456789012:certificate/fuzz",
                        );
                    }
                    s.push('\n');
                }
                Listener::Redirect(from, to) => {
                    let _ = writeln!(
                        s,
                        "  listener http {} redirect https {}",
                        from.listener(),
                        to.listener()
                    );
                }
            }
        }
        if !lb.network {
            let mut priorities = Vec::new();
            for r in lb.rules.iter().take(4) {
                let Some(tg) = Names::named(&names.tgs, r.group, v) else {
                    continue;
                };
                // Rules of the listeners written, sometimes of none (L716).
                let port = ports
                    .get(r.listener as usize % (ports.len() + 1))
                    .copied()
                    .unwrap_or(8081);
                let priority = 1 + r.priority % 50_000;
                if priorities.contains(&(port, priority)) {
                    continue;
                }
                priorities.push((port, priority));
                let cond = if r.host {
                    "host api.example.com, *.example.org"
                } else {
                    "path /api/*, /v?/*"
                };
                let _ = writeln!(s, "  rule {port} {priority} {cond} -> {tg}");
            }
        }
        let a = lb.attributes;
        if a & 1 != 0 {
            s.push_str("  access-logs arn:aws:s3:::fuzz-lb-logs prefix lb\n");
        }
        if a & 2 != 0 {
            s.push_str("  deletion-protection on\n");
        }
        if a & 4 != 0 {
            s.push_str(if lb.network {
                "  cross-zone on\n"
            } else {
                "  idle-timeout 120s\n"
            });
        }
        if a & 8 != 0 && !lb.network {
            s.push_str("  drop-invalid-headers off\n");
        }
        s.push_str("}\n");
    }
    for (k, tg) in vpc.target_groups.iter().enumerate() {
        let p = LB_PROTOCOLS[tg.protocol as usize % LB_PROTOCOLS.len()];
        let _ = write!(
            s,
            "target-group tg{v}x{k} {{\n  vpc {vname}\n  protocol {p}\n  port {}\n",
            tg.port.listener()
        );
        match tg.health.map(|h| h % 4) {
            Some(0) => s.push_str("  health-check http /health\n"),
            Some(1) => s.push_str("  health-check https /\n"),
            Some(_) => s.push_str("  health-check tcp\n"),
            None => {}
        }
        if tg.sticky {
            s.push_str("  sticky on\n");
        }
        let targets = list(&tg.targets, 3, |r| {
            pick(&names.instances, |i| i.0, r, v).map(|i| i.1.as_str())
        });
        if !targets.is_empty() {
            let _ = writeln!(s, "  targets {}", targets.join(", "));
        }
        s.push_str("}\n");
    }
    for (k, asg) in vpc.asgs.iter().enumerate() {
        let subs = required(&asg.subnets, 3, |r| {
            names.subnet(r, v).map(|x| x.1.as_str())
        });
        if subs.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            "launch-template lt{v}x{k} {{\n  ami {ssm}\n  type t3.small\n"
        );
        let groups = list(&asg.groups, 3, |r| Names::named(&names.groups, r, v));
        if !groups.is_empty() {
            let _ = writeln!(s, "  security-groups {}", groups.join(", "));
        }
        match asg.public_ip {
            Some(true) => s.push_str("  public-ip on\n"),
            Some(false) => s.push_str("  public-ip off\n"),
            None => {}
        }
        host_extras(s, names, v, &asg.extras, &subs);
        s.push_str("}\n");
        let (min, max) = (asg.min % 4, asg.max % 8);
        let _ = write!(
            s,
            "auto-scaling-group asg{v}x{k} {{\n  launch-template lt{v}x{k}\n  subnets {}\n  min {min}\n  max {max}\n",
            subs.join(", ")
        );
        let tgs = list(&asg.target_groups, 2, |r| Names::named(&names.tgs, r, v));
        if !tgs.is_empty() {
            let _ = writeln!(s, "  target-groups {}", tgs.join(", "));
        }
        if asg.elb_health {
            s.push_str("  health-check elb grace 60s\n");
        }
        s.push_str("}\n");
    }
    for (k, e) in vpc.endpoints.iter().enumerate() {
        let service = SERVICES[e.service as usize % SERVICES.len()];
        // AWS has gateway endpoints for s3 and dynamodb only (anything else
        // is E004): an odd type makes those two interface endpoints, and
        // spells out the default for the rest.
        let gateway = matches!(service, "s3" | "dynamodb") && !e.odd_type;
        // Route tables or subnets of the endpoint's own VPC; with none, no
        // endpoint (the front end requires them).
        let places = if gateway {
            required(&e.route_tables, 3, |r| {
                let r = Ref { far: false, ..r };
                pick(&names.route_tables, |t| t.0, r, v)
                    .filter(|t| t.0 == v)
                    .map(|t| t.1.as_str())
            })
        } else {
            required(&e.subnets, 3, |r| {
                let r = Ref { far: false, ..r };
                names
                    .subnet(r, v)
                    .filter(|x| x.0 == v)
                    .map(|x| x.1.as_str())
            })
        };
        if places.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            "vpc-endpoint ep{v}x{k} {{\n  vpc {vname}\n  service {service}\n"
        );
        if e.odd_type {
            let t = if gateway { "gateway" } else { "interface" };
            let _ = writeln!(s, "  type {t}");
        }
        if gateway {
            let _ = writeln!(s, "  route-tables {}", places.join(", "));
        } else {
            let _ = writeln!(s, "  subnets {}", places.join(", "));
            let groups = list(&e.groups, 2, |r| Names::named(&names.groups, r, v));
            if !groups.is_empty() {
                let _ = writeln!(s, "  security-groups {}", groups.join(", "));
            }
            match e.private_dns {
                Some(true) => s.push_str("  private-dns on\n"),
                Some(false) => s.push_str("  private-dns off\n"),
                None => {}
            }
        }
        if e.policy {
            s.push_str(
                "  policy \"{\\\"Statement\\\": [{\\\"Effect\\\": \\\"Allow\\\", \\\"Principal\\\": \\\"*\\\", \\\"Action\\\": \\\"*\\\", \\\"Resource\\\": \\\"*\\\"}]}\"\n",
            );
        }
        s.push_str("}\n");
    }
    for (k, f) in vpc.file_systems.iter().enumerate() {
        if !names
            .file_systems
            .iter()
            .any(|x| x.1 == format!("fs{v}x{k}"))
        {
            continue;
        }
        let _ = write!(s, "file-system fs{v}x{k} {{\n  vpc {vname}\n");
        let subs = list(&f.mount_targets, 3, |r| {
            names.subnet(r, v).map(|x| x.1.as_str())
        });
        if !subs.is_empty() {
            let _ = writeln!(s, "  mount-targets {}", subs.join(", "));
        }
        let groups = list(&f.groups, 2, |r| Names::named(&names.groups, r, v));
        if !groups.is_empty() {
            let _ = writeln!(s, "  security-groups {}", groups.join(", "));
        }
        match f.encrypted {
            Some(true) => s.push_str("  encrypted on\n"),
            Some(false) => s.push_str("  encrypted off\n"),
            None => {}
        }
        match f.throughput.map(|t| t % 3) {
            Some(0) => s.push_str("  throughput elastic\n"),
            Some(1) => s.push_str("  throughput provisioned 64\n"),
            Some(_) => s.push_str("  throughput bursting\n"),
            None => {}
        }
        if let Some(b) = f.backup {
            s.push_str(if b { "  backup on\n" } else { "  backup off\n" });
        }
        s.push_str("}\n");
    }
}

/// A route's target: a gateway of the route table's VPC (or another).
fn route_target<'n>(names: &'n Names, t: &Target, v: usize) -> Option<&'n str> {
    match t {
        Target::Igw(r) => Names::named(&names.igws, *r, v),
        Target::Nat(r) => Names::named(&names.nats, *r, v),
        Target::Eigw => Names::named(
            &names.eigws,
            Ref {
                far: false,
                index: 0,
            },
            v,
        ),
    }
}

/// Session Manager access, an instance profile, IPv6 addresses (only in
/// dual-stack subnets: elsewhere the front end refuses them) and a file
/// system of the host's VPC to mount.
fn host_extras(s: &mut String, names: &Names, v: usize, x: &HostExtras, subnets: &[&str]) {
    const ACCESS: [&str; 3] = ["ssh", "ssm", "both"];
    if let Some(a) = x.access {
        let _ = writeln!(s, "  access {}", ACCESS[a as usize % 3]);
    }
    match x.profile {
        Some(true) => s.push_str("  instance-profile ssm-managed-instance\n"),
        Some(false) => {
            s.push_str("  instance-profile arn:aws:iam::123456789012:instance-profile/fuzz\n")
        }
        None => {}
    }
    if let Some(n) = x.ipv6_addresses
        && subnets
            .iter()
            .all(|sub| names.v6_subnets.iter().any(|d| d == sub))
    {
        let _ = writeln!(s, "  ipv6-addresses {}", n % 3);
    }
    if let Some(r) = x.mounts {
        let r = Ref { far: false, ..r };
        if let Some(fs) = pick(&names.file_systems, |f| f.0, r, v).filter(|f| f.0 == v) {
            let _ = writeln!(s, "  mounts {}", fs.1);
        }
    }
}
