//! Resolving addressing beyond one IPv4 block: a VPC's secondary IPv4
//! blocks and IPv6 block, a subnet's IPv6 /64, hosts' IPv6 addresses, and
//! the checks across blocks that need the whole model (a subnet's VPC, an
//! Auto Scaling group's subnets), run once every block resolved.

use super::*;

/// A subnet's IPv6 attributes: `ipv6`, `ipv6-index`, `ipv6-cidr`,
/// `ipv6-on-launch`.
pub(super) type SubnetIpv6 = (
    Option<Spanned<bool>>,
    Option<Spanned<u8>>,
    Option<Spanned<IpNet>>,
    Option<Spanned<bool>>,
);

impl<'a> Resolver<'a> {
    pub(super) fn secondary_cidrs(&mut self, a: &Attrs<'_, 'a>) -> Result<List<IpNet>, ()> {
        let Some(attr) = a.one("secondary-cidrs") else {
            return Ok(List::default());
        };
        let mut args = Args::new(attr);
        let words = self.words(&mut args, "IPv4 CIDR blocks").ok_or(())?;
        let mut items = Vec::with_capacity(words.len());
        let mut ok = true;
        for w in words {
            match self.typed(w, pv::cidr, "write an IPv4 block such as 100.64.0.0/16") {
                Some(IpNet::V6(_)) => {
                    self.invalid(
                        w.span,
                        "`secondary-cidrs` are IPv4 blocks".into(),
                        "a VPC has one IPv6 block: write it as `ipv6-cidr <cidr>` (or `ipv6 on` for an Amazon-provided one)",
                    );
                    ok = false;
                }
                Some(net) => items.push(Spanned::new(net, w.span)),
                None => ok = false,
            }
        }
        ok &= self.done(&args, "secondary-cidrs <cidr>, …");
        ok.then_some(List {
            items,
            span: Some(attr.span),
        })
        .ok_or(())
    }

    pub(super) fn vpc_ipv6_cidr(
        &mut self,
        a: &Attrs<'_, 'a>,
        ipv6: Result<Option<Spanned<bool>>, ()>,
    ) -> Result<Option<Spanned<IpNet>>, ()> {
        let Some(c) = self.opt_single(a, "ipv6-cidr", pv::cidr, "an IPv6 /56", "<cidr>")? else {
            return Ok(None);
        };
        let help = "write the /56 your IPAM pool or BYOIP range gives the VPC, such as 2001:db8:1200::/56 (or `ipv6 on` for an Amazon-provided one)";
        match c.node {
            IpNet::V4(_) => {
                self.invalid(c.span, "`ipv6-cidr` is an IPv6 block".into(), help);
                return Err(());
            }
            IpNet::V6(n) if n.prefix_len() != 56 => {
                self.invalid(
                    c.span,
                    format!("a VPC's IPv6 block is a /56, not a /{}", n.prefix_len()),
                    help,
                );
                return Err(());
            }
            IpNet::V6(n) if n.trunc() != n => {
                self.invalid(
                    c.span,
                    format!("`{}` has host bits set", c.node),
                    format!("write the network: `ipv6-cidr {}`", n.trunc()),
                );
                return Err(());
            }
            _ => {}
        }
        if let Ok(Some(off)) = ipv6
            && !off.node
        {
            let d = Diagnostic::new(
                Code::E004,
                c.span,
                "`ipv6-cidr` gives the VPC an IPv6 block, but it says `ipv6 off`".to_string(),
            )
            .with_label("an IPv6 block")
            .with_secondary(off.span, "IPv6 turned off here")
            .with_help("remove `ipv6 off`, or remove `ipv6-cidr` for an IPv4-only VPC");
            self.err(d);
            return Err(());
        }
        Ok(Some(c))
    }

    pub(super) fn subnet_ipv6(&mut self, a: &Attrs<'_, 'a>) -> Option<SubnetIpv6> {
        let ipv6 = self.opt_bool(a, "ipv6");
        let index = self.opt_single(
            a,
            "ipv6-index",
            |w| pv::count(w, 0, 255).map(|n| n as u8),
            "the index of a /64 in the VPC's /56 (0..255)",
            "<0..255>",
        );
        let cidr = self.opt_single(a, "ipv6-cidr", pv::cidr, "an IPv6 /64", "<cidr>");
        let on_launch = self.opt_bool(a, "ipv6-on-launch");
        let cidr = cidr.ok()?;
        if let Some(c) = &cidr {
            let bad = match c.node {
                IpNet::V4(_) => Some("a subnet's `ipv6-cidr` is an IPv6 block".to_string()),
                IpNet::V6(n) if n.prefix_len() != 64 => Some(format!(
                    "a subnet's IPv6 block is a /64, not a /{}",
                    n.prefix_len()
                )),
                IpNet::V6(n) if n.trunc() != n => Some(format!("`{}` has host bits set", c.node)),
                _ => None,
            };
            if let Some(msg) = bad {
                self.invalid(
                    c.span,
                    msg,
                    "write a /64 inside the VPC's `ipv6-cidr`, such as 2001:db8:1200:1::/64, or `ipv6-index <0..255>`",
                );
                return None;
            }
        }
        Some((ipv6.ok()?, index.ok()?, cidr, on_launch.ok()?))
    }

