//! VPC peering connections and transit gateway attachments, and the
//! blocks of addresses behind them (`peer-cidrs`, `networks`), which AWS
//! does not take: from `Metadata.netlint` (what `build` writes), else,
//! for a transit gateway, the destinations of the routes to it.

use super::{Cx, Finding, FindingKind};
use crate::cfn::ValueKind;
use crate::span::Span;

impl Cx<'_, '_> {
    /// The blocks listed under `Metadata.netlint.<key>` of a resource.
    fn meta_cidrs(&self, i: usize, key: &str) -> Option<Vec<(String, Span)>> {
        let list = self
            .res(i)
            .metadata
            .as_ref()?
            .get("netlint")?
            .get(key)?
            .as_seq()?;
        Some(
            list.iter()
                .filter_map(|c| c.as_text().map(|t| (t.to_string(), c.span)))
                .collect(),
        )
    }

    /// Whether a peering's peer is outside the template (an id, not a
    /// reference nor a name of the existing network).
    fn external_peer(&self, i: usize) -> bool {
        match self.res(i).property("PeerVpcId").map(|v| &v.kind) {
            Some(ValueKind::Scalar(t, _)) => !self.options.existing.contains(t.as_ref()),
            _ => false,
        }
    }

    /// Leaves out, with a T005 each, the peerings to a VPC outside the
    /// template whose blocks nothing says (before the other drops: routes
    /// over such a peering go with it).
    pub(super) fn drop_blind_peerings(&mut self) {
        for i in 0..self.t.resources.len() {
            let r = self.res(i);
            if r.type_ != "AWS::EC2::VPCPeeringConnection"
                || !self.included(i)
                || !self.external_peer(i)
                || self.meta_cidrs(i, "peer-cidrs").is_some()
            {
                continue;
            }
            let span = r
                .property("PeerVpcId")
                .map_or(r.logical_id_span, |v| v.span);
            self.findings.push(Finding {
                kind: FindingKind::Unknown,
                span,
                message: format!(
                    "`{}` (AWS::EC2::VPCPeeringConnection) is left out of the analysis: its peer VPC is outside the template and nothing says its blocks",
                    r.logical_id
                ),
                help: Some(
                    "write the peer's blocks as `Metadata: {netlint: {peer-cidrs: [10.50.0.0/16]}}` on the peering (what `netlint build` writes)"
                        .to_string(),
                ),
                related: vec![(r.logical_id_span, "the resource left out".to_string())],
            });
            self.dropped.insert(i);
        }
    }

    pub(super) fn peering(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("vpc-peering", &name, r.logical_id_span);
        if let Some((vpc, span)) = self.ref_prop(i, "VpcId") {
            self.w.line("vpc", &vpc, span);
        }
        if self.external_peer(i) {
            let cidrs = self.meta_cidrs(i, "peer-cidrs").unwrap_or_default();
            if !cidrs.is_empty() {
                let a = self.w.attr("peer-cidrs");
                self.w.list(&cidrs);
                self.w.end(a, cidrs[0].1);
            }
            for (prop, key) in [
                ("PeerVpcId", "peer-vpc-id"),
                ("PeerOwnerId", "peer-account"),
                ("PeerRegion", "peer-region"),
            ] {
                if let Some((v, span, _)) = self.scalar(i, prop) {
                    self.w.line(key, &v, span);
                }
            }
        } else if let Some((peer, span)) = self.ref_prop(i, "PeerVpcId") {
            self.w.line("peer-vpc", &peer, span);
            if let Some(v) = r.property("PeerRegion").or(r.property("PeerOwnerId")) {
                self.unmapped(
                    v.span,
                    format!(
                        "`{}` names a peer account or region for a VPC of the template: netlint checks it as the stack's",
                        r.logical_id
                    ),
                    None,
                );
            }
        }
        self.w.close(b, r.span);
    }

