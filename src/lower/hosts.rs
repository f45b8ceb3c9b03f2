//! Instances, launch templates, Auto Scaling groups with their policies
//! and alarms, EBS volumes with their attachments.

use super::Cx;
use super::network::{boolean, on_off};
use crate::cfn::{Reason, Value, ValueKind};
use foldhash::{HashMap, HashMapExt};

impl Cx<'_, '_> {
    /// What an instance and a launch template share, read from `data`
    /// (the properties, or `LaunchTemplateData`).
    fn host(&mut self, r: usize, data: &Value<'_>, instance: bool) {
        let nic = data
            .get("NetworkInterfaces")
            .and_then(Value::as_list)
            .and_then(|l| l.first());
        if instance {
            match super::subnet_of(data) {
                Some(v) => {
                    if let Some(s) = self.name_of(r, "SubnetId", v) {
                        self.w.line("subnet", &s, v.span);
                    }
                }
                None => self.unmapped(
                    self.res(r).logical_id_span,
                    format!(
                        "instance `{}` names no subnet (the default VPC's)",
                        self.res(r).logical_id
                    ),
                    Some("give the instance a `SubnetId`"),
                ),
            }
        }
        match data.get("ImageId") {
            Some(v) => {
                let ami = match (&v.kind, v.reasons().first()) {
                    (ValueKind::Scalar(..), _) => v.as_str().map(str::to_string),
                    (_, Some(Reason::SsmParameter { path: Some(p), .. })) => {
                        Some(format!("ssm:{p}"))
                    }
                    (_, Some(Reason::DynamicReference { text })) => text
                        .strip_prefix("{{resolve:ssm:")
                        .and_then(|t| t.strip_suffix("}}"))
                        .map(|p| format!("ssm:{p}")),
                    _ => None,
                };
                match ami {
                    Some(a) => {
                        let from = v.from.clone();
                        self.provenance(&from);
                        self.w.line("ami", &a, v.span);
                    }
                    None if instance => {
                        self.unknown(r, "ImageId", v, "the AMI does not change what is reachable");
                        self.w.line("ami", "ssm:/netlint/unknown-image", v.span);
                    }
                    None => {
                        self.unknown(r, "ImageId", v, "the AMI does not change what is reachable")
                    }
                }
            }
            None if instance => {
                let span = self.res(r).logical_id_span;
                self.w.line("ami", "ssm:/netlint/unknown-image", span);
            }
            None => {}
        }
        match data.get("InstanceType") {
            Some(v) => match v.as_str() {
                Some(t) => {
                    let from = v.from.clone();
                    self.provenance(&from);
                    self.w.line("type", t, v.span);
                }
                None => {
                    self.unknown(r, "InstanceType", v, "checked as `t3.micro`");
                    if instance {
                        self.w.line("type", "t3.micro", v.span);
                    }
                }
            },
            None if instance => {
                // EC2's default type.
                let span = self.res(r).logical_id_span;
                self.w.line("type", "m1.small", span);
            }
            None => {}
        }
        let groups = data
            .get("SecurityGroupIds")
            .or(nic.and_then(|n| n.get("GroupSet").or(n.get("Groups"))))
            .or(data.get("SecurityGroups"));
        if let Some(g) = groups {
            let list = self.ref_list(r, g, "SecurityGroupIds");
            if !list.is_empty() {
                let a = self.w.attr("security-groups");
                self.w.list(&list);
                self.w.end(a, g.span);
            }
        }
        if let Some(v) = data.get("KeyName")
            && let Some(k) = v.as_str()
        {
            let from = v.from.clone();
            self.provenance(&from);
            self.w.line("key-pair", k, v.span);
        }
        if let Some(n) = nic
            && let Some(v) = n.get("AssociatePublicIpAddress")
            && let Some(b) = boolean(v)
        {
            self.w.line("public-ip", on_off(b), v.span);
        }
        self.root_volume(data);
        match data
            .get("MetadataOptions")
            .and_then(|m| m.get("HttpTokens"))
        {
            Some(t) if t.as_str() == Some("required") => {}
            Some(t) => self.w.line("imds", "v1", t.span),
            None => {
                // EC2 allows IMDSv1 unless told otherwise.
                let span = self.res(r).logical_id_span;
                self.w.line("imds", "v1", span);
            }
        }
        if let Some(u) = data.get("UserData")
            && let Some(text) = u.as_str()
        {
            let a = self.w.attr("user-data");
            self.w.string(text, Some(u.span));
            self.w.end(a, u.span);
        }
        if let Some(p) = data.get("IamInstanceProfile") {
            let name = p
                .as_str()
                .or(p.get("Arn").and_then(Value::as_str))
                .or(p.get("Name").and_then(Value::as_str));
            if let Some(n) = name {
                self.w.line("instance-profile", n, p.span);
            }
        }
        self.mounts(r, instance);
        let v6 = data
            .get("Ipv6AddressCount")
            .or(nic.and_then(|n| n.get("Ipv6AddressCount")));
        if let Some(v) = v6
            && let Some(n) = v.as_str()
        {
            self.w.line("ipv6-addresses", n, v.span);
        }
    }

