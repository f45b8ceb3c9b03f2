//! Area V of the catalog: EBS volumes.
//!
//! A volume lives in one availability zone and, unless it is an io1/io2
//! volume with Multi-Attach, belongs to one instance at a time; these rules
//! check the file against those facts and the per-type size limits.

pub mod v601_volume_zone_mismatch;
pub mod v602_volume_multi_attach;
pub mod v603_volume_size_range;
pub mod v604_volume_unencrypted;
pub mod v605_device_name_conflict;
pub mod v606_unattached_volume;
pub mod v607_multi_attach_type;
pub mod v608_volume_performance_range;

use crate::model::topology::Topology;
use crate::model::{InstanceId, Model, Zone, ids};
use std::collections::HashSet;

/// The zone an instance runs in: its subnet's.
pub(crate) fn instance_zone(m: &Model, id: InstanceId) -> &Zone {
    &m[m[id].subnet.node].zone.node
}

/// The first instance of each distinct zone, to suggest "attach it to …".
/// A file uses a handful of zones, so a lookup scans a short list.
pub(crate) struct InstancesByZone<'m> {
    first: Vec<(&'m Zone, InstanceId)>,
}

impl<'m> InstancesByZone<'m> {
    pub(crate) fn new(m: &'m Model) -> Self {
        let mut first: Vec<(&Zone, InstanceId)> = Vec::new();
        for (id, _) in ids(&m.instances) {
            let z = instance_zone(m, id);
            if !first.iter().any(|(f, _)| *f == z) {
                first.push((z, id));
            }
        }
        InstancesByZone { first }
    }

    /// An instance in this zone, other than `except`.
    pub(crate) fn find(&self, zone: &Zone, except: &[InstanceId]) -> Option<InstanceId> {
        self.first
            .iter()
            .find(|(z, i)| z.same_as(zone) && !except.contains(i))
            .map(|&(_, i)| i)
    }
}

/// `16384` → `16TiB`, `100` → `100GiB`: sizes as the file would write them.
pub(crate) fn size(gib: u64) -> String {
    if gib >= 1024 && gib.is_multiple_of(1024) {
        format!("{}TiB", gib / 1024)
    } else {
        format!("{gib}GiB")
    }
}

/// The first of the names AWS recommends for EBS data volumes
/// (`/dev/sdf`–`/dev/sdp`, or the `xvd` spelling) that is still free,
/// in the spelling the file already uses.
fn free_device<S: std::hash::BuildHasher>(like: &str, used: &HashSet<String, S>) -> Option<String> {
    let prefix = if like.starts_with("/dev/sd") {
        "/dev/sd"
    } else {
        "/dev/xvd"
    };
    ('f'..='p')
        .map(|c| format!("{prefix}{c}"))
        .find(|d| !used.contains(d))
}

/// Device names already used on one instance.
pub(crate) fn devices_of(m: &Model, t: &Topology, inst: InstanceId) -> HashSet<String> {
    t.instance_volumes[inst]
        .iter()
        .flat_map(|&v| m[v].attachments.iter())
        .filter(|a| a.instance.node == inst)
        .map(|a| a.device.node.clone())
        .collect()
}

#[cfg(test)]
pub(crate) use super::kit::testing::diags;
