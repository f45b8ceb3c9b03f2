//! V603 volume-size-range.

use super::size;
use crate::catalog::Code;
use crate::model::{RootVolume, VolumeType, ids};
use crate::rules::{Context, Rule};
use crate::span::{Span, Spanned};

pub static RULE: Rule = Rule {
    code: Code::V603,
    check,
};

/// Smallest and largest size of a type, in GiB.
pub(crate) fn range(t: VolumeType) -> (u64, u64) {
    const TIB: u64 = 1024;
    match t {
        VolumeType::Gp2 => (1, 16 * TIB),
        // Raised from 16 TiB in 2025.
        VolumeType::Gp3 => (1, 64 * TIB),
        VolumeType::Io1 => (4, 16 * TIB),
        VolumeType::Io2 => (4, 64 * TIB),
        VolumeType::St1 | VolumeType::Sc1 => (125, 16 * TIB),
        VolumeType::Standard => (1, TIB),
    }
}

fn check(cx: &Context<'_>) {
    let m = cx.model;
    for (_, v) in ids(&m.volumes) {
        let what = format!("volume {}", v.decl.name);
        judge(cx, &what, v.size_gib, v.volume_type);
    }
    for (_, i) in ids(&m.instances) {
        if let Some(r) = &i.root_volume {
            let what = format!("the root volume of instance {}", i.decl.name);
            root(cx, &what, r);
        }
    }
    for (_, lt) in ids(&m.launch_templates) {
        if let Some(r) = &lt.root_volume {
            let what = format!("the root volume of launch template {}", lt.decl.name);
            root(cx, &what, r);
        }
    }
}

fn root(cx: &Context<'_>, what: &str, r: &Spanned<RootVolume>) {
    judge(cx, what, r.node.size_gib, r.node.volume_type);
}

fn judge(cx: &Context<'_>, what: &str, gib: Spanned<u64>, ty: Option<Spanned<VolumeType>>) {
    let t = ty.map_or(VolumeType::Gp3, |t| t.node);
    let (lo, hi) = range(t);
    if (lo..=hi).contains(&gib.node) {
        return;
    }
    let name = t.as_str();
    let written = size(gib.node);
    let too_small = gib.node < lo;
    let label = if too_small {
        format!("{name} volumes start at {}", size(lo))
    } else {
        format!("{name} volumes end at {}", size(hi))
    };
    let help = if too_small {
        match t {
            VolumeType::St1 | VolumeType::Sc1 => format!(
                "use `size {}` or more, or `type gp3` for a volume of {written}",
                size(lo)
            ),
            _ => format!("use `size {}` or more", size(lo)),
        }
    } else if gib.node <= range(VolumeType::Io2).1 {
        format!(
            "use `size {}` or less, `type gp3` or `type io2` (up to 64TiB), or several volumes",
            size(hi)
        )
    } else {
        format!(
            "no EBS volume holds {written}: split the data over several volumes of at most 64TiB"
        )
    };
    let d = cx
        .report(
            &RULE,
            gib.span,
            format!(
                "{what} is {written}, outside the {name} range {}–{}",
                size(lo),
                size(hi)
            ),
        )
        .with_label(label)
        .with_help(help);
    let type_span: Option<Span> = ty.map(|t| t.span);
    match type_span {
        Some(s) => d.with_secondary(s, format!("{name}: {}–{}", size(lo), size(hi))),
        None => d.with_note("no type is written, so the volume is gp3"),
    };
}

#[cfg(test)]
mod tests {
    use super::super::diags;
    use super::range;
    use crate::model::VolumeType;

    #[test]
    fn the_table_matches_the_catalog() {
        assert_eq!(range(VolumeType::Gp2), (1, 16384));
        assert_eq!(range(VolumeType::Gp3), (1, 65536));
        assert_eq!(range(VolumeType::Io1), (4, 16384));
        assert_eq!(range(VolumeType::Io2), (4, 65536));
        assert_eq!(range(VolumeType::St1), (125, 16384));
        assert_eq!(range(VolumeType::Sc1), (125, 16384));
        assert_eq!(range(VolumeType::Standard), (1, 1024));
    }

    #[test]
    fn volumes_and_root_volumes_at_and_past_the_edges() {
        let src = "vpc main { cidr 10.0.0.0/16 }
subnet a { vpc main; cidr 10.0.1.0/24; zone a }
route-table rt { vpc main; subnets a }
volume v1 { zone a; size 125GiB; type st1 }
volume v2 { zone a; size 124GiB; type sc1 }
volume v3 { zone a; size 64TiB; type io2; iops 3000 }
volume v4 { zone a; size 65TiB }
volume v4b { zone a; size 64TiB }
volume v5 { zone a; size 1025GiB; type standard }
volume v6 { zone a; size 3GiB; type io1; iops 100 }
instance i { subnet a; ami ami-0c55b159cbfafe1f0; type t3.micro; root-volume 20TiB gp2 }
launch-template lt { ami ami-0c55b159cbfafe1f0; type t3.micro; root-volume 17TiB gp2 }
";
        let d = diags(src, "V603");
        let spans: Vec<&str> = d.iter().map(|d| d.span.text(src)).collect();
        assert_eq!(
            spans,
            ["124GiB", "65TiB", "1025GiB", "3GiB", "20TiB", "17TiB"]
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some("use `size 125GiB` or more, or `type gp3` for a volume of 124GiB")
        );
        assert_eq!(
            d[1].help.as_deref(),
            Some("no EBS volume holds 65TiB: split the data over several volumes of at most 64TiB")
        );
        assert_eq!(d[1].notes, ["no type is written, so the volume is gp3"]);
        assert_eq!(
            d[4].help.as_deref(),
            Some(
                "use `size 16TiB` or less, `type gp3` or `type io2` (up to 64TiB), or several volumes"
            )
        );
        assert_eq!(
            d[4].message,
            "the root volume of instance i is 20TiB, outside the gp2 range 1GiB–16TiB"
        );
    }
}