    /// `mounts`: the file systems whose mount targets the instance (or an
    /// Auto Scaling group of the launch template) depends on.
    fn mounts(&mut self, r: usize, instance: bool) {
        let id = self.res(r).logical_id.as_ref();
        let waiting: Vec<usize> = if instance {
            vec![r]
        } else {
            let t = self.t;
            let asgs = self.asgs_of_template.get_or_insert_with(|| {
                let mut by_template: HashMap<&str, Vec<usize>> = HashMap::new();
                for (k, a) in t.resources.iter().enumerate() {
                    if a.type_ == "AWS::AutoScaling::AutoScalingGroup"
                        && let Some(lt) = launch_ref(a).and_then(|(v, _)| super::target_id(v))
                    {
                        by_template.entry(lt).or_default().push(k);
                    }
                }
                by_template
            });
            asgs.get(id).cloned().unwrap_or_default()
        };
        let mut systems: Vec<(String, crate::span::Span)> = Vec::new();
        for k in waiting {
            for (dep, span) in &self.res(k).depends_on {
                let Some(&m) = self.index.get(dep.as_ref()) else {
                    continue;
                };
                let mt = self.res(m);
                if mt.type_ != "AWS::EFS::MountTarget" {
                    continue;
                }
                if let Some(fs) = mt.property("FileSystemId").and_then(super::target_id)
                    && let Some(n) = self.names.get(fs)
                    && !systems.iter().any(|(s, _)| s == n)
                {
                    systems.push((n.clone(), *span));
                }
            }
        }
        if !systems.is_empty() {
            let a = self.w.attr("mounts");
            self.w.list(&systems);
            self.w.end(a, systems[0].1);
        }
    }

    fn root_volume(&mut self, data: &Value<'_>) {
        let Some(list) = data.get("BlockDeviceMappings").and_then(Value::as_list) else {
            return;
        };
        let Some(m) = list
            .iter()
            .find(|m| m.get("DeviceName").and_then(Value::as_str) == Some("/dev/xvda"))
        else {
            return;
        };
        let Some(ebs) = m.get("Ebs") else { return };
        let Some(size) = ebs.get("VolumeSize").and_then(Value::as_str) else {
            return;
        };
        let a = self.w.attr("root-volume");
        self.w
            .word(&format!("{size}GiB"), ebs.get("VolumeSize").map(|v| v.span));
        if let Some(t) = ebs.get("VolumeType").and_then(Value::as_str) {
            self.w.word(t, ebs.get("VolumeType").map(|v| v.span));
        }
        if let Some(k) = ebs.get("KmsKeyId").and_then(Value::as_str) {
            self.w.word("kms-key", None);
            self.w.word(k, ebs.get("KmsKeyId").map(|v| v.span));
        }
        self.w.end(a, m.span);
    }

