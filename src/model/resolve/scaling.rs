//! Resolving launch templates, Auto Scaling groups and their scaling
//! policies.

use super::*;

impl<'a> Resolver<'a> {
    pub(super) fn launch_template(
        &mut self,
        decl: Decl,
        a: &Attrs<'_, 'a>,
    ) -> Option<LaunchTemplate> {
        let ami = self.ami_attr(a);
        let instance_type = self.instance_type_attr(a);
        let security_groups = self.ref_list(a, "security-groups", Kind::SecurityGroup);
        let key_pair = self.key_pair(a);
        let public_ip = self.opt_bool(a, "public-ip");
        let root_volume = self.root_volume(a);
        let imds = self.imds(a);
        let user_data = self.opt_string(a, "user-data", "a user-data script", &limits::USER_DATA);
        let bastion = self.role(a);
        let ipv6_addresses = self.ipv6_addresses(a);
        let mounts = self.mounts(a);
        Some(LaunchTemplate {
            decl,
            ami: ami?,
            instance_type: instance_type?,
            security_groups: security_groups.ok()?,
            key_pair: key_pair.ok()?,
            public_ip: public_ip.ok()?,
            root_volume: root_volume.ok()?,
            imds: imds.ok()?,
            user_data: user_data.ok()?,
            bastion: bastion.ok()?,
            ipv6_addresses: ipv6_addresses.ok()?,
            mounts: mounts.ok()?,
        })
    }

    pub(super) fn asg_count(
        &mut self,
        a: &Attrs<'_, 'a>,
        key: &str,
    ) -> Result<Option<Spanned<u32>>, ()> {
        self.opt_single(
            a,
            key,
            |w| pv::count(w, 0, 10_000).map(|n| n as u32),
            "a count",
            "<count>",
        )
    }

    pub(super) fn asg(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<AutoScalingGroup> {
        let launch_template = self.req_ref(a, "launch-template", Kind::LaunchTemplate);
        let subnets = self.ref_list(a, "subnets", Kind::Subnet);
        let min = self.asg_count(a, "min");
        let max = self.asg_count(a, "max");
        let desired = self.asg_count(a, "desired");
        let target_groups = self.ref_list(a, "target-groups", Kind::TargetGroup);
        let health_check = match a.one("health-check") {
            None => Ok(None),
            Some(attr) => {
                let mut args = Args::new(attr);
                let r = (|| {
                    let w = self.word(&mut args, "`ec2` or `elb`")?;
                    let kind = self.keyword(
                        w,
                        &[("ec2", HealthCheckType::Ec2), ("elb", HealthCheckType::Elb)],
                    )?;
                    let grace = if args.peek_word().is_some() {
                        self.expect_keyword(
                            &mut args,
                            "grace",
                            "health-check ec2|elb [grace <duration>]",
                        )?;
                        let gw = self.word(&mut args, "a duration such as `300s`")?;
                        Some(Spanned::new(
                            self.typed(
                                gw,
                                pv::duration_s,
                                "write a duration such as `300s` or `5m`",
                            )?,
                            gw.span,
                        ))
                    } else {
                        None
                    };
                    self.done(&args, "health-check ec2|elb [grace <duration>]")
                        .then_some(Spanned::new(
                            AsgHealthCheck {
                                kind: Spanned::new(kind, w.span),
                                grace_seconds: grace,
                            },
                            attr.span,
                        ))
                })();
                r.map(Some).ok_or(())
            }
        };
        let scale_out = self.step_scaling(a, "scale-out", ">", "add");
        let scale_in = self.step_scaling(a, "scale-in", "<", "remove");
        let target_cpu = match a.one("target") {
            None => Ok(None),
            Some(attr) => {
                let mut args = Args::new(attr);
                let r = (|| {
                    self.expect_keyword(&mut args, "cpu", "target cpu <percent>")?;
                    let pw = self.word(&mut args, "a percentage such as `50%`")?;
                    let p = self.typed(pw, pv::percent, "write a percentage such as `50%`")?;
                    self.done(&args, "target cpu <percent>")
                        .then_some(Spanned::new(p, pw.span))
                })();
                r.map(Some).ok_or(())
            }
        };
        Some(AutoScalingGroup {
            decl,
            launch_template: launch_template?,
            subnets: subnets.ok()?,
            min: min.ok()??,
            max: max.ok()??,
            desired: desired.ok()?,
            target_groups: target_groups.ok()?,
            health_check: health_check.ok()?,
            scale_out: scale_out.ok()?,
            scale_in: scale_in.ok()?,
            target_cpu: target_cpu.ok()?,
        })
    }

    /// `scale-out cpu > <percent> [add <count>]` / `scale-in cpu < <percent> [remove <count>]`.
    pub(super) fn step_scaling(
        &mut self,
        a: &Attrs<'_, 'a>,
        key: &str,
        op: &str,
        verb: &str,
    ) -> Result<Option<StepScaling>, ()> {
        let Some(attr) = a.one(key) else {
            return Ok(None);
        };
        let shape = format!("{key} cpu {op} <percent> [{verb} <count>]");
        let mut args = Args::new(attr);
        let r = (|| {
            self.expect_keyword(&mut args, "cpu", &shape)?;
            self.expect_keyword(&mut args, op, &shape)?;
            let pw = self.word(&mut args, "a percentage such as `70%`")?;
            let threshold = Spanned::new(
                self.typed(pw, pv::percent, "write a percentage such as `70%`")?,
                pw.span,
            );
            let step = if args.peek_word().is_some() {
                self.expect_keyword(&mut args, verb, &shape)?;
                let cw = self.word(&mut args, "a count")?;
                Some(Spanned::new(
                    self.typed(
                        cw,
                        |s| pv::count(s, 1, 10_000).map(|n| n as u32),
                        "write a count of instances, at least 1",
                    )?,
                    cw.span,
                ))
            } else {
                None
            };
            self.done(&args, &shape).then_some(StepScaling {
                threshold,
                step,
                span: attr.span,
            })
        })();
        r.map(Some).ok_or(())
    }
}
