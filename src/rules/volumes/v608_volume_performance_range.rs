//! V608 volume-performance-range.
//!
//! The limits are those of the EC2 `CreateVolume` reference (Iops and
//! Throughput), with gp3's raised in 2025: gp3 3,000–80,000 IOPS, at most
//! 500 IOPS per GiB (3,000 whatever the size), 125–2,000 MiB/s and at most
//! 0.25 MiB/s per provisioned IOPS; io1 100–64,000 IOPS, at most 50 per
//! GiB; io2 100–256,000 IOPS, at most 1,000 per GiB. gp2, st1, sc1 and
//! standard take no IOPS, and only gp3 takes a throughput.

use crate::catalog::Code;
use crate::model::{Volume, VolumeType, ids};
use crate::rules::{Context, Rule};
use crate::span::Spanned;

pub static RULE: Rule = Rule {
    code: Code::V608,
    check,
};

/// gp3's baseline: what a volume gets with no `iops` written.
pub(crate) const GP3_BASE_IOPS: u64 = 3000;
const GP3_MAX_IOPS: u64 = 80_000;
const GP3_MIN_THROUGHPUT: u64 = 125;
const GP3_MAX_THROUGHPUT: u64 = 2000;

/// The IOPS a volume of `gib` may be given: (lowest, highest, why the
/// highest), `None` for a type that takes no `iops`.
pub(crate) fn iops_range(t: VolumeType, gib: u64) -> Option<(u64, u64, String)> {
    let per_gib = |per: u64, cap: u64, floor: u64| {
        let by_size = gib.saturating_mul(per).max(floor);
        if by_size < cap {
            (by_size, format!("{per} IOPS per GiB of {gib}GiB"))
        } else {
            (cap, format!("the {} maximum", t.as_str()))
        }
    };
    let (lo, (hi, why)) = match t {
        VolumeType::Gp3 => (GP3_BASE_IOPS, per_gib(500, GP3_MAX_IOPS, GP3_BASE_IOPS)),
        VolumeType::Io1 => (100, per_gib(50, 64_000, 100)),
        VolumeType::Io2 => (100, per_gib(1000, 256_000, 100)),
        VolumeType::Gp2 | VolumeType::St1 | VolumeType::Sc1 | VolumeType::Standard => {
            return None;
        }
    };
    Some((lo, hi, why))
}

fn check(cx: &Context<'_>) {
    for (_, v) in ids(&cx.model.volumes) {
        if let Some(iops) = v.iops {
            judge_iops(cx, v, iops);
        }
        if let Some(tp) = v.throughput {
            judge_throughput(cx, v, tp);
        }
    }
}

fn type_note(v: &Volume) -> Option<&'static str> {
    v.volume_type
        .is_none()
        .then_some("no type is written, so the volume is gp3")
}

fn judge_iops(cx: &Context<'_>, v: &Volume, iops: Spanned<u64>) {
    let t = v.volume_type();
    let name = &v.decl.name;
    let Some((lo, hi, why)) = iops_range(t, v.size_gib.node) else {
        let d = cx
            .report(
                &RULE,
                iops.span,
                format!("volume {name} is {}, which takes no `iops`", t.as_str()),
            )
            .with_label(format!("{} performance is set by its size", t.as_str()))
            .with_help(
                "remove `iops`, or use `type gp3` (3,000 IOPS included) or io2 to provision IOPS",
            );
        if let Some(s) = v.volume_type {
            d.with_secondary(s.span, format!("{} takes no provisioned IOPS", t.as_str()));
        }
        return;
    };
    if (lo..=hi).contains(&iops.node) {
        return;
    }
    let too_low = iops.node < lo;
    let label = if too_low {
        format!("{} starts at {lo} IOPS", t.as_str())
    } else {
        format!("at most {hi} IOPS: {why}")
    };
    let help = if too_low {
        format!("use `iops {lo}` or more")
    } else if t != VolumeType::Io2 && iops.node <= 256_000 {
        format!("use `iops {hi}` or less, a larger size, or io2 (up to 256,000 IOPS)")
    } else {
        format!("use `iops {hi}` or less, or a larger size")
    };
    let d = cx
        .report(
            &RULE,
            iops.span,
            format!(
                "volume {name} asks for {} IOPS, outside what a {}GiB {} volume takes ({lo}–{hi})",
                iops.node,
                v.size_gib.node,
                t.as_str()
            ),
        )
        .with_label(label)
        .with_secondary(v.size_gib.span, format!("{}GiB", v.size_gib.node))
        .with_help(help);
    if let Some(n) = type_note(v) {
        d.with_note(n);
    }
}