    pub(super) fn instance(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("instance", &name, r.logical_id_span);
        if let Some(props) = &r.properties {
            self.host(i, props, true);
        }
        self.w.close(b, r.span);
    }

    pub(super) fn launch_template(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("launch-template", &name, r.logical_id_span);
        if let Some(d) = r.property("LaunchTemplateData") {
            self.host(i, d, false);
        }
        self.w.close(b, r.span);
    }

    /// A launch configuration is what a launch template is to the
    /// language: the same host attributes, at the top level of its
    /// properties (`SecurityGroups`, `AssociatePublicIpAddress`).
    pub(super) fn launch_configuration(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("launch-template", &name, r.logical_id_span);
        if let Some(props) = &r.properties {
            self.host(i, props, false);
            if let Some(v) = props.get("AssociatePublicIpAddress")
                && let Some(on) = boolean(v)
            {
                self.w.line("public-ip", on_off(on), v.span);
            }
        }
        self.w.close(b, r.span);
    }

    pub(super) fn volume(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("volume", &name, r.logical_id_span);
        let zone = self
            .zone(i, "AvailabilityZone")
            .or_else(|| self.zone(i, "AvailabilityZoneId"));
        if let Some((z, span)) = zone {
            self.w.line("zone", &z, span);
        }
        if let Some(v) = r.property("Size")
            && let Some(s) = v.as_str()
        {
            self.w.line("size", &format!("{s}GiB"), v.span);
        }
        let vtype = r
            .property("VolumeType")
            .and_then(Value::as_str)
            .unwrap_or("gp2");
        let vspan = r
            .property("VolumeType")
            .map_or(r.logical_id_span, |v| v.span);
        self.w.line("type", vtype, vspan);
        if let Some(v) = r.property("Iops")
            && let Some(n) = v.as_str()
        {
            // `build` writes 3000 (capped) for io1/io2 without `iops`.
            self.w.line("iops", n, v.span);
        }
        if let Some(v) = r.property("Throughput")
            && let Some(n) = v.as_str()
        {
            self.w.line("throughput", n, v.span);
        }
        let enc = r.property("Encrypted");
        let on = enc.and_then(boolean).unwrap_or(false);
        if !on {
            self.w.line(
                "encrypted",
                "off",
                enc.map_or(r.logical_id_span, |v| v.span),
            );
        }
        if let Some(v) = r.property("KmsKeyId")
            && let Some(k) = v.as_str()
        {
            self.w.line("kms-key", k, v.span);
        }
        if let Some(v) = r.property("MultiAttachEnabled")
            && boolean(v) == Some(true)
        {
            self.w.line("multi-attach", "on", v.span);
        }
        for k in self.kids(i, "vol-attach") {
            let a = self.res(k);
            let inst = self.ref_prop(k, "InstanceId");
            let dev = a.property("Device").and_then(Value::as_str);
            if let (Some((inst, span)), Some(dev)) = (inst, dev) {
                let at = self.w.attr("attach");
                self.w.word(&inst, Some(span));
                self.w.word(dev, a.property("Device").map(|v| v.span));
                self.w.end(at, a.logical_id_span);
            }
        }
        self.w.close(b, r.span);
    }

