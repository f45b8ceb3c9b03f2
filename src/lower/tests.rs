use super::*;
use crate::span::Span;

#[test]
fn kebab_case_of_logical_ids() {
    assert_eq!(kebab("PublicSubnetA"), "public-subnet-a");
    assert_eq!(kebab("VPC"), "vpc");
    assert_eq!(kebab("AppSGIngress1"), "app-sg-ingress1");
    assert_eq!(kebab("1Thing"), "r-1-thing");
}

const PEERING: &str = r#"Resources:
  Hub:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Spoke:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.1.0.0/16 }
  HubA:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Hub, CidrBlock: 10.0.0.0/24, AvailabilityZone: us-east-1a }
  SpokeA:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Spoke, CidrBlock: 10.1.0.0/24, AvailabilityZone: us-east-1a }
  Peer:
    Type: AWS::EC2::VPCPeeringConnection
    Properties: { VpcId: !Ref Hub, PeerVpcId: !Ref Spoke }
  Outside:
    Type: AWS::EC2::VPCPeeringConnection
    Properties: { VpcId: !Ref Hub, PeerVpcId: vpc-0abc1234, PeerOwnerId: "123456789012" }
  HubTgw:
    Type: AWS::EC2::TransitGatewayAttachment
    Properties: { TransitGatewayId: tgw-0123456789abcdef0, VpcId: !Ref Hub, SubnetIds: [!Ref HubA] }
  SpokeTgw:
    Type: AWS::EC2::TransitGatewayAttachment
    Properties: { TransitGatewayId: tgw-0123456789abcdef0, VpcId: !Ref Spoke, SubnetIds: [!Ref SpokeA] }
  HubRt:
    Type: AWS::EC2::RouteTable
    Properties: { VpcId: !Ref Hub }
  ToSpoke:
    Type: AWS::EC2::Route
    Properties: { RouteTableId: !Ref HubRt, DestinationCidrBlock: 10.1.0.0/16, VpcPeeringConnectionId: !Ref Peer }
  ToCorp:
    Type: AWS::EC2::Route
    Properties: { RouteTableId: !Ref HubRt, DestinationCidrBlock: 172.20.0.0/16, TransitGatewayId: tgw-0123456789abcdef0 }
  ToOutside:
    Type: AWS::EC2::Route
    Properties: { RouteTableId: !Ref HubRt, DestinationCidrBlock: 10.50.0.0/16, VpcPeeringConnectionId: !Ref Outside }
"#;

/// The generated text of `needle` (its last word when it has a space:
/// `-> x` is `x` after `->`) maps back to exactly `expect` in the template.
fn maps(l: &Lowered, needle: &str, expect: &str) {
    let at = l
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in\n{}", l.text));
    let word = needle.rsplit(' ').next().unwrap();
    let at = (at + needle.len() - word.len()) as u32;
    let span = l.map.lookup(Span::new(at, at + word.len() as u32)).unwrap();
    assert_eq!(
        &PEERING[span.start as usize..span.end as usize],
        expect,
        "{needle}"
    );
}

