//! Resolving storage and its records: EFS file systems, `mounts` on
//! hosts, KMS keys of volumes, and a VPC's flow logs.

use super::*;

impl<'a> Resolver<'a> {
    pub(super) fn file_system(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<FileSystem> {
        let vpc = self.req_ref(a, "vpc", Kind::Vpc);
        let mount_targets = self.ref_list(a, "mount-targets", Kind::Subnet);
        let security_groups = self.ref_list(a, "security-groups", Kind::SecurityGroup);
        let encrypted = self.opt_bool(a, "encrypted");
        let performance = self.opt_keyword(
            a,
            "performance",
            &[
                ("general-purpose", EfsPerformance::GeneralPurpose),
                ("max-io", EfsPerformance::MaxIo),
            ],
        );
        let throughput = self.efs_throughput(a);
        let backup = self.opt_bool(a, "backup");
        Some(FileSystem {
            decl,
            vpc: vpc?,
            mount_targets: mount_targets.ok()?,
            security_groups: security_groups.ok()?,
            encrypted: encrypted.ok()?,
            performance: performance.ok()?,
            throughput: throughput.ok()?,
            backup: backup.ok()?,
        })
    }

    /// `throughput bursting|elastic|provisioned <MiB/s>`.
    fn efs_throughput(&mut self, a: &Attrs<'_, 'a>) -> Result<Option<Spanned<EfsThroughput>>, ()> {
        const SHAPE: &str = "throughput bursting|elastic|provisioned <MiB/s>";
        let Some(attr) = a.one("throughput") else {
            return Ok(None);
        };
        let mut args = Args::new(attr);
        let w = self.word(&mut args, "a throughput mode").ok_or(())?;
        let mode = self
            .keyword(
                w,
                &[
                    ("bursting", EfsThroughput::Bursting),
                    ("elastic", EfsThroughput::Elastic),
                    ("provisioned", EfsThroughput::Provisioned(0)),
                ],
            )
            .ok_or(())?;
        let mode = match mode {
            EfsThroughput::Provisioned(_) => {
                let Some(_) = args.peek_word() else {
                    self.invalid(
                        w.span,
                        "`provisioned` needs the throughput in MiB/s".into(),
                        "write e.g. `throughput provisioned 128`",
                    );
                    return Err(());
                };
                let n = self.word(&mut args, "MiB/s").ok_or(())?;
                // EFS takes 1..3414 MiB/s by default; more on request.
                let mibps = self
                    .typed(
                        n,
                        |s| pv::count(s, 1, 10_240),
                        "write a throughput of 1 to 10240 MiB/s",
                    )
                    .ok_or(())?;
                EfsThroughput::Provisioned(mibps as u32)
            }
            m => m,
        };
        if self.done(&args, SHAPE) {
            Ok(Some(Spanned::new(mode, attr.span)))
        } else {
            Err(())
        }
    }

    /// `mounts <file-system>, …` on an instance or launch template.
    pub(super) fn mounts(&mut self, a: &Attrs<'_, 'a>) -> Result<List<FsId>, ()> {
        self.ref_list(a, "mounts", Kind::FileSystem)
    }

    /// `kms-key <arn|alias>` on a volume.
    pub(super) fn kms_key_attr(
        &mut self,
        a: &Attrs<'_, 'a>,
    ) -> Result<Option<Spanned<String>>, ()> {
        self.opt_single(
            a,
            "kms-key",
            |w| pv::kms_key(w).map(|()| w.to_string()),
            "a KMS key ARN or alias",
            "<arn|alias/name>",
        )
    }

    /// The `kms-key <arn|alias>` option inside `root-volume`, after the
    /// keyword.
    pub(super) fn kms_key_option(&mut self, args: &mut Args<'_, 'a>) -> Option<Spanned<String>> {
        let w = self.word(args, "a KMS key ARN or alias after `kms-key`")?;
        self.typed(
            w,
            pv::kms_key,
            "write a key ARN (arn:aws:kms:…:key/…) or an alias (alias/name)",
        )?;
        Some(Spanned::new(w.text.to_string(), w.span))
    }

    /// `throughput <MiB/s>` on a volume (V608 checks it against the type).
    pub(super) fn volume_throughput(
        &mut self,
        a: &Attrs<'_, 'a>,
    ) -> Result<Option<Spanned<u64>>, ()> {
        self.opt_single(
            a,
            "throughput",
            |w| pv::count(w, 1, 100_000),
            "a throughput in MiB/s",
            "<MiB/s>",
        )
    }

    /// `flow-logs <s3-arn> [traffic …]` or
    /// `flow-logs cloudwatch <log-group> role <role-arn> [traffic …]`.
    pub(super) fn flow_logs(&mut self, a: &Attrs<'_, 'a>) -> Result<Option<Spanned<FlowLog>>, ()> {
        const SHAPE: &str = "flow-logs <s3-arn> | cloudwatch <log-group> role <role-arn> [traffic all|accept|reject]";
        let Some(attr) = a.one("flow-logs") else {
            return Ok(None);
        };
        let mut args = Args::new(attr);
        let w = self
            .word(&mut args, "an S3 bucket ARN or `cloudwatch`")
            .ok_or(())?;
        let destination = if w.text == "cloudwatch" {
            let g = self.word(&mut args, "a log group name").ok_or(())?;
            let group = self.typed(
                g,
                pv::log_group,
                "write a log group name such as `vpc-flow-logs`",
            );
            let role_kw = self.expect_keyword(&mut args, "role", SHAPE);
            let role = match role_kw {
                Some(_) => {
                    let r = self.word(&mut args, "an IAM role ARN").ok_or(())?;
                    self.typed(
                        r,
                        pv::role_arn,
                        "write the ARN of a role that may publish to CloudWatch Logs",
                    )
                    .map(|()| Spanned::new(r.text.to_string(), r.span))
                }
                None => None,
            };
            match (group, role) {
                (Some(()), Some(role)) => Some(FlowDestination::CloudWatch {
                    log_group: Spanned::new(g.text.to_string(), g.span),
                    role,
                }),
                // A missing `role` leaves the rest unread: it is not
                // known where `traffic` would start.
                (_, None) => return Err(()),
                _ => None,
            }
        } else {
            // A bad ARN is one word: `traffic` after it is still checked.
            self.typed(
                w,
                pv::s3_arn,
                "write an S3 bucket ARN (arn:aws:s3:::bucket[/prefix]) or `cloudwatch <log-group> role <role-arn>`",
            )
            .map(|()| FlowDestination::S3(Spanned::new(w.text.to_string(), w.span)))
        };
        let mut traffic = None;
        if args.peek_word().is_some() {
            self.expect_keyword(&mut args, "traffic", SHAPE).ok_or(())?;
            let t = self.word(&mut args, "all, accept or reject").ok_or(())?;
            let v = self
                .keyword(
                    t,
                    &[
                        ("all", FlowTraffic::All),
                        ("accept", FlowTraffic::Accept),
                        ("reject", FlowTraffic::Reject),
                    ],
                )
                .ok_or(())?;
            traffic = Some(Spanned::new(v, t.span));
        }
        match destination {
            Some(destination) if self.done(&args, SHAPE) => Ok(Some(Spanned::new(
                FlowLog {
                    destination,
                    traffic,
                },
                attr.span,
            ))),
            _ => Err(()),
        }
    }
}
