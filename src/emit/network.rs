//! VPCs, internet gateways and their attachments, subnets, route tables
//! with their routes and associations, Elastic IPs, NAT gateways.

use super::*;

impl Emitter<'_> {
    pub(super) fn vpc(&mut self, i: VpcId) {
        let v = &self.m[i];
        let id = &self.ids.vpc[i];
        let res = Res::new("AWS::EC2::VPC")
            .prop("CidrBlock", json!(v.cidr.node.to_string()))
            .prop("EnableDnsSupport", json!(v.dns()))
            .prop("EnableDnsHostnames", json!(v.dns()))
            .prop("Tags", name_tags(&v.decl.name));
        self.add(id, res);
        self.vpc_blocks(i);
        self.flow_log(i);
    }

    pub(super) fn igw(&mut self, i: IgwId) {
        let g = &self.m[i];
        let id = &self.ids.igw[i];
        self.add(
            id,
            Res::new("AWS::EC2::InternetGateway").prop("Tags", name_tags(&g.decl.name)),
        );
        let res = Res::new("AWS::EC2::VPCGatewayAttachment")
            .prop("VpcId", reference(&self.ids.vpc[g.vpc.node]))
            .prop("InternetGatewayId", reference(id));
        self.add(&self.ids.igw_attachment[i], res);
    }

    /// A dual-stack subnet gets its /64 of the VPC's /56 (see
    /// [`Emitter::subnet_ipv6`]).
    pub(super) fn subnet(&mut self, i: SubnetId) {
        let s = &self.m[i];
        let vpc = s.vpc.node;
        let vpc_id = &self.ids.vpc[vpc];
        let res = Res::new("AWS::EC2::Subnet")
            .prop("VpcId", reference(vpc_id))
            .prop("CidrBlock", json!(s.cidr.node.to_string()));
        let res = self
            .subnet_zone(res, &s.zone.node)
            .prop("MapPublicIpOnLaunch", json!(s.public_ip()));
        let res = self
            .subnet_ipv6(res, i)
            .prop("Tags", name_tags(&s.decl.name));
        self.add(&self.ids.subnet[i], res);
    }

    pub(super) fn route_table(&mut self, i: RouteTableId) {
        let rt = &self.m[i];
        let id = &self.ids.route_table[i];
        let vpc = rt.vpc.node;
        let res = Res::new("AWS::EC2::RouteTable")
            .prop("VpcId", reference(&self.ids.vpc[vpc]))
            .prop("Tags", name_tags(&rt.decl.name));
        self.add(id, res);
        for (k, route) in rt.routes.iter().enumerate() {
            let mut res = Res::new("AWS::EC2::Route").prop("RouteTableId", reference(id));
            let dest = route.destination.node;
            res = match dest {
                IpNet::V4(_) => res.prop("DestinationCidrBlock", json!(dest.to_string())),
                IpNet::V6(_) => {
                    let block = self.ids.vpc_ipv6[vpc].clone();
                    res.prop("DestinationIpv6CidrBlock", json!(dest.to_string()))
                        .depends(block)
                }
            };
            res = self.route_target(res, route.target.node, vpc);
            self.add(&self.ids.route[i][k], res);
        }
        self.prefix_list_routes(i);
        for (k, s) in rt.subnets.ids().enumerate() {
            let res = Res::new("AWS::EC2::SubnetRouteTableAssociation")
                .prop("SubnetId", reference(&self.ids.subnet[s]))
                .prop("RouteTableId", reference(id));
            self.add(&self.ids.route_table_association[i][k], res);
        }
    }

    /// A route's target property; a route to a transit gateway waits for
    /// the attachment of the table's VPC.
    pub(super) fn route_target(&self, res: Res, target: RouteTarget, vpc: VpcId) -> Res {
        match target {
            RouteTarget::Igw(g) => res
                .prop("GatewayId", reference(&self.ids.igw[g]))
                .depends([self.ids.igw_attachment[g].clone()]),
            RouteTarget::Nat(n) => res.prop("NatGatewayId", reference(&self.ids.nat[n])),
            RouteTarget::Eigw(g) => {
                res.prop("EgressOnlyInternetGatewayId", reference(&self.ids.eigw[g]))
            }
            RouteTarget::Peering(p) => res.prop(
                "VpcPeeringConnectionId",
                reference(&self.ids.vpc_peering[p]),
            ),
            RouteTarget::Tgw(t) => {
                let tgw = &self.m[t];
                let attachment = tgw
                    .attachments
                    .iter()
                    .position(|a| a.vpc.node == vpc)
                    .map(|k| self.ids.tgw_attachment[t][k].clone());
                res.prop("TransitGatewayId", json!(tgw.id.node))
                    .depends(attachment)
            }
        }
    }

    /// An EIP waits for the internet gateway of the VPC it serves (its
    /// instance's or NAT gateway's; the only VPC when it serves neither).
    pub(super) fn eip(&mut self, i: EipId) {
        let e = &self.m[i];
        let id = &self.ids.eip[i];
        let mut vpcs: Vec<VpcId> = Vec::new();
        if let Some(inst) = e.instance {
            vpcs.push(self.m[self.m[inst.node].subnet.node].vpc.node);
        }
        for n in &self.topo.eip_nats[i] {
            vpcs.push(self.m[self.m[*n].subnet.node].vpc.node);
        }
        if vpcs.is_empty() && self.m.vpcs.len() == 1 {
            vpcs.push(VpcId::new(0));
        }
        let deps: Vec<String> = vpcs
            .into_iter()
            .flat_map(|v| self.igw_attachments(v))
            .collect();
        let res = Res::new("AWS::EC2::EIP")
            .depends(deps)
            .prop("Domain", json!("vpc"))
            .prop("Tags", name_tags(&e.decl.name));
        self.add(id, res);
        if let (Some(inst), Some(assoc)) = (e.instance, &self.ids.eip_association[i]) {
            let res = Res::new("AWS::EC2::EIPAssociation")
                .prop("AllocationId", get_att(id, "AllocationId"))
                .prop("InstanceId", reference(&self.ids.instance[inst.node]));
            self.add(assoc, res);
        }
    }

    pub(super) fn nat(&mut self, i: NatId) {
        let n = &self.m[i];
        let public = n.connectivity() == Connectivity::Public;
        let deps = if public {
            self.igw_attachments(self.m[n.subnet.node].vpc.node)
        } else {
            Vec::new()
        };
        let res = Res::new("AWS::EC2::NatGateway")
            .depends(deps)
            .prop(
                "ConnectivityType",
                json!(if public { "public" } else { "private" }),
            )
            .prop_opt(
                "AllocationId",
                n.eip
                    .map(|e| get_att(&self.ids.eip[e.node], "AllocationId")),
            )
            .prop("SubnetId", reference(&self.ids.subnet[n.subnet.node]))
            .prop("Tags", name_tags(&n.decl.name));
        self.add(&self.ids.nat[i], res);
    }
}
