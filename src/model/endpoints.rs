//! The model of managed prefix lists, VPC endpoints and how hosts are
//! administered (`access`, `instance-profile`): kept apart from the core
//! kinds because they reach into several of them (security-group rules,
//! routes, hosts).

use super::*;
use std::fmt;

pub type PrefixListId = Id<PrefixList>;
pub type EndpointId = Id<VpcEndpoint>;

/// The address family of a declared prefix list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    Ipv4,
    Ipv6,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Ipv4 => "ipv4",
            Family::Ipv6 => "ipv6",
        }
    }

    /// CloudFormation's `AddressFamily`.
    pub fn cfn(self) -> &'static str {
        match self {
            Family::Ipv4 => "IPv4",
            Family::Ipv6 => "IPv6",
        }
    }

    pub fn of(net: &IpNet) -> Family {
        match net {
            IpNet::V4(_) => Family::Ipv4,
            IpNet::V6(_) => Family::Ipv6,
        }
    }
}

/// `prefix-list office { family ipv4; entries …; max-entries 5 }`.
#[derive(Clone, Debug)]
pub struct PrefixList {
    pub decl: Decl,
    pub family: Spanned<Family>,
    pub entries: List<IpNet>,
    pub max_entries: Option<Spanned<u32>>,
}

impl PrefixList {
    /// What the list weighs against a security group's rule quota: its
    /// `max-entries`, which defaults to the number of entries.
    pub fn max_entries(&self) -> u32 {
        self.max_entries
            .map_or(self.entries.items.len() as u32, |m| m.node)
    }
}

/// An AWS-managed prefix list netlint knows by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AwsList {
    S3,
    DynamoDb,
    CloudFront,
}

impl AwsList {
    pub const ALL: [AwsList; 3] = [AwsList::S3, AwsList::DynamoDb, AwsList::CloudFront];

    /// As written: `aws:s3`.
    pub fn word(self) -> &'static str {
        match self {
            AwsList::S3 => "aws:s3",
            AwsList::DynamoDb => "aws:dynamodb",
            AwsList::CloudFront => "aws:cloudfront",
        }
    }

    /// The service whose addresses the list holds (the short name of an
    /// endpoint's `service`), `None` for CloudFront (no VPC endpoint).
    pub fn service(self) -> Option<&'static str> {
        match self {
            AwsList::S3 => Some("s3"),
            AwsList::DynamoDb => Some("dynamodb"),
            AwsList::CloudFront => None,
        }
    }

    /// The list's name in AWS, `<region>` standing for the stack's region.
    pub fn aws_name(self) -> &'static str {
        match self {
            AwsList::S3 => "com.amazonaws.<region>.s3",
            AwsList::DynamoDb => "com.amazonaws.<region>.dynamodb",
            AwsList::CloudFront => "com.amazonaws.global.cloudfront.origin-facing",
        }
    }
}

/// An existing prefix list by id (`pl-0a1b2c3d`): its hex digits as a
/// number and how many there were, so it stays `Copy` and prints back
/// exactly as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExternalPl {
    pub hex: u128,
    pub digits: u8,
}

impl fmt::Display for ExternalPl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pl-{:0w$x}", self.hex, w = usize::from(self.digits))
    }
}

/// A prefix list where a security-group rule or a route names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrefixListRef {
    Declared(PrefixListId),
    Existing(ExternalPl),
    Aws(AwsList),
}

impl PrefixListRef {
    /// As written in the file.
    pub fn text(self, m: &Model) -> String {
        match self {
            PrefixListRef::Declared(p) => m[p].decl.name.clone(),
            PrefixListRef::Existing(x) => x.to_string(),
            PrefixListRef::Aws(a) => a.word().to_string(),
        }
    }
}