    /// The gateway id of a transit gateway attachment, if known.
    pub(super) fn tgw_id(&self, i: usize) -> Option<String> {
        self.res(i)
            .property("TransitGatewayId")
            .and_then(|v| v.as_str())
            .map(str::to_string)
    }

    /// The attachments to one gateway that stay, in template order.
    fn tgw_group(&self, id: &str) -> Vec<usize> {
        (0..self.t.resources.len())
            .filter(|&k| {
                self.res(k).type_ == "AWS::EC2::TransitGatewayAttachment"
                    && self.included(k)
                    && !self.dropped.contains(&k)
                    && self.tgw_id(k).as_deref() == Some(id)
            })
            .collect()
    }

    /// One `transit-gateway` block for the attachments to one gateway,
    /// written at the first of them.
    pub(super) fn transit_gateway(&mut self, i: usize) {
        let r = self.res(i);
        let Some(id) = self.tgw_id(i) else {
            if let Some(v) = r.property("TransitGatewayId") {
                self.unknown(i, "TransitGatewayId", v, "the attachment is left out");
            }
            return;
        };
        let group = self.tgw_group(&id);
        if group.first() != Some(&i) {
            return;
        }
        let networks = group
            .iter()
            .find_map(|&k| self.meta_cidrs(k, "networks"))
            .unwrap_or_else(|| self.tgw_route_destinations(&id));
        if networks.is_empty() {
            self.findings.push(Finding {
                kind: FindingKind::Unknown,
                span: r.logical_id_span,
                message: format!(
                    "transit gateway `{id}` is left out of the analysis: nothing in the template says which addresses lie behind it (no route to it)"
                ),
                help: Some(
                    "write them as `Metadata: {netlint: {networks: [172.20.0.0/16]}}` on the attachment (what `netlint build` writes)"
                        .to_string(),
                ),
                related: Vec::new(),
            });
            return;
        }
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("transit-gateway", &name, r.logical_id_span);
        let id_span = r
            .property("TransitGatewayId")
            .map_or(r.logical_id_span, |v| v.span);
        self.w.line("id", &id, id_span);
        let a = self.w.attr("networks");
        self.w.list(&networks);
        self.w.end(a, networks[0].1);
        for k in group {
            let Some((vpc, vspan)) = self.ref_prop(k, "VpcId") else {
                continue;
            };
            let subnets = match self.res(k).property("SubnetIds") {
                Some(v) => self.ref_list(k, v, "SubnetIds"),
                None => Vec::new(),
            };
            let a = self.w.attr("attach");
            self.w.word(&vpc, Some(vspan));
            if !subnets.is_empty() {
                self.w.word("subnets", None);
                self.w.list(&subnets);
            }
            let ls = self.res(k).logical_id_span;
            self.w.end(a, ls);
        }
        self.w.close(b, r.span);
    }

    /// The distinct destinations of the routes to a gateway id.
    fn tgw_route_destinations(&self, id: &str) -> Vec<(String, Span)> {
        let mut out: Vec<(String, Span)> = Vec::new();
        for (k, r) in self.t.resources.iter().enumerate() {
            if r.type_ != "AWS::EC2::Route"
                || !self.included(k)
                || r.property("TransitGatewayId").and_then(|v| v.as_str()) != Some(id)
            {
                continue;
            }
            let dest = r
                .property("DestinationCidrBlock")
                .or(r.property("DestinationIpv6CidrBlock"));
            if let Some(v) = dest
                && let Some(c) = v.as_str()
                && !out.iter().any(|(x, _)| x == c)
            {
                out.push((c.to_string(), v.span));
            }
        }
        out
    }

    /// The block name of the gateway a route's `TransitGatewayId` names.
    pub(super) fn tgw_name(&self, id: &str) -> Option<String> {
        let first = *self.tgw_group(id).first()?;
        self.names.get(self.res(first).logical_id.as_ref()).cloned()
    }
}
