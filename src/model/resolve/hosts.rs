//! Resolving the hosts and their disks: instances, EBS volumes and their
//! attachments.

use super::*;

impl<'a> Resolver<'a> {
    pub(super) fn instance(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<Instance> {
        let subnet = self.req_ref(a, "subnet", Kind::Subnet);
        let ami = self.ami_attr(a);
        let instance_type = self.instance_type_attr(a);
        let security_groups = self.ref_list(a, "security-groups", Kind::SecurityGroup);
        let key_pair = self.key_pair(a);
        let public_ip = self.opt_bool(a, "public-ip");
        let bastion = self.role(a);
        let root_volume = self.root_volume(a);
        let imds = self.imds(a);
        let user_data = self.opt_string(a, "user-data", "a user-data script", &limits::USER_DATA);
        let ipv6_addresses = self.ipv6_addresses(a);
        let mounts = self.mounts(a);
        Some(Instance {
            decl,
            subnet: subnet?,
            ami: ami?,
            instance_type: instance_type?,
            security_groups: security_groups.ok()?,
            key_pair: key_pair.ok()?,
            public_ip: public_ip.ok()?,
            bastion: bastion.ok()?,
            root_volume: root_volume.ok()?,
            imds: imds.ok()?,
            user_data: user_data.ok()?,
            ipv6_addresses: ipv6_addresses.ok()?,
            mounts: mounts.ok()?,
        })
    }

    pub(super) fn volume(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<Volume> {
        let zone = a.one("zone").and_then(|z| self.zone_value(z));
        let size = a
            .one("size")
            .and_then(|s| self.single(s, pv::size_gib, "a size", "<size>"));
        let volume_type = match a.one("type") {
            None => Ok(None),
            Some(attr) => {
                let mut args = Args::new(attr);
                let w = self.word(&mut args, "a volume type");
                let t = w.and_then(|w| self.volume_type(w).map(|t| Spanned::new(t, w.span)));
                let done = self.done(&args, "type gp2|gp3|io1|io2|st1|sc1|standard");
                t.filter(|_| done).map(Some).ok_or(())
            }
        };
        let iops = self.opt_single(
            a,
            "iops",
            |w| pv::count(w, 100, 256_000),
            "an IOPS count",
            "<count>",
        );
        let encrypted = self.opt_bool(a, "encrypted");
        let multi_attach = self.opt_bool(a, "multi-attach");
        let attachments = self.repeated(a, "attach", |r, attr| r.attachment(attr));
        let throughput = self.volume_throughput(a);
        let kms_key = self.kms_key_attr(a);
        Some(Volume {
            decl,
            zone: zone?,
            size_gib: size?,
            volume_type: volume_type.ok()?,
            iops: iops.ok()?,
            encrypted: encrypted.ok()?,
            multi_attach: multi_attach.ok()?,
            attachments: attachments?,
            throughput: throughput.ok()?,
            kms_key: kms_key.ok()?,
        })
    }

    pub(super) fn attachment(&mut self, attr: &Attribute<'a>) -> Option<Attachment> {
        let mut args = Args::new(attr);
        let iw = self.word(&mut args, "an instance name")?;
        let instance = self.reference(iw, Kind::Instance)?;
        let dw = self.word(&mut args, "a device name such as /dev/xvdf")?;
        self.typed(dw, pv::device, "write a device name such as /dev/xvdf")?;
        self.done(&args, "attach <instance> <device>")
            .then_some(Attachment {
                instance,
                device: Spanned::new(dw.text.to_string(), dw.span),
                span: attr.span,
            })
    }
}
