//! EFS file systems with their mount targets, and VPC flow logs.

use super::*;

impl Emitter<'_> {
    pub(super) fn file_system(&mut self, i: FsId) {
        let fs = &self.m[i];
        let id = &self.ids.file_system[i];
        let throughput = fs.throughput();
        let mut res = Res::new("AWS::EFS::FileSystem")
            // CloudFormation's default is unencrypted: always written.
            .prop("Encrypted", json!(fs.encrypted()))
            .prop("PerformanceMode", json!(fs.performance().cfn()))
            .prop("ThroughputMode", json!(throughput.cfn()));
        if let EfsThroughput::Provisioned(mibps) = throughput {
            res = res.prop("ProvisionedThroughputInMibps", json!(mibps));
        }
        let backup = if fs.backup() { "ENABLED" } else { "DISABLED" };
        res = res
            .prop("BackupPolicy", json!({ "Status": backup }))
            .prop("FileSystemTags", name_tags(&fs.decl.name));
        // Files outlive the stack, as a volume's data does.
        res.retain = true;
        self.add(id, res);
        let groups = if fs.security_groups.is_empty() {
            // A mount target needs a group: without one written, the
            // VPC's default group (as for an instance).
            json!([get_att(&self.ids.vpc[fs.vpc.node], "DefaultSecurityGroup")])
        } else {
            self.group_ids(&fs.security_groups)
        };
        for (s, mt) in fs.mount_targets.ids().zip(&self.ids.mount_target[i]) {
            let res = Res::new("AWS::EFS::MountTarget")
                .prop("FileSystemId", reference(id))
                .prop("SubnetId", reference(&self.ids.subnet[s]))
                .prop("SecurityGroups", groups.clone());
            self.add(mt, res);
        }
    }

    /// The `AWS::EC2::FlowLog` of a VPC with `flow-logs`.
    pub(super) fn flow_log(&mut self, i: VpcId) {
        let (Some(f), Some(id)) = (&self.m[i].flow_logs, &self.ids.flow_log[i]) else {
            return;
        };
        let f = &f.node;
        let mut res = Res::new("AWS::EC2::FlowLog")
            .prop("ResourceId", reference(&self.ids.vpc[i]))
            .prop("ResourceType", json!("VPC"))
            .prop("TrafficType", json!(f.traffic().cfn()));
        res = match &f.destination {
            FlowDestination::S3(arn) => res
                .prop("LogDestinationType", json!("s3"))
                .prop("LogDestination", json!(arn.node)),
            FlowDestination::CloudWatch { log_group, role } => res
                .prop("LogDestinationType", json!("cloud-watch-logs"))
                .prop("LogGroupName", json!(log_group.node))
                .prop("DeliverLogsPermissionArn", json!(role.node)),
        };
        res = res.prop("Tags", name_tags(&self.m[i].decl.name));
        self.add(id, res);
    }

    /// The mount targets of the file systems a host mounts: it mounts them
    /// at boot, so it waits for them.
    pub(super) fn mount_dependencies(&self, mounts: &List<FsId>) -> Vec<String> {
        mounts
            .ids()
            .flat_map(|f| self.ids.mount_target[f].iter().cloned())
            .collect()
    }
}
