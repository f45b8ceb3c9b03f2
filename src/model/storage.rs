//! The model of EFS file systems and of VPC flow logs, and the value
//! types only they use. Kept apart from `mod.rs` so that the storage
//! constructs read as one unit.

use super::{Decl, List, SgId, SubnetId, VpcId};
use crate::span::Spanned;

pub type FsId = super::Id<FileSystem>;

/// `performance general-purpose|max-io` (EFS PerformanceMode).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EfsPerformance {
    GeneralPurpose,
    MaxIo,
}

impl EfsPerformance {
    /// The CloudFormation spelling.
    pub fn cfn(self) -> &'static str {
        match self {
            EfsPerformance::GeneralPurpose => "generalPurpose",
            EfsPerformance::MaxIo => "maxIO",
        }
    }
}

/// `throughput bursting|elastic|provisioned <MiB/s>` (EFS ThroughputMode).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EfsThroughput {
    Bursting,
    Elastic,
    /// Provisioned MiB/s.
    Provisioned(u32),
}

impl EfsThroughput {
    /// The CloudFormation spelling of the mode.
    pub fn cfn(self) -> &'static str {
        match self {
            EfsThroughput::Bursting => "bursting",
            EfsThroughput::Elastic => "elastic",
            EfsThroughput::Provisioned(_) => "provisioned",
        }
    }
}

/// An EFS file system: its mount targets are network interfaces, one per
/// listed subnet, wearing the file system's security groups.
#[derive(Clone, Debug)]
pub struct FileSystem {
    pub decl: Decl,
    pub vpc: Spanned<VpcId>,
    pub mount_targets: List<SubnetId>,
    pub security_groups: List<SgId>,
    pub encrypted: Option<Spanned<bool>>,
    pub performance: Option<Spanned<EfsPerformance>>,
    pub throughput: Option<Spanned<EfsThroughput>>,
    pub backup: Option<Spanned<bool>>,
}

impl FileSystem {
    /// Encrypted unless written `off`: CloudFormation's own default is
    /// unencrypted, so `build` always writes it.
    pub fn encrypted(&self) -> bool {
        self.encrypted.is_none_or(|e| e.node)
    }
    pub fn performance(&self) -> EfsPerformance {
        self.performance
            .map_or(EfsPerformance::GeneralPurpose, |p| p.node)
    }
    pub fn throughput(&self) -> EfsThroughput {
        self.throughput.map_or(EfsThroughput::Bursting, |t| t.node)
    }
    /// Automatic backups on unless written `off` (what the console does;
    /// the API's default is off, so `build` always writes it).
    pub fn backup(&self) -> bool {
        self.backup.is_none_or(|b| b.node)
    }
}

/// What a flow log records (`traffic all|accept|reject`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FlowTraffic {
    All,
    Accept,
    Reject,
}

impl FlowTraffic {
    /// The CloudFormation `TrafficType`.
    pub fn cfn(self) -> &'static str {
        match self {
            FlowTraffic::All => "ALL",
            FlowTraffic::Accept => "ACCEPT",
            FlowTraffic::Reject => "REJECT",
        }
    }
}

/// Where a flow log is delivered.
#[derive(Clone, Debug)]
pub enum FlowDestination {
    /// `arn:aws:s3:::bucket[/prefix]`.
    S3(Spanned<String>),
    /// `cloudwatch <log-group> role <role-arn>`.
    CloudWatch {
        log_group: Spanned<String>,
        role: Spanned<String>,
    },
}

/// `flow-logs <destination> [traffic …]` on a VPC.
#[derive(Clone, Debug)]
pub struct FlowLog {
    pub destination: FlowDestination,
    pub traffic: Option<Spanned<FlowTraffic>>,
}

impl FlowLog {
    pub fn traffic(&self) -> FlowTraffic {
        self.traffic.map_or(FlowTraffic::All, |t| t.node)
    }
}