    pub(super) fn asg(&mut self, i: usize) {
        let r = self.res(i);
        let name = self.names[r.logical_id.as_ref()].clone();
        let b = self.w.open("auto-scaling-group", &name, r.logical_id_span);
        match launch_ref(r) {
            Some((v, prop)) => {
                if let Some(n) = self.name_of(i, prop, v) {
                    self.w.line("launch-template", &n, v.span);
                }
            }
            None => self.unmapped(
                r.logical_id_span,
                format!(
                    "Auto Scaling group `{}` names no launch template or launch configuration",
                    r.logical_id
                ),
                None,
            ),
        }
        if let Some(o) = r
            .property("MixedInstancesPolicy")
            .and_then(|m| m.get("LaunchTemplate"))
            .and_then(|l| l.get("Overrides"))
            .filter(|o| o.as_list().is_none_or(|l| !l.is_empty()))
        {
            self.unmapped(
                o.span,
                format!(
                    "the `Overrides` of `{}` are not analysed: the language gives a group one launch template and its instance type",
                    r.logical_id
                ),
                Some("the group is checked as launching its launch template's instance type"),
            );
        }
        if let Some(v) = r.property("LoadBalancerNames") {
            self.unmapped(
                v.span,
                format!(
                    "`{}` registers with classic load balancers, which netlint does not analyse",
                    r.logical_id
                ),
                Some("use a target group of an application or network load balancer (`TargetGroupARNs`)"),
            );
        }
        if let Some(v) = r.property("VPCZoneIdentifier") {
            let list = self.ref_list(i, v, "VPCZoneIdentifier");
            if !list.is_empty() {
                let a = self.w.attr("subnets");
                self.w.list(&list);
                self.w.end(a, v.span);
            }
        }
        for (prop, key) in [
            ("MinSize", "min"),
            ("DesiredCapacity", "desired"),
            ("MaxSize", "max"),
        ] {
            if let Some((n, span, from)) = self.scalar(i, prop) {
                self.provenance(&from);
                self.w.line(key, &n, span);
            }
        }
        if let Some(v) = r.property("TargetGroupARNs") {
            let list = self.ref_list(i, v, "TargetGroupARNs");
            if !list.is_empty() {
                let a = self.w.attr("target-groups");
                self.w.list(&list);
                self.w.end(a, v.span);
            }
        }
        let health = r.property("HealthCheckType").and_then(Value::as_str);
        let grace = r.property("HealthCheckGracePeriod").and_then(Value::as_str);
        if health.is_some() || grace.is_some() {
            let span = r
                .property("HealthCheckType")
                .or(r.property("HealthCheckGracePeriod"))
                .map_or(r.logical_id_span, |v| v.span);
            let a = self.w.attr("health-check");
            self.w
                .word(&health.unwrap_or("EC2").to_ascii_lowercase(), Some(span));
            if let Some(g) = grace.filter(|g| *g != "300" && *g != "0") {
                let secs: u64 = g.parse().unwrap_or(300);
                let d = if secs.is_multiple_of(60) {
                    format!("{}m", secs / 60)
                } else {
                    format!("{secs}s")
                };
                self.w.word("grace", None);
                self.w
                    .word(&d, r.property("HealthCheckGracePeriod").map(|v| v.span));
            }
            self.w.end(a, span);
        }
        for k in self.kids(i, "policy") {
            self.policy(k);
        }
        self.w.close(b, r.span);
    }

