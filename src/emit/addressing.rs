//! Addressing beyond one IPv4 block: a VPC's secondary IPv4 blocks and its
//! IPv6 block (`AWS::EC2::VPCCidrBlock` each), a subnet's IPv6 /64 and
//! zone id, and egress-only internet gateways.

use super::*;

impl Emitter<'_> {
    /// One `AWS::EC2::VPCCidrBlock` per secondary IPv4 block and one for
    /// the IPv6 block: Amazon-provided, or the /56 as written.
    pub(super) fn vpc_blocks(&mut self, i: VpcId) {
        let v = &self.m[i];
        let id = &self.ids.vpc[i];
        for (k, c) in v.secondary_cidrs.iter().enumerate() {
            let res = Res::new("AWS::EC2::VPCCidrBlock")
                .prop("VpcId", reference(id))
                .prop("CidrBlock", json!(c.node.to_string()));
            self.add(&self.ids.vpc_cidr[i][k], res);
        }
        if let Some(block) = &self.ids.vpc_ipv6[i] {
            let res = Res::new("AWS::EC2::VPCCidrBlock").prop("VpcId", reference(id));
            let res = match v.ipv6_cidr {
                Some(c) => res.prop("Ipv6CidrBlock", json!(c.node.to_string())),
                None => res.prop("AmazonProvidedIpv6CidrBlock", json!(true)),
            };
            self.add(block, res);
        }
    }

    /// `AvailabilityZone` for a zone name or letter, `AvailabilityZoneId`
    /// for an AZ id (`use1-az1`): subnets and volumes take either.
    pub(super) fn subnet_zone(&self, res: Res, z: &Zone) -> Res {
        match z {
            Zone::Id(id) => res.prop("AvailabilityZoneId", json!(id)),
            _ => res.prop("AvailabilityZone", zone(z)),
        }
    }

    /// A dual-stack subnet's /64 and `AssignIpv6AddressOnCreation`, and
    /// the VPC blocks the subnet needs to exist first: the IPv6 block, and
    /// the secondary IPv4 block its own block comes from. For an
    /// Amazon-provided /56 the /64 is its `ipv6-index`th (of 256) through
    /// `Fn::Cidr`; for a written /56 it is written out.
    pub(super) fn subnet_ipv6(&self, mut res: Res, i: SubnetId) -> Res {
        let s = &self.m[i];
        let vpc = s.vpc.node;
        let v = &self.m[vpc];
        if let Some(k) = v
            .secondary_cidrs
            .iter()
            .position(|c| c.node.contains(&s.cidr.node))
            .filter(|_| !v.cidr.node.contains(&s.cidr.node))
        {
            res = res.depends([self.ids.vpc_cidr[vpc][k].clone()]);
        }
        let Some(block) = &self.ids.vpc_ipv6[vpc] else {
            return res;
        };
        if !self.m.subnet_dual_stack(i) {
            return res;
        }
        let index = self.topo.subnet_ipv6_index[i].filter(|k| *k < 256);
        let cidr = match (s.ipv6_cidr, v.ipv6_cidr, index) {
            (Some(c), _, _) => Some(json!(c.node.to_string())),
            (None, Some(b), Some(k)) => nth_64(b.node, k).map(|n| json!(n)),
            (None, None, Some(k)) => Some(json!({ "Fn::Select": [k, { "Fn::Cidr": [
                { "Fn::Select": [0, get_att(&self.ids.vpc[vpc], "Ipv6CidrBlocks")] },
                256,
                64
            ] }] })),
            _ => None,
        };
        let Some(cidr) = cidr else { return res };
        res.prop("Ipv6CidrBlock", cidr)
            .prop("AssignIpv6AddressOnCreation", json!(s.ipv6_on_launch()))
            .depends([block.clone()])
    }

    pub(super) fn eigw(&mut self, i: EigwId) {
        let g = &self.m[i];
        let res = Res::new("AWS::EC2::EgressOnlyInternetGateway")
            .prop("VpcId", reference(&self.ids.vpc[g.vpc.node]))
            .prop("Tags", name_tags(&g.decl.name));
        self.add(&self.ids.eigw[i], res);
    }
}

/// The `k`th /64 of a /56, as text.
fn nth_64(block: IpNet, k: u32) -> Option<String> {
    let IpNet::V6(b) = block else { return None };
    let base = u128::from(b.network());
    let net = std::net::Ipv6Addr::from(base + (u128::from(k) << 64));
    Some(format!("{net}/64"))
}
