//! Routing beyond one VPC: VPC peering connections and the VPC attachments
//! of existing transit gateways (the gateway itself is not created).

use super::*;

impl Emitter<'_> {
    /// `AWS::EC2::VPCPeeringConnection`: the peer VPC by `Ref`, or by id
    /// with its account and region when it lies outside the file.
    pub(super) fn vpc_peering(&mut self, i: PeeringId) {
        let p = &self.m[i];
        let mut res = Res::new("AWS::EC2::VPCPeeringConnection")
            .prop("VpcId", reference(&self.ids.vpc[p.vpc.node]));
        res = match &p.peer {
            PeerSide::Vpc(v) => res.prop("PeerVpcId", reference(&self.ids.vpc[v.node])),
            PeerSide::External {
                cidrs,
                vpc_id,
                account,
                region,
                ..
            } => res
                .prop("PeerVpcId", json!(vpc_id.node))
                .prop_opt("PeerOwnerId", account.as_ref().map(|a| json!(a.node)))
                .prop_opt("PeerRegion", region.as_ref().map(|r| json!(r.node)))
                .netlint("peer-cidrs", cidr_list(cidrs)),
        };
        let res = res.prop("Tags", name_tags(&p.decl.name));
        self.add(&self.ids.vpc_peering[i], res);
    }

    /// One `AWS::EC2::TransitGatewayAttachment` per `attach`.
    pub(super) fn tgw_attachments(&mut self, i: TgwId) {
        let t = &self.m[i];
        for (k, a) in t.attachments.iter().enumerate() {
            let subnets: Vec<Value> = a
                .subnets
                .ids()
                .map(|s| reference(&self.ids.subnet[s]))
                .collect();
            let res = Res::new("AWS::EC2::TransitGatewayAttachment")
                .prop("TransitGatewayId", json!(t.id.node))
                .prop("VpcId", reference(&self.ids.vpc[a.vpc.node]))
                .prop("SubnetIds", Value::Array(subnets))
                .prop("Tags", name_tags(&t.decl.name))
                .netlint("networks", cidr_list(&t.networks));
            self.add(&self.ids.tgw_attachment[i][k], res);
        }
    }
}

/// The blocks of a list, as strings (for `Metadata.netlint`).
fn cidr_list(l: &List<IpNet>) -> Value {
    Value::Array(l.items.iter().map(|c| json!(c.node.to_string())).collect())
}