    pub(super) fn ipv6_addresses(&mut self, a: &Attrs<'_, 'a>) -> Result<Option<Spanned<u32>>, ()> {
        self.opt_single(
            a,
            "ipv6-addresses",
            |w| pv::count(w, 0, 50).map(|n| n as u32),
            "a count of IPv6 addresses (0..50)",
            "<count>",
        )
    }

    /// The IPv6 checks that need the whole model: a subnet's IPv6
    /// attributes against its VPC, hosts' IPv6 addresses against their
    /// subnets. E004 each, so a model with IPv6 is consistent.
    pub(super) fn ipv6_checks(&mut self) {
        let mut found = Vec::new();
        let m = &self.model;
        for s in &m.subnets {
            let vpc = &m[s.vpc.node];
            let written = [
                s.ipv6.filter(|v| v.node).map(|v| (v.span, "ipv6 on")),
                s.ipv6_index.map(|v| (v.span, "ipv6-index")),
                s.ipv6_cidr.map(|v| (v.span, "ipv6-cidr")),
                s.ipv6_on_launch.map(|v| (v.span, "ipv6-on-launch")),
            ];
            if !vpc.ipv6() {
                for (span, what) in written.into_iter().flatten() {
                    found.push(
                        Diagnostic::new(
                            Code::E004,
                            span,
                            format!(
                                "subnet {} has `{what}`, but vpc {} has no IPv6 block",
                                s.decl.name, vpc.decl.name
                            ),
                        )
                        .with_label("needs an IPv6 block on the VPC")
                        .with_secondary(vpc.decl.name_span, "IPv4 only")
                        .with_help(format!(
                            "add `ipv6 on` (an Amazon-provided /56) or `ipv6-cidr <cidr>` to vpc {}, or remove `{what}`",
                            vpc.decl.name
                        )),
                    );
                }
                continue;
            }
            if let Some(off) = s.ipv6.filter(|v| !v.node) {
                for (span, what) in written.into_iter().flatten() {
                    found.push(
                        Diagnostic::new(
                            Code::E004,
                            span,
                            format!("subnet {} is `ipv6 off` but has `{what}`", s.decl.name),
                        )
                        .with_label("no IPv6 in this subnet")
                        .with_secondary(off.span, "IPv6 turned off here")
                        .with_help(format!("remove `ipv6 off` or `{what}`")),
                    );
                }
                continue;
            }
            if let (Some(i), Some(c)) = (s.ipv6_index, s.ipv6_cidr) {
                found.push(
                    Diagnostic::new(
                        Code::E004,
                        c.span,
                        format!(
                            "subnet {} has both `ipv6-index` and `ipv6-cidr`",
                            s.decl.name
                        ),
                    )
                    .with_label("a second way to name the /64")
                    .with_secondary(i.span, "the index")
                    .with_help("keep one: `ipv6-index` or `ipv6-cidr`"),
                );
            }
            if let Some(c) = s.ipv6_cidr
                && vpc.ipv6_cidr.is_none()
            {
                found.push(
                    Diagnostic::new(
                        Code::E004,
                        c.span,
                        format!(
                            "vpc {}'s IPv6 block is Amazon-provided: subnet {}'s /64 cannot be written out",
                            vpc.decl.name, s.decl.name
                        ),
                    )
                    .with_label("unknown before deployment")
                    .with_secondary(vpc.decl.name_span, "`ipv6 on`: Amazon picks the /56")
                    .with_help(
                        "write `ipv6-index <0..255>` (which /64 of the VPC's /56), or give the VPC `ipv6-cidr <cidr>`",
                    ),
                );
            }
        }
        for inst in &m.instances {
            let Some(n) = inst.ipv6_addresses.filter(|n| n.node > 0) else {
                continue;
            };
            let sid = inst.subnet.node;
            if !m.subnet_dual_stack(sid) {
                found.push(no_ipv6_subnet(m, "instance", &inst.decl.name, n.span, sid));
            }
        }
        for asg in &m.auto_scaling_groups {
            let lt = &m[asg.launch_template.node];
            let Some(n) = lt.ipv6_addresses.filter(|n| n.node > 0) else {
                continue;
            };
            if let Some(s) = asg.subnets.iter().find(|s| !m.subnet_dual_stack(s.node)) {
                let d = no_ipv6_subnet(m, "launch template", &lt.decl.name, n.span, s.node)
                    .with_note(format!(
                        "auto-scaling-group {} launches it in {}",
                        asg.decl.name, m[s.node].decl.name
                    ));
                found.push(d);
            }
        }
        self.diags.extend(found);
    }
}

fn no_ipv6_subnet(m: &Model, kind: &str, name: &str, span: Span, sid: SubnetId) -> Diagnostic {
    let s = &m[sid];
    let vpc = &m[s.vpc.node];
    let help = if vpc.ipv6() {
        format!(
            "remove `ipv6 off` from subnet {}, or remove `ipv6-addresses`",
            s.decl.name
        )
    } else {
        format!(
            "add `ipv6 on` to vpc {} (its subnets become dual-stack), or remove `ipv6-addresses`",
            vpc.decl.name
        )
    };
    Diagnostic::new(
        Code::E004,
        span,
        format!(
            "{kind} {name} asks for IPv6 addresses, but subnet {} is not dual-stack",
            s.decl.name
        ),
    )
    .with_label("needs a dual-stack subnet")
    .with_secondary(s.decl.name_span, "IPv4 only")
    .with_help(help)
}
