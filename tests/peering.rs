//! VPC peering and transit gateways: what the resolver refuses (with its
//! help), how `reach` crosses them hop by hop (both directions of a
//! peering, its route back, its refusal of transitive traffic; a transit
//! gateway's zones and networks), the rules that changed for them, and what
//! `build` writes.

mod common;

use common::*;
use netlint::catalog::Code;

/// A hub and a spoke, peered, each routing the other's block over the
/// peering; the hub attached to transit gateway corp in zone a only.
const BASE: &str = "region us-east-1
vpc hub { cidr 10.0.0.0/16 }
vpc spoke { cidr 10.1.0.0/16 }
subnet shared-a { vpc hub; cidr 10.0.10.0/24; zone a }
subnet shared-b { vpc hub; cidr 10.0.11.0/24; zone b }
subnet tgw-a { vpc hub; cidr 10.0.250.0/28; zone a }
subnet app-a { vpc spoke; cidr 10.1.10.0/24; zone a }
vpc-peering hub-to-spoke { vpc hub; peer-vpc spoke }
transit-gateway corp { id tgw-0123456789abcdef0; networks 172.20.0.0/16; attach hub subnets tgw-a }
security-group dir-sg { vpc hub; description \"directory\"; ingress tcp 443 from app-sg; ingress tcp 443 from 172.20.0.0/16; ingress tcp 443 from 10.50.0.0/16 }
security-group app-sg { vpc spoke; description \"app\"; ingress tcp 443 from 10.0.0.0/16 }
instance dir { subnet shared-a; ami ami-0c55b159cbfafe1f0; type t3.micro; security-groups dir-sg }
instance dir-b { subnet shared-b; ami ami-0c55b159cbfafe1f0; type t3.micro; security-groups dir-sg }
instance app { subnet app-a; ami ami-0c55b159cbfafe1f0; type t3.micro; security-groups app-sg }
";

const HUB_RT: &str = "route-table shared-rt { vpc hub; subnets shared-a, shared-b; route 10.1.0.0/16 -> hub-to-spoke; route 172.20.0.0/16 -> corp }\n";
const SPOKE_RT: &str =
    "route-table app-rt { vpc spoke; subnets app-a; route 10.0.0.0/16 -> hub-to-spoke }\n";

fn diags(extra: &str) -> Vec<netlint::diagnostics::Diagnostic> {
    check(&format!("{BASE}{extra}"))
}

fn errors(extra: &str) -> Vec<(Code, String, String)> {
    diags(extra)
        .into_iter()
        .filter(|d| d.code.as_str().starts_with('E'))
        .map(|d| {
            (
                d.code,
                d.message.clone(),
                d.help.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn one_error(extra: &str) -> (Code, String, String) {
    let e = errors(extra);
    assert_eq!(e.len(), 1, "{extra}: {e:?}");
    e.into_iter().next().unwrap()
}

fn codes(extra: &str) -> Vec<&'static str> {
    diags(extra).iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn pasted_ids_say_what_to_write_instead() {
    let (code, _, help) = one_error("route-table r { vpc hub; route 10.9.0.0/16 -> pcx-0a1b2c3d }");
    assert_eq!(code, Code::E005);
    assert!(help.contains("vpc-peering <name>"), "{help}");
    // The id of a declared transit gateway: its name is suggested.
    let (code, _, help) =
        one_error("route-table r { vpc hub; route 10.9.0.0/16 -> tgw-0123456789abcdef1 }");
    assert_eq!(code, Code::E005);
    assert!(help.contains("corp"), "{help}");
    let (code, _, help) = one_error("vpc-peering p { vpc hub; peer-vpc vpc-0abc1234 }");
    assert_eq!(code, Code::E005);
    assert!(help.contains("peer-vpc-id vpc-0abc1234"), "{help}");
    // A misspelt peering's name.
    let (code, _, help) = one_error("route-table r { vpc hub; route 10.1.0.0/16 -> hub-to-spok }");
    assert_eq!(code, Code::E005);
    assert!(help.contains("hub-to-spoke"), "{help}");
}

#[test]
fn peering_and_gateway_shapes() {
    let (code, _, _) = one_error("vpc-peering p { vpc hub }");
    assert_eq!(code, Code::E008);
    let (code, _, help) = one_error("vpc-peering p { vpc hub; peer-cidrs 10.9.0.0/16 }");
    assert_eq!(code, Code::E008);
    assert!(help.contains("peer-vpc-id"), "{help}");
    let (code, _, _) =
        one_error("vpc-peering p { vpc hub; peer-vpc spoke; peer-cidrs 10.9.0.0/16 }");
    assert_eq!(code, Code::E004);
    let (code, msg, _) = one_error("vpc-peering p { vpc hub; peer-vpc hub }");
    assert_eq!(code, Code::E004);
    assert!(msg.contains("itself"), "{msg}");
    let (code, _, _) = one_error(
        "vpc-peering p { vpc hub; peer-cidrs 10.9.0.0/16; peer-vpc-id vpc-0abc1234; peer-account 1234 }",
    );
    assert_eq!(code, Code::E004);
    let (code, msg, _) = one_error("transit-gateway t { id tgw-xyz; networks 10.9.0.0/16 }");
    assert_eq!(code, Code::E004);
    assert!(msg.contains("tgw id"), "{msg}");
    let (code, msg, _) = one_error(
        "transit-gateway t { id tgw-0123456789abcdef1; networks 10.9.0.0/16; attach hub subnets shared-a; attach hub subnets shared-b }",
    );
    assert_eq!(code, Code::E004);
    assert!(msg.contains("twice"), "{msg}");
}

/// `reach` on BASE and `extra`, tcp 443: (verdict, human output).
fn reach(extra: &str, from: &str, to: &str) -> (String, String) {
    reach_tcp_443("peering-reach", &format!("{BASE}{extra}"), from, to)
}

/// The hop lines (`N. pass|block  what`) of a human answer, in order.
fn hops(out: &str) -> Vec<String> {
    out.lines()
        .map(str::trim)
        .filter(|l| {
            l.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
        })
        .map(|l| {
            let (_, rest) = l.split_once(". ").unwrap();
            rest.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

#[test]
fn across_a_peering_both_ways_hop_by_hop() {
    let extra = format!("{HUB_RT}{SPOKE_RT}");
    let (v, out) = reach(&extra, "app", "dir");
    assert_eq!(v, "reachable", "{out}");
    assert_eq!(
        hops(&out),
        [
            "pass security group app-sg outbound",
            "pass default network ACL outbound (subnet app-a)",
            "pass route table app-rt (subnet app-a)",
            "pass route back: route table shared-rt (subnet shared-a)",
            "pass default network ACL inbound (subnet shared-a)",
            "pass security group dir-sg inbound",
            "pass default network ACL outbound (subnet shared-a)",
            "pass default network ACL inbound (subnet app-a)",
        ],
        "{out}"
    );
    assert!(out.contains("-> hub-to-spoke"), "{out}");
    // The other way: the spoke's group admits the hub's block.
    let (v, out) = reach(&extra, "dir", "app");
    assert_eq!(v, "reachable", "{out}");
}

#[test]
fn no_route_back_in_the_peer_vpc_is_the_blocker() {
    let (v, out) = reach(
        &format!("{HUB_RT}route-table app-rt {{ vpc spoke; subnets app-a }}\n"),
        "dir",
        "app",
    );
    assert_eq!(v, "blocked", "{out}");
    assert!(out.contains("first blocker"), "{out}");
    assert!(out.contains("no route back in the peer VPC"), "{out}");
    assert!(
        out.contains("route back: route table app-rt (subnet app-a)"),
        "{out}"
    );
    // R213 says so without asking.
    assert!(
        codes(&format!(
            "{HUB_RT}route-table app-rt {{ vpc spoke; subnets app-a }}\n"
        ))
        .contains(&"R213")
    );
}

#[test]
fn without_a_route_over_the_peering_there_is_no_path() {
    let (v, out) = reach(HUB_RT, "app", "dir");
    assert_eq!(v, "blocked", "{out}");
    assert!(out.contains("main route table (subnet app-a)"), "{out}");
}

#[test]
fn a_peering_does_not_carry_transitive_traffic() {
    // The spoke sends the on-premises range over the peering to the hub,
    // which holds a route to it: the peering still drops it.
    let extra = format!(
        "{HUB_RT}route-table app-rt {{ vpc spoke; subnets app-a; route 10.0.0.0/16 -> hub-to-spoke; route 172.20.0.0/16 -> hub-to-spoke }}\n"
    );
    let (v, out) = reach(&extra, "app", "corp");
    assert_eq!(v, "blocked", "{out}");
    assert!(out.contains("does not carry transitive traffic"), "{out}");
    assert!(out.contains("peering hub-to-spoke"), "{out}");
    assert!(codes(&extra).contains(&"R214"));
}

#[test]
fn a_transit_gateway_takes_traffic_only_in_zones_of_its_attachment() {
    let (v, out) = reach(HUB_RT, "dir", "corp");
    assert_eq!(v, "reachable", "{out}");
    assert!(
        hops(&out).contains(&"pass transit gateway corp".to_string()),
        "{out}"
    );
    assert!(
        out.contains("among the networks behind transit gateway corp"),
        "{out}"
    );
    // dir-b is in zone b, where the attachment has no subnet.
    let (v, out) = reach(HUB_RT, "dir-b", "corp");
    assert_eq!(v, "blocked", "{out}");
    assert!(out.contains("has no subnet in zone b"), "{out}");
    assert!(codes(HUB_RT).contains(&"R215"));
    // From the networks behind it, back through it.
    let (v, out) = reach(HUB_RT, "corp", "dir");
    assert_eq!(v, "reachable", "{out}");
    assert!(
        out.contains("transit gateway corp is attached to vpc hub"),
        "{out}"
    );
    // Addresses behind it that it does not hold are not reached.
    let (v, out) = reach(HUB_RT, "dir", "172.21.0.0/16");
    assert_eq!(v, "blocked", "{out}");
}

#[test]
fn a_peer_outside_the_file_is_its_cidrs() {
    let extra = "vpc-peering to-shared { vpc hub; peer-cidrs 10.50.0.0/16; peer-vpc-id vpc-0abc1234; peer-account 123456789012; peer-region eu-west-1 }
route-table shared-rt { vpc hub; subnets shared-a; route 10.50.0.0/16 -> to-shared }
";
    let (v, out) = reach(extra, "dir", "peer:to-shared");
    assert_eq!(v, "reachable", "{out}");
    assert!(out.contains("peering to-shared carries it"), "{out}");
    let (v, out) = reach(extra, "peer:to-shared", "dir");
    assert_eq!(v, "reachable", "{out}");
    assert!(
        out.contains("enter vpc hub over peering to-shared"),
        "{out}"
    );
    // Without the route, replies are lost.
    let bare =
        "vpc-peering to-shared { vpc hub; peer-cidrs 10.50.0.0/16; peer-vpc-id vpc-0abc1234 }\n";
    let (v, out) = reach(bare, "peer:to-shared", "dir");
    assert_eq!(v, "blocked", "{out}");
    assert!(out.contains("no route back"), "{out}");
    // A word that names no peering.
    let dir = scratch_dir("peering-bad-peer");
    let path = dir.join("n.net");
    std::fs::write(&path, format!("{BASE}{extra}")).unwrap();
    let p = path.display().to_string();
    let (code, _, err) = common::netlint(&["reach", &p, "dir", "peer:to-share", "tcp", "443"], "");
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `peer:to-shared`"), "{err}");
}

#[test]
fn groups_of_a_peered_vpc_may_be_named() {
    assert!(!codes(&format!("{HUB_RT}{SPOKE_RT}")).contains(&"S306"));
    let unpeered = BASE.replace("vpc-peering hub-to-spoke { vpc hub; peer-vpc spoke }\n", "");
    assert!(check(&unpeered).iter().any(|d| d.code == Code::S306));
}

#[test]
fn r205_and_r219_cover_peerings_and_attachments() {
    let other = "vpc third { cidr 10.3.0.0/16 }
subnet third-a { vpc third; cidr 10.3.1.0/24; zone a }
route-table third-rt { vpc third; subnets third-a; route 10.1.0.0/16 -> hub-to-spoke; route 172.20.0.0/16 -> corp }
";
    let r205 = diags(other)
        .into_iter()
        .filter(|d| d.code == Code::R205)
        .count();
    assert_eq!(r205, 2);
    let twice = "subnet tgw-a2 { vpc hub; cidr 10.0.250.32/28; zone a }
transit-gateway corp2 { id tgw-0123456789abcdef1; networks 10.200.0.0/16; attach hub subnets tgw-a, tgw-a2 }
";
    assert!(codes(twice).contains(&"R219"));
}

#[test]
fn build_writes_the_peering_the_attachment_and_their_routes() {
    let src = format!(
        "{BASE}{HUB_RT}{SPOKE_RT}vpc-peering to-shared {{ vpc hub; peer-cidrs 10.50.0.0/16; peer-vpc-id vpc-0abc1234; peer-account 123456789012; peer-region eu-west-1 }}\n"
    );
    let (model, topo) = netlint::check::load(&src).expect("valid");
    let t = netlint::emit::template(&model, &topo);
    let r = &t["Resources"];
    assert_eq!(r["HubToSpoke"]["Type"], "AWS::EC2::VPCPeeringConnection");
    assert_eq!(r["HubToSpoke"]["Properties"]["PeerVpcId"]["Ref"], "Spoke");
    assert_eq!(r["ToShared"]["Properties"]["PeerVpcId"], "vpc-0abc1234");
    assert_eq!(r["ToShared"]["Properties"]["PeerOwnerId"], "123456789012");
    assert_eq!(r["ToShared"]["Properties"]["PeerRegion"], "eu-west-1");
    let att = &r["CorpHubAttachment"];
    assert_eq!(att["Type"], "AWS::EC2::TransitGatewayAttachment");
    assert_eq!(
        att["Properties"]["TransitGatewayId"],
        "tgw-0123456789abcdef0"
    );
    assert_eq!(att["Properties"]["SubnetIds"][0]["Ref"], "TgwA");
    assert_eq!(
        r["SharedRtRoute1"]["Properties"]["VpcPeeringConnectionId"]["Ref"],
        "HubToSpoke"
    );
    let tgw_route = &r["SharedRtRoute2"];
    assert_eq!(
        tgw_route["Properties"]["TransitGatewayId"],
        "tgw-0123456789abcdef0"
    );
    assert_eq!(tgw_route["DependsOn"][0], "CorpHubAttachment");
    // The transit gateway itself is not created.
    assert!(r.get("Corp").is_none());
}

#[test]
fn a_gateway_or_peer_behind_the_vpc_does_not_hide_internet_exposure() {
    // The hub is attached to corp and peered with a VPC outside the file;
    // a public host open to the world is still X901's, and the networks
    // behind them are not "the internet".
    let extra = "internet-gateway igw { vpc hub }
subnet web-a { vpc hub; cidr 10.0.1.0/24; zone a; public-ip on }
route-table web-rt { vpc hub; subnets web-a; route 0.0.0.0/0 -> igw; route 172.20.0.0/16 -> corp; route 10.50.0.0/16 -> to-shared }
vpc-peering to-shared { vpc hub; peer-cidrs 10.50.0.0/16; peer-vpc-id vpc-0abc1234 }
security-group web-sg { vpc hub; description \"web\"; ingress tcp 22 from 0.0.0.0/0 }
instance web { subnet web-a; ami ami-0c55b159cbfafe1f0; type t3.micro; security-groups web-sg }
";
    assert!(codes(extra).contains(&"X901"), "{:?}", codes(extra));
    let (v, out) = reach(extra, "corp", "web");
    assert!(out.contains("transit gateway corp"), "{out}");
    assert_ne!(v, "?", "{out}");
}