/// `route <prefix-list> -> <gateway>`: a route whose destination is a
/// prefix list (kept beside the CIDR routes of its table).
#[derive(Clone, Debug)]
pub struct PrefixListRoute {
    pub list: Spanned<PrefixListRef>,
    pub target: Spanned<RouteTarget>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EndpointType {
    Gateway,
    Interface,
}

/// `vpc-endpoint s3-gw { vpc main; service s3; route-tables private-rt }`.
#[derive(Clone, Debug)]
pub struct VpcEndpoint {
    pub decl: Decl,
    pub vpc: Spanned<VpcId>,
    /// A short name (`s3`, `ecr.api`) or a full service name.
    pub service: Spanned<String>,
    pub endpoint_type: Option<Spanned<EndpointType>>,
    pub route_tables: List<RouteTableId>,
    pub subnets: List<SubnetId>,
    pub security_groups: List<SgId>,
    pub private_dns: Option<Spanned<bool>>,
    pub policy: Option<Spanned<String>>,
}

/// Whether a service name is written in full (`com.amazonaws.…`) rather
/// than short (`s3`).
pub fn is_full_service_name(s: &str) -> bool {
    s.starts_with("com.amazonaws.") || s.starts_with("aws.")
}

impl VpcEndpoint {
    /// The service's short name: as written, or the last part of
    /// `com.amazonaws.<region>.<name>`; a full name of another shape is
    /// its own key.
    pub fn service_key(&self) -> &str {
        service_key(&self.service.node)
    }

    /// Gateway for S3 and DynamoDB unless written; interface otherwise.
    pub fn endpoint_type(&self) -> EndpointType {
        self.endpoint_type.map_or_else(
            || match self.service_key() {
                "s3" | "dynamodb" => EndpointType::Gateway,
                _ => EndpointType::Interface,
            },
            |t| t.node,
        )
    }

    pub fn is_interface(&self) -> bool {
        self.endpoint_type() == EndpointType::Interface
    }

    /// Private DNS (interface endpoints): on unless written off.
    pub fn private_dns(&self) -> bool {
        self.private_dns.is_none_or(|p| p.node)
    }
}

/// The short name of a service written short or in full.
pub fn service_key(s: &str) -> &str {
    match s.strip_prefix("com.amazonaws.") {
        Some(rest) => match rest.split_once('.') {
            // com.amazonaws.<region>.<name>, where <name> may hold dots
            // (`ecr.api`); `vpce.<region>.vpce-svc-…` is no AWS service.
            Some((region, name)) if region != "vpce" && !name.is_empty() => name,
            _ => s,
        },
        None => s,
    }
}

/// How administrators reach a host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    Ssh,
    Ssm,
    Both,
}

impl Access {
    /// Session Manager is one of the ways in.
    pub fn ssm(self) -> bool {
        matches!(self, Access::Ssm | Access::Both)
    }
    /// SSH is one of the ways in.
    pub fn ssh(self) -> bool {
        matches!(self, Access::Ssh | Access::Both)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Ssh => "ssh",
            Access::Ssm => "ssm",
            Access::Both => "both",
        }
    }
}

impl Instance {
    /// `ssh` unless written.
    pub fn access(&self) -> Access {
        self.access.map_or(Access::Ssh, |a| a.node)
    }
}

impl LaunchTemplate {
    /// `ssh` unless written.
    pub fn access(&self) -> Access {
        self.access.map_or(Access::Ssh, |a| a.node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_keys() {
        assert_eq!(service_key("s3"), "s3");
        assert_eq!(service_key("com.amazonaws.us-east-1.s3"), "s3");
        assert_eq!(service_key("com.amazonaws.eu-west-1.ecr.api"), "ecr.api");
        let svc = "com.amazonaws.vpce.us-east-1.vpce-svc-0123";
        assert_eq!(service_key(svc), svc);
    }

    #[test]
    fn external_ids_print_as_written() {
        let x = ExternalPl {
            hex: 0x0a1b2c3d,
            digits: 8,
        };
        assert_eq!(x.to_string(), "pl-0a1b2c3d");
    }
}
