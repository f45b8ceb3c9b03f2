//! Managed prefix lists (declared ones, and the parameters of AWS's), the
//! rules and routes that name them, and VPC endpoints.

use super::*;

impl Emitter<'_> {
    /// The id of a prefix list as CloudFormation takes it: a declared
    /// list's `Ref`, an existing id as written, an AWS-managed list's
    /// parameter (its id differs per region, and no intrinsic looks it up).
    pub(super) fn prefix_list_id(&self, r: PrefixListRef) -> Value {
        match r {
            PrefixListRef::Declared(p) => reference(&self.ids.prefix_list[p]),
            PrefixListRef::Existing(x) => json!(x.to_string()),
            PrefixListRef::Aws(l) => reference(self.ids.aws_list(l).unwrap_or_default()),
        }
    }

    pub(super) fn prefix_list(&mut self, i: PrefixListId) {
        let p = &self.m[i];
        let entries: Vec<Value> = p
            .entries
            .ids()
            .map(|c| json!({ "Cidr": c.to_string() }))
            .collect();
        let res = Res::new("AWS::EC2::PrefixList")
            .prop("PrefixListName", json!(p.decl.name))
            .prop("AddressFamily", json!(p.family.node.cfn()))
            .prop("MaxEntries", json!(p.max_entries()))
            .prop("Entries", Value::Array(entries))
            .prop("Tags", name_tags(&p.decl.name));
        self.add(&self.ids.prefix_list[i], res);
    }

    /// Routes to a prefix list (`DestinationPrefixListId`).
    pub(super) fn prefix_list_routes(&mut self, i: RouteTableId) {
        let rt = &self.m[i];
        let id = &self.ids.route_table[i];
        for (k, route) in rt.prefix_list_routes.iter().enumerate() {
            let res = Res::new("AWS::EC2::Route")
                .prop("RouteTableId", reference(id))
                .prop(
                    "DestinationPrefixListId",
                    self.prefix_list_id(route.list.node),
                );
            let res = self.route_target(res, route.target.node, rt.vpc.node);
            self.add(&self.ids.prefix_list_route[i][k], res);
        }
    }

    /// A VPC endpoint: a short service name becomes
    /// `com.amazonaws.<region>.<name>` for the stack's region.
    pub(super) fn vpc_endpoint(&mut self, i: EndpointId) {
        let e = &self.m[i];
        let service = if is_full_service_name(&e.service.node) {
            json!(e.service.node)
        } else {
            json!({ "Fn::Sub": format!("com.amazonaws.${{AWS::Region}}.{}", e.service.node) })
        };
        let mut res = Res::new("AWS::EC2::VPCEndpoint")
            .prop("VpcId", reference(&self.ids.vpc[e.vpc.node]))
            .prop("ServiceName", service);
        res = match e.endpoint_type() {
            EndpointType::Gateway => res.prop("VpcEndpointType", json!("Gateway")).prop(
                "RouteTableIds",
                Value::Array(
                    e.route_tables
                        .ids()
                        .map(|t| reference(&self.ids.route_table[t]))
                        .collect(),
                ),
            ),
            EndpointType::Interface => {
                let mut r = res
                    .prop("VpcEndpointType", json!("Interface"))
                    .prop("SubnetIds", self.subnet_refs(&e.subnets));
                if !e.security_groups.is_empty() {
                    r = r.prop("SecurityGroupIds", self.group_ids(&e.security_groups));
                }
                r.prop("PrivateDnsEnabled", json!(e.private_dns()))
            }
        };
        if let Some(p) = &e.policy {
            // Checked as a JSON object when the file was read.
            let doc = serde_json::from_str(&p.node).unwrap_or_else(|_| json!(p.node));
            res = res.prop("PolicyDocument", doc);
        }
        self.add(&self.ids.vpc_endpoint[i], res);
    }
}

/// A template parameter per AWS-managed prefix list the file names.
pub(super) fn aws_list_parameters(ids: &LogicalIds, params: &mut Map<String, Value>) {
    for (list, id) in &ids.aws_lists {
        params.insert(
            id.clone(),
            json!({
                "Type": "String",
                "AllowedPattern": "^pl-[0-9a-f]{8,17}$",
                "Description": format!(
                    "The id of the AWS-managed prefix list {} in the stack's region (aws ec2 describe-managed-prefix-lists)",
                    list.aws_name()
                ),
            }),
        );
    }
}
