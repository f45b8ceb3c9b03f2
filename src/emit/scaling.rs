//! Launch templates, Auto Scaling groups and their step-scaling policies
//! and alarms.

use super::*;

impl Emitter<'_> {
    pub(super) fn launch_template(&mut self, i: LtId) {
        let lt = &self.m[i];
        let mut data = Map::new();
        data.insert("ImageId".into(), self.ami(&lt.ami.node));
        data.insert("InstanceType".into(), json!(lt.instance_type.node));
        if let Some(k) = &lt.key_pair {
            data.insert("KeyName".into(), json!(k.node));
        }
        // A launch template says how many IPv6 addresses on its network
        // interface only: with one, the groups move onto it too.
        match (lt.public_ip, lt.ipv6_addresses) {
            (Some(_), _) | (None, Some(_)) => {
                let mut nic = Map::new();
                nic.insert("DeviceIndex".into(), json!(0));
                if let Some(p) = lt.public_ip {
                    nic.insert("AssociatePublicIpAddress".into(), json!(p.node));
                }
                if let Some(n) = lt.ipv6_addresses {
                    nic.insert("Ipv6AddressCount".into(), json!(n.node));
                }
                if !lt.security_groups.is_empty() {
                    nic.insert("Groups".into(), self.group_ids(&lt.security_groups));
                }
                data.insert("NetworkInterfaces".into(), json!([nic]));
            }
            (None, None) if !lt.security_groups.is_empty() => {
                data.insert(
                    "SecurityGroupIds".into(),
                    self.group_ids(&lt.security_groups),
                );
            }
            (None, None) => {}
        }
        if let Some(v) = &lt.root_volume {
            data.insert("BlockDeviceMappings".into(), root_volume(&v.node));
        }
        data.insert("MetadataOptions".into(), metadata_options(lt.imds()));
        if let Some(u) = &lt.user_data {
            data.insert("UserData".into(), json!({ "Fn::Base64": u.node }));
        }
        // Launch template names are unique per region and account: prefix
        // the stack name so two stacks of one file can coexist.
        let res = Res::new("AWS::EC2::LaunchTemplate")
            .prop(
                "LaunchTemplateName",
                json!({ "Fn::Sub": format!("${{AWS::StackName}}-{}", lt.decl.name) }),
            )
            .prop("LaunchTemplateData", Value::Object(data))
            .prop(
                "TagSpecifications",
                json!([{ "ResourceType": "launch-template", "Tags": name_tags(&lt.decl.name) }]),
            );
        self.add(&self.ids.launch_template[i], res);
    }

    pub(super) fn asg(&mut self, i: AsgId) {
        let asg = &self.m[i];
        let id = &self.ids.asg[i];
        let lt = &self.ids.launch_template[asg.launch_template.node];
        let deps: Vec<String> = asg
            .subnets
            .ids()
            .flat_map(|s| self.boot_dependencies(s))
            .collect();
        let health = match asg.health_check_type() {
            HealthCheckType::Ec2 => "EC2",
            HealthCheckType::Elb => "ELB",
        };
        let mounts = self.mount_dependencies(&self.m[asg.launch_template.node].mounts);
        let mut res = Res::new("AWS::AutoScaling::AutoScalingGroup")
            .depends(deps)
            .depends(mounts)
            .prop(
                "LaunchTemplate",
                json!({
                    "LaunchTemplateId": reference(lt),
                    "Version": get_att(lt, "LatestVersionNumber"),
                }),
            )
            .prop("VPCZoneIdentifier", self.subnet_refs(&asg.subnets))
            .prop("MinSize", json!(asg.min.node.to_string()))
            .prop("MaxSize", json!(asg.max.node.to_string()))
            .prop_opt(
                "DesiredCapacity",
                asg.desired.map(|d| json!(d.node.to_string())),
            );
        if !asg.target_groups.is_empty() {
            let arns: Vec<Value> = asg
                .target_groups
                .ids()
                .map(|t| reference(&self.ids.target_group[t]))
                .collect();
            res = res.prop("TargetGroupARNs", Value::Array(arns));
        }
        res = res
            .prop("HealthCheckType", json!(health))
            .prop("HealthCheckGracePeriod", json!(asg.grace_seconds()))
            .prop(
                "Tags",
                json!([{ "Key": "Name", "Value": asg.decl.name, "PropagateAtLaunch": true }]),
            );
        self.add(id, res);

        let steps = [
            (&asg.scale_out, &self.ids.asg_scale_out[i], true),
            (&asg.scale_in, &self.ids.asg_scale_in[i], false),
        ];
        for (step, step_ids, out) in steps {
            let (Some(step), Some(step_ids)) = (step, step_ids) else {
                continue;
            };
            let (bound, adjustment, operator, word) = if out {
                (
                    "MetricIntervalLowerBound",
                    i64::from(step.step()),
                    "GreaterThanThreshold",
                    "scale-out",
                )
            } else {
                (
                    "MetricIntervalUpperBound",
                    -i64::from(step.step()),
                    "LessThanThreshold",
                    "scale-in",
                )
            };
            let policy = Res::new("AWS::AutoScaling::ScalingPolicy")
                .prop("AutoScalingGroupName", reference(id))
                .prop("PolicyType", json!("StepScaling"))
                .prop("AdjustmentType", json!("ChangeInCapacity"))
                .prop("MetricAggregationType", json!("Average"))
                .prop(
                    "StepAdjustments",
                    json!([{ bound: 0, "ScalingAdjustment": adjustment }]),
                );
            self.add(&step_ids.policy, policy);
            let cmp = if out { ">" } else { "<" };
            let alarm = Res::new("AWS::CloudWatch::Alarm")
                .prop(
                    "AlarmDescription",
                    json!(format!(
                        "netlint: {word} {} when average CPU {cmp} {}%",
                        asg.decl.name, step.threshold.node
                    )),
                )
                .prop("Namespace", json!("AWS/EC2"))
                .prop("MetricName", json!("CPUUtilization"))
                .prop(
                    "Dimensions",
                    json!([{ "Name": "AutoScalingGroupName", "Value": reference(id) }]),
                )
                .prop("Statistic", json!("Average"))
                .prop("Period", json!(ALARM_PERIOD))
                .prop("EvaluationPeriods", json!(ALARM_EVALUATION_PERIODS))
                .prop("Threshold", number(step.threshold.node))
                .prop("ComparisonOperator", json!(operator))
                .prop("AlarmActions", json!([reference(&step_ids.policy)]));
            self.add(&step_ids.alarm, alarm);
        }
        if let (Some(target), Some(tt_id)) = (asg.target_cpu, &self.ids.asg_target_tracking[i]) {
            let policy = Res::new("AWS::AutoScaling::ScalingPolicy")
                .prop("AutoScalingGroupName", reference(id))
                .prop("PolicyType", json!("TargetTrackingScaling"))
                .prop(
                    "TargetTrackingConfiguration",
                    json!({
                        "PredefinedMetricSpecification": {
                            "PredefinedMetricType": "ASGAverageCPUUtilization",
                        },
                        "TargetValue": number(target.node),
                    }),
                );
            self.add(tt_id, policy);
        }
    }
}
