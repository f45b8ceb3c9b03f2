//! Area F of the catalog: EFS file systems.
//!
//! A file system is reached over NFS (tcp 2049) through a mount target, a
//! network interface in one subnet per zone that wears the file system's
//! security groups; clients mount the target of their own zone. These
//! rules check encryption, the zones of the mount targets against the
//! zones of the clients, and who the groups let in.

pub mod f101_efs_unencrypted;
pub mod f102_efs_zone_without_mount_target;
pub mod f103_efs_mount_targets_same_zone;
pub mod f104_efs_open_to_world;

use crate::model::topology::FsClient;
use crate::model::{FsId, Model};
use crate::rules::kit::hosts::Host;
use crate::span::Span;

/// The NFS port every mount uses.
pub(crate) const NFS_PORT: u16 = 2049;

/// A client as a host, and where it names the file system in `mounts`.
pub(crate) fn client_host(m: &Model, c: FsClient, fs: FsId) -> (Host, Span) {
    let (host, mounts) = match c {
        FsClient::Instance(i) => (Host::Instance(i), &m[i].mounts),
        FsClient::LaunchTemplate(t) => (Host::Template(t), &m[t].mounts),
    };
    let span = mounts
        .iter()
        .find(|x| x.node == fs)
        .map_or(host.decl(m).name_span, |x| x.span);
    (host, span)
}

#[cfg(test)]
pub(crate) use super::kit::testing::diags;