#[test]
fn peerings_transit_gateways_and_their_routes() {
    let (t, problems) = crate::cfn::load(PEERING, &crate::cfn::Options::default());
    assert!(problems.is_empty(), "{problems:?}");
    let l = lower(PEERING, &t.unwrap(), &Options::default());
    let body: String = l
        .text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        body.contains("vpc-peering peer {\n  vpc hub\n  peer-vpc spoke\n}"),
        "{body}"
    );
    // One block for the two attachments, its networks from the route to it.
    assert!(
        body.contains(
            "transit-gateway hub-tgw {\n  id tgw-0123456789abcdef0\n  networks 172.20.0.0/16\n  attach hub subnets hub-a\n  attach spoke subnets spoke-a\n}"
        ),
        "{body}"
    );
    assert!(body.contains("route 10.1.0.0/16 -> peer\n"), "{body}");
    assert!(body.contains("route 172.20.0.0/16 -> hub-tgw\n"), "{body}");
    // The peer outside the template has no known blocks: left out, and
    // the route over it with it.
    assert!(!body.contains("outside"), "{body}");
    let t005: Vec<&Finding> = l
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Unknown)
        .collect();
    assert_eq!(t005.len(), 1, "{:?}", l.findings);
    assert_eq!(
        &PEERING[t005[0].span.start as usize..t005[0].span.end as usize],
        "vpc-0abc1234"
    );
    assert!(t005[0].help.as_deref().unwrap().contains("peer-cidrs"));
    assert_eq!(l.names["SpokeTgw"], "hub-tgw");
    maps(&l, "peer-vpc spoke", "!Ref Spoke");
    maps(&l, "id tgw-0123456789abcdef0", "tgw-0123456789abcdef0");
    maps(&l, "attach spoke", "!Ref Spoke");
    maps(&l, "-> hub-tgw", "tgw-0123456789abcdef0");
    maps(&l, "networks 172.20.0.0/16", "172.20.0.0/16");
}

#[test]
fn an_outside_peer_takes_its_blocks_from_the_metadata_build_writes() {
    let src = PEERING.replace(
        "  Outside:\n    Type: AWS::EC2::VPCPeeringConnection\n",
        "  Outside:\n    Type: AWS::EC2::VPCPeeringConnection\n    Metadata: { netlint: { peer-cidrs: [10.50.0.0/16] } }\n",
    );
    let (t, _) = crate::cfn::load(&src, &crate::cfn::Options::default());
    let l = lower(&src, &t.unwrap(), &Options::default());
    assert!(
        l.text.contains("vpc-peering outside {\n  vpc hub\n  peer-cidrs 10.50.0.0/16\n  peer-vpc-id vpc-0abc1234\n  peer-account 123456789012\n}"),
        "{}",
        l.text
    );
    assert!(l.text.contains("route 10.50.0.0/16 -> outside\n"));
    assert!(
        l.findings.iter().all(|f| f.kind != FindingKind::Unknown),
        "{:?}",
        l.findings
    );
}

/// `!GetAtt X.AvailabilityZone` is the zone X is in: an instance's own,
/// else its subnet's; a subnet's own. Nothing reported for it.
#[test]
fn a_zone_from_get_att_is_the_zone_of_that_resource() {
    let src = r#"Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Net:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: us-east-1b }
  Web:
    Type: AWS::EC2::Instance
    Properties: { ImageId: ami-0abcdef1234567890, InstanceType: t3.micro, SubnetId: !Ref Net }
  Placed:
    Type: AWS::EC2::Instance
    Properties: { ImageId: ami-0abcdef1234567890, InstanceType: t3.micro, AvailabilityZone: us-east-1c }
  ByInstance:
    Type: AWS::EC2::Volume
    Properties: { AvailabilityZone: !GetAtt Web.AvailabilityZone, Size: 8 }
  ByOwnZone:
    Type: AWS::EC2::Volume
    Properties: { AvailabilityZone: !GetAtt Placed.AvailabilityZone, Size: 8 }
  BySubnet:
    Type: AWS::EC2::Volume
    Properties: { AvailabilityZone: !GetAtt Net.AvailabilityZone, Size: 8 }
"#;
    let (t, problems) = crate::cfn::load(src, &crate::cfn::Options::default());
    assert!(problems.is_empty(), "{problems:?}");
    let l = lower(src, &t.unwrap(), &Options::default());
    for (volume, zone) in [
        ("by-instance", "us-east-1b"),
        ("by-own-zone", "us-east-1c"),
        ("by-subnet", "us-east-1b"),
    ] {
        assert!(
            l.text
                .contains(&format!("volume {volume} {{\n  zone {zone}\n")),
            "{volume} in {zone}:\n{}",
            l.text
        );
    }
    // (`Placed` names no subnet, and is told so; the volumes are silent.)
    assert!(
        l.findings
            .iter()
            .all(|f| !f.message.contains("AvailabilityZone")),
        "{:?}",
        l.findings
    );
}