fn judge_throughput(cx: &Context<'_>, v: &Volume, tp: Spanned<u64>) {
    let t = v.volume_type();
    let name = &v.decl.name;
    if t != VolumeType::Gp3 {
        let d = cx
            .report(
                &RULE,
                tp.span,
                format!(
                    "volume {name} is {}, which takes no `throughput`",
                    t.as_str()
                ),
            )
            .with_label("only gp3 volumes take a provisioned throughput")
            .with_help("remove `throughput`, or use `type gp3`");
        if let Some(s) = v.volume_type {
            d.with_secondary(s.span, format!("{} has a fixed throughput", t.as_str()));
        }
        return;
    }
    let iops = v.iops.map_or(GP3_BASE_IOPS, |i| i.node);
    let by_iops = iops / 4;
    let hi = by_iops.min(GP3_MAX_THROUGHPUT);
    let lo = GP3_MIN_THROUGHPUT;
    if (lo..=hi).contains(&tp.node) {
        return;
    }
    let (label, help) = if tp.node < lo {
        (
            format!("gp3 starts at {lo} MiB/s"),
            format!("use `throughput {lo}` or more (125 MiB/s is included)"),
        )
    } else if hi == GP3_MAX_THROUGHPUT {
        (
            format!("gp3 ends at {GP3_MAX_THROUGHPUT} MiB/s"),
            format!("use `throughput {GP3_MAX_THROUGHPUT}` or less, or several volumes"),
        )
    } else {
        let need = tp.node.min(GP3_MAX_THROUGHPUT) * 4;
        (
            format!("at most {hi} MiB/s with {iops} IOPS (0.25 MiB/s per IOPS)"),
            format!(
                "provision `iops {need}` or more for {} MiB/s, or use `throughput {hi}`",
                tp.node.min(GP3_MAX_THROUGHPUT)
            ),
        )
    };
    let d = cx
        .report(
            &RULE,
            tp.span,
            format!(
                "volume {name} asks for {} MiB/s, outside what this gp3 volume takes ({lo}–{hi} MiB/s)",
                tp.node
            ),
        )
        .with_label(label)
        .with_help(help);
    match v.iops {
        Some(i) => d.with_secondary(i.span, format!("{} IOPS", i.node)),
        None => d.with_note("no `iops` is written, so the volume has gp3's baseline of 3,000 IOPS"),
    };
}

#[cfg(test)]
mod tests {
    use super::super::diags;
    use super::iops_range;
    use crate::model::VolumeType;

    #[test]
    fn the_documented_limits() {
        // gp3: 500 per GiB, floor 3,000, cap 80,000 (reached at 160GiB).
        assert_eq!(iops_range(VolumeType::Gp3, 1).unwrap().1, 3000);
        assert_eq!(iops_range(VolumeType::Gp3, 100).unwrap().1, 50_000);
        assert_eq!(iops_range(VolumeType::Gp3, 160).unwrap().1, 80_000);
        assert_eq!(iops_range(VolumeType::Gp3, 16384).unwrap().1, 80_000);
        assert_eq!(iops_range(VolumeType::Io1, 100).unwrap().1, 5000);
        assert_eq!(iops_range(VolumeType::Io1, 2000).unwrap().1, 64_000);
        assert_eq!(iops_range(VolumeType::Io2, 100).unwrap().1, 100_000);
        assert_eq!(iops_range(VolumeType::Io2, 1000).unwrap().1, 256_000);
        assert!(iops_range(VolumeType::Gp2, 100).is_none());
        assert!(iops_range(VolumeType::St1, 500).is_none());
    }

    #[test]
    fn iops_and_throughput_at_and_past_the_edges() {
        let src = "vpc main { cidr 10.0.0.0/16 }
volume ok1 { zone a; size 160GiB; iops 80000; throughput 2000 }
volume ok2 { zone a; size 10GiB; throughput 750 }
volume ok3 { zone a; size 100GiB; type io1; iops 5000 }
volume ok4 { zone a; size 100GiB; type io2; iops 100000 }
volume v1 { zone a; size 159GiB; iops 80000 }
volume v2 { zone a; size 10GiB; throughput 751 }
volume v3 { zone a; size 160GiB; iops 80000; throughput 2001 }
volume v4 { zone a; size 100GiB; type io1; iops 5001 }
volume v5 { zone a; size 100GiB; type gp2; iops 3000 }
volume v6 { zone a; size 500GiB; type st1; throughput 250 }
volume v7 { zone a; size 100GiB; iops 2999; throughput 124 }
";
        let d = diags(src, "V608");
        let spans: Vec<&str> = d.iter().map(|d| d.span.text(src)).collect();
        assert_eq!(
            spans,
            ["80000", "751", "2001", "5001", "3000", "250", "2999", "124"]
        );
        assert_eq!(
            d[1].help.as_deref(),
            Some("provision `iops 3004` or more for 751 MiB/s, or use `throughput 750`")
        );
        assert_eq!(
            d[0].message,
            "volume v1 asks for 80000 IOPS, outside what a 159GiB gp3 volume takes (3000–79500)"
        );
    }
}