    fn policy(&mut self, k: usize) {
        let p = self.res(k);
        let ptype_v = p.property("PolicyType");
        let ptype = match ptype_v {
            None => "SimpleScaling",
            Some(v) => match v.as_str() {
                Some(t) => t,
                None => {
                    self.unknown(k, "PolicyType", v, "the policy is not analysed");
                    return;
                }
            },
        };
        let what = match ptype {
            "TargetTrackingScaling" => {
                self.target_tracking(k);
                return;
            }
            "SimpleScaling" | "StepScaling" => "",
            "PredictiveScaling" => "predictive scaling",
            _ => "a policy type netlint does not know",
        };
        if !what.is_empty() {
            self.unmapped(
                ptype_v.map_or(p.logical_id_span, |v| v.span),
                format!(
                    "scaling policy `{}` is {what}, which the language cannot describe: it is not analysed",
                    p.logical_id
                ),
                None,
            );
            return;
        }
        if let Some(v) = p.property("AdjustmentType")
            && v.as_str() != Some("ChangeInCapacity")
        {
            self.unmapped(
                v.span,
                format!(
                    "scaling policy `{}` adjusts by {}: the language's `add`/`remove` count instances (`ChangeInCapacity`), so it is not analysed",
                    p.logical_id,
                    v.as_str().map_or("a value netlint cannot read".to_string(), |t| format!("`{t}`"))
                ),
                None,
            );
            return;
        }
        // Step and simple scaling: the alarm that triggers it gives the
        // metric and threshold.
        let id = p.logical_id.as_ref();
        let t = self.t;
        let alarms = self.alarms.get_or_insert_with(|| {
            let mut m = HashMap::new();
            for (k, a) in t.resources.iter().enumerate() {
                if a.type_ != "AWS::CloudWatch::Alarm" {
                    continue;
                }
                let actions = a.property("AlarmActions").and_then(Value::as_list);
                for v in actions.into_iter().flatten() {
                    if let Some(target) = super::target_id(v) {
                        m.entry(target.to_string()).or_insert(k);
                    }
                }
            }
            m
        });
        let alarm = alarms.get(id).map(|&k| &t.resources[k]);
        let steps = p.property("StepAdjustments").and_then(Value::as_list);
        let adj = steps
            .and_then(|l| l.first())
            .and_then(|s| s.get("ScalingAdjustment"))
            .or(p.property("ScalingAdjustment"));
        let Some(alarm) = alarm else {
            self.unmapped(
                p.logical_id_span,
                format!(
                    "scaling policy `{}` has no CloudWatch alarm in the template",
                    p.logical_id
                ),
                None,
            );
            return;
        };
        let group = p
            .property("AutoScalingGroupName")
            .and_then(super::target_id);
        if let Some(why) = not_group_cpu(alarm, group) {
            self.unmapped(
                alarm.logical_id_span,
                format!(
                    "scaling policy `{}` scales on alarm `{}`, {why}: the language's `scale-out`/`scale-in` scale on the group's average CPU only, so it is not analysed",
                    p.logical_id, alarm.logical_id
                ),
                None,
            );
            return;
        }
        let op = alarm
            .property("ComparisonOperator")
            .and_then(Value::as_str)
            .unwrap_or("");
        let out = op.starts_with("Greater");
        let threshold = alarm.property("Threshold");
        let n = adj
            .and_then(Value::as_str)
            .and_then(|a| a.parse::<i64>().ok());
        let (Some(t), Some(n)) = (threshold.and_then(Value::as_str), n) else {
            self.unmapped(
                p.logical_id_span,
                format!(
                    "scaling policy `{}`: netlint cannot read its alarm's threshold or its adjustment",
                    p.logical_id
                ),
                None,
            );
            return;
        };
        if !(op.starts_with("Greater") || op.starts_with("Less")) || (n > 0) != out || n == 0 {
            self.unmapped(
                adj.map_or(p.logical_id_span, |v| v.span),
                format!(
                    "scaling policy `{}` {} {} when its alarm's metric is {}: the language adds instances on high CPU and removes them on low CPU only, so it is not analysed",
                    p.logical_id,
                    if n < 0 { "removes" } else { "adds" },
                    n.abs(),
                    if out { "high" } else { "low" }
                ),
                None,
            );
            return;
        }
        if let Some(more) = steps.and_then(|l| l.get(1)) {
            self.unmapped(
                more.span,
                format!(
                    "scaling policy `{}` has more than one step: only the first is analysed",
                    p.logical_id
                ),
                None,
            );
        }
        let a = self.w.attr(if out { "scale-out" } else { "scale-in" });
        self.w.word("cpu", None);
        self.w.word(if out { ">" } else { "<" }, None);
        self.w.word(&format!("{t}%"), threshold.map(|v| v.span));
        self.w.word(if out { "add" } else { "remove" }, None);
        self.w.word(&n.abs().to_string(), adj.map(|v| v.span));
        self.w.end(a, p.logical_id_span);
    }

