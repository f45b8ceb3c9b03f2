//! Instances and EBS volumes with their attachments.

use super::*;

impl Emitter<'_> {
    pub(super) fn instance(&mut self, i: InstanceId) {
        let inst = &self.m[i];
        let subnet = reference(&self.ids.subnet[inst.subnet.node]);
        let mut res = Res::new("AWS::EC2::Instance")
            .depends(self.boot_dependencies(inst.subnet.node))
            .depends(self.mount_dependencies(&inst.mounts))
            .prop("ImageId", self.ami(&inst.ami.node))
            .prop("InstanceType", json!(inst.instance_type.node))
            .prop_opt("KeyName", inst.key_pair.as_ref().map(|k| json!(k.node)));
        res = match inst.public_ip {
            // An explicit `public-ip` overrides the subnet's setting, which
            // EC2 only allows on a network interface.
            Some(p) => {
                let mut nic = Map::new();
                nic.insert("DeviceIndex".into(), json!("0"));
                nic.insert("AssociatePublicIpAddress".into(), json!(p.node));
                nic.insert("SubnetId".into(), subnet);
                if !inst.security_groups.is_empty() {
                    nic.insert("GroupSet".into(), self.group_ids(&inst.security_groups));
                }
                if let Some(n) = inst.ipv6_addresses {
                    nic.insert("Ipv6AddressCount".into(), json!(n.node));
                }
                res.prop("NetworkInterfaces", json!([nic]))
            }
            None => {
                let res = res.prop("SubnetId", subnet).prop_opt(
                    "Ipv6AddressCount",
                    inst.ipv6_addresses.map(|n| json!(n.node)),
                );
                if inst.security_groups.is_empty() {
                    res
                } else {
                    res.prop("SecurityGroupIds", self.group_ids(&inst.security_groups))
                }
            }
        };
        res = res
            .prop_opt(
                "BlockDeviceMappings",
                inst.root_volume.as_ref().map(|v| root_volume(&v.node)),
            )
            .prop("MetadataOptions", metadata_options(inst.imds()))
            .prop_opt(
                "UserData",
                inst.user_data
                    .as_ref()
                    .map(|u| json!({ "Fn::Base64": u.node })),
            )
            .prop("Tags", name_tags(&inst.decl.name));
        self.add(&self.ids.instance[i], res);
    }

    pub(super) fn volume(&mut self, i: VolumeId) {
        let v = &self.m[i];
        let id = &self.ids.volume[i];
        let mut res = self
            .subnet_zone(Res::new("AWS::EC2::Volume"), &v.zone.node)
            .prop("Size", json!(v.size_gib.node))
            .prop("VolumeType", json!(v.volume_type().as_str()))
            .prop_opt(
                "Iops",
                (v.iops.map(|n| n.node))
                    .or_else(|| default_iops(v.volume_type(), v.size_gib.node))
                    .map(|n| json!(n)),
            )
            .prop_opt("Throughput", v.throughput.map(|t| json!(t.node)))
            .prop("Encrypted", json!(v.encrypted()))
            .prop_opt("KmsKeyId", v.kms_key.as_ref().map(|k| json!(k.node)));
        if v.multi_attach() {
            res = res.prop("MultiAttachEnabled", json!(true));
        }
        res = res.prop("Tags", name_tags(&v.decl.name));
        res.retain_snapshot = true;
        self.add(id, res);
        for (a, att_id) in v.attachments.iter().zip(&self.ids.volume_attachment[i]) {
            let res = Res::new("AWS::EC2::VolumeAttachment")
                .prop("Device", json!(a.device.node))
                .prop("InstanceId", reference(&self.ids.instance[a.instance.node]))
                .prop("VolumeId", reference(id));
            self.add(att_id, res);
        }
    }
}