    /// Target tracking: the group's average CPU is what the language says
    /// (`target cpu`); any other metric is reported where it is named.
    fn target_tracking(&mut self, k: usize) {
        let p = self.res(k);
        let cfg = p.property("TargetTrackingConfiguration");
        let metric_v = cfg
            .and_then(|c| c.get("PredefinedMetricSpecification"))
            .and_then(|m| m.get("PredefinedMetricType"));
        let metric = metric_v.and_then(Value::as_str);
        let target = cfg.and_then(|c| c.get("TargetValue"));
        if metric == Some("ASGAverageCPUUtilization")
            && let Some(t) = target.and_then(Value::as_str)
        {
            let a = self.w.attr("target");
            self.w.word("cpu", None);
            self.w.word(&format!("{t}%"), target.map(|v| v.span));
            self.w.end(a, p.logical_id_span);
            return;
        }
        let custom = cfg.and_then(|c| c.get("CustomizedMetricSpecification"));
        let (span, what) = match (metric_v, metric, custom) {
            (Some(v), Some(m), _) if m != "ASGAverageCPUUtilization" => (v.span, format!("`{m}`")),
            (_, _, Some(c)) => (c.span, "a customized metric".to_string()),
            _ => (
                p.logical_id_span,
                "a metric or target netlint cannot read".to_string(),
            ),
        };
        self.unmapped(
            span,
            format!(
                "scaling policy `{}` tracks {what}: the language's `target` tracks the group's average CPU only, so it is not analysed",
                p.logical_id
            ),
            None,
        );
    }
}

/// Why an alarm is not the average CPU of the Auto Scaling group `group`
/// (the shape `build` writes), or `None` when it is.
fn not_group_cpu(alarm: &crate::cfn::Resource<'_>, group: Option<&str>) -> Option<String> {
    let text = |p: &str| alarm.property(p).and_then(Value::as_str);
    match text("MetricName") {
        Some("CPUUtilization") => {}
        Some(m) => return Some(format!("on `{m}`")),
        None => return Some("not on a single metric netlint can read".to_string()),
    }
    if let Some(ns) = text("Namespace").filter(|ns| *ns != "AWS/EC2") {
        return Some(format!("on `{ns}`'s CPU"));
    }
    if alarm.property("ExtendedStatistic").is_some() {
        return Some("on a percentile".to_string());
    }
    if let Some(st) = text("Statistic").filter(|st| *st != "Average") {
        return Some(format!("on the {st} of CPU"));
    }
    let dims = alarm.property("Dimensions").and_then(Value::as_list)?;
    let of_group = dims.iter().any(|d| {
        d.get("Name").and_then(Value::as_str) == Some("AutoScalingGroupName")
            && d.get("Value")
                .and_then(super::target_id)
                .is_some_and(|g| Some(g) == group)
    });
    (!of_group).then(|| "on the CPU of something other than its group".to_string())
}

/// What an Auto Scaling group launches, and the property that says it:
/// its launch template, its launch configuration, or the launch template
/// of its mixed instances policy.
pub(super) fn launch_ref<'r, 's>(
    r: &'r crate::cfn::Resource<'s>,
) -> Option<(&'r Value<'s>, &'static str)> {
    let spec = |lt: &'r Value<'s>| lt.get("LaunchTemplateId").or(lt.get("LaunchTemplateName"));
    if let Some(lt) = r.property("LaunchTemplate") {
        return spec(lt).map(|v| (v, "LaunchTemplate"));
    }
    if let Some(v) = r.property("LaunchConfigurationName") {
        return Some((v, "LaunchConfigurationName"));
    }
    r.property("MixedInstancesPolicy")
        .and_then(|m| m.get("LaunchTemplate"))
        .and_then(|l| l.get("LaunchTemplateSpecification"))
        .and_then(spec)
        .map(|v| (v, "MixedInstancesPolicy"))
}
