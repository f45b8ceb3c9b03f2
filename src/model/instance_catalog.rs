//! The EC2 instance types netlint knows, and what to suggest for a type it
//! does not know or that is of a previous generation.
//!
//! The table itself is generated ([`super::instance_types`], written by
//! `src/model/instance_types.py` from botocore's EC2 API model): a sorted
//! `static`, so it costs nothing at start-up and a lookup is a binary
//! search. Which families are of a previous generation, and what replaces
//! each, is the script's hand-kept table; see its docstring for the sources.

pub use super::instance_types::BOTOCORE_VERSION;
use super::instance_types::TYPES;
use crate::suggest;
use std::cmp::Ordering;

/// One EC2 instance type, `family.size`.
#[derive(Debug, PartialEq, Eq)]
pub struct InstanceType {
    pub name: &'static str,
    pub generation: Generation,
}

/// Whether AWS lists the type's family among its current or its previous
/// generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    Current,
    /// A previous generation; the current family of the same kind and
    /// processor architecture to use instead.
    Previous {
        successor: &'static str,
    },
}

/// A current-generation entry of the generated table.
pub(super) const fn cur(name: &'static str) -> InstanceType {
    InstanceType {
        name,
        generation: Generation::Current,
    }
}

/// A previous-generation entry of the generated table.
pub(super) const fn prev(name: &'static str, successor: &'static str) -> InstanceType {
    InstanceType {
        name,
        generation: Generation::Previous { successor },
    }
}

impl InstanceType {
    /// `m7i` of `m7i.large`.
    pub fn family(&self) -> &'static str {
        split(self.name).0
    }

    /// `large` of `m7i.large`.
    pub fn size(&self) -> &'static str {
        split(self.name).1
    }
}

fn split(name: &str) -> (&str, &str) {
    name.split_once('.').unwrap_or((name, ""))
}

/// Every known type, sorted by name.
pub fn all() -> &'static [InstanceType] {
    &TYPES
}

/// The type spelled exactly `name` (types are lower case).
pub fn lookup(name: &str) -> Option<&'static InstanceType> {
    TYPES
        .binary_search_by(|t| t.name.cmp(name))
        .ok()
        .map(|i| &TYPES[i])
}

/// The types of one family, in table order (empty if there is no such
/// family). The names that start with `family.` are contiguous in a sorted
/// table: they are the names from `family.` up to, not including,
/// `family/` (`/` follows `.` in ASCII), so two binary searches find them.
/// (Comparing families instead would not do: `m7i-flex.large` sorts before
/// `m7i.large`, but `m7i-flex` after `m7i`.)
pub fn family(family: &str) -> &'static [InstanceType] {
    let first = format!("{family}.");
    let beyond = format!("{family}/");
    let start = TYPES.partition_point(|t| t.name < first.as_str());
    let end = TYPES.partition_point(|t| t.name < beyond.as_str());
    &TYPES[start..end]
}

/// The sizes of a family from smallest to largest (`nano`, `micro`, …,
/// `large`, `xlarge`, `2xlarge`, …, `metal`), for messages.
pub fn sizes(family_name: &str) -> Vec<&'static str> {
    let mut sizes: Vec<&'static str> = family(family_name).iter().map(|t| t.size()).collect();
    sizes.sort_by(|a, b| size_order(a, b));
    sizes
}

/// Orders sizes as AWS lists them.
fn size_order(a: &str, b: &str) -> Ordering {
    size_key(a).cmp(&size_key(b)).then_with(|| a.cmp(b))
}

/// (rank, multiple): named sizes first, then `<n>xlarge` by n, then bare
/// metal ones (`metal`, `metal-24xl`).
fn size_key(size: &str) -> (u8, u32) {
    const NAMED: [&str; 6] = ["nano", "micro", "small", "medium", "large", "xlarge"];
    if let Some(rank) = NAMED.iter().position(|n| *n == size) {
        return (rank as u8, 1);
    }
    if let Some(n) = size.strip_suffix("xlarge").and_then(|n| n.parse().ok()) {
        return (5, n);
    }
    if let Some(rest) = size.strip_prefix("metal") {
        let n = rest
            .strip_prefix('-')
            .and_then(|r| r.strip_suffix("xl"))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        return (6, n);
    }
    (7, 0)
}

/// What to say about a word that is not an instance type.
#[derive(Debug, PartialEq, Eq)]
pub enum Hint {
    /// The type that was probably meant (`t3.mcro`, `T3.micro` → `t3.micro`).
    Type(&'static str),
    /// The family exists but has no such size and no size close to it: its
    /// sizes, smallest first.
    Sizes {
        family: &'static str,
        sizes: Vec<&'static str>,
    },
    None,
}

/// The best hint for `word`, which [`lookup`] did not find: the same
/// spelling in lower case; else, when its family exists, the closest size
/// of that family or the list of its sizes; else the closest type of all,
/// current generation preferred.
pub fn hint(word: &str) -> Hint {
    let lower = word.to_ascii_lowercase();
    if let Some(t) = lookup(&lower) {
        return Hint::Type(t.name);
    }
    let (fam, _) = split(&lower);
    let types = family(fam);
    if let Some(first) = types.first() {
        if let Some(name) = suggest::closest(&lower, types.iter().map(|t| t.name)) {
            return Hint::Type(name);
        }
        let family = first.family();
        return Hint::Sizes {
            family,
            sizes: sizes(family),
        };
    }
    let current = TYPES.iter().filter(|t| t.generation == Generation::Current);
    let previous = TYPES.iter().filter(|t| t.generation != Generation::Current);
    match suggest::closest(&lower, current.chain(previous).map(|t| t.name)) {
        Some(name) => Hint::Type(name),
        None => Hint::None,
    }
}

/// The current-generation type to suggest for a previous-generation one:
/// the successor family with the same size, if it has that size.
pub fn replacement(t: &InstanceType) -> Option<&'static InstanceType> {
    match t.generation {
        Generation::Current => None,
        Generation::Previous { successor } => lookup(&format!("{successor}.{}", t.size())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_unique_and_well_formed() {
        assert!(TYPES.windows(2).all(|w| w[0].name < w[1].name));
        for t in all() {
            assert!(!t.family().is_empty() && !t.size().is_empty(), "{}", t.name);
            assert!(
                t.name.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'-'
                    || b == b'.')
            );
        }
        assert!(all().len() > 1000, "{} types", all().len());
    }

    #[test]
    fn every_successor_is_a_current_family() {
        for t in all() {
            if let Generation::Previous { successor } = t.generation {
                let f = family(successor);
                assert!(!f.is_empty(), "{}: successor {successor} unknown", t.name);
                assert!(
                    f.iter().all(|s| s.generation == Generation::Current),
                    "{}: successor {successor} is not current",
                    t.name
                );
            }
        }
    }

    #[test]
    fn lookup_finds_exact_names_only() {
        assert_eq!(
            lookup("t3.micro").map(|t| t.generation),
            Some(Generation::Current)
        );
        assert_eq!(
            lookup("m4.large").map(|t| t.generation),
            Some(Generation::Previous { successor: "m7i" })
        );
        assert!(lookup("T3.micro").is_none());
        assert!(lookup("t3.gigantic").is_none());
        assert!(lookup("t3").is_none());
        assert!(lookup("").is_none());
        // The first and last entries are found (binary search bounds).
        assert!(lookup(TYPES[0].name).is_some());
        assert!(lookup(TYPES[TYPES.len() - 1].name).is_some());
    }

    #[test]
    fn generations_follow_aws_lists() {
        // AWS lists T2 as current and T1, M4, C4, R4 as previous.
        assert_eq!(lookup("t2.micro").unwrap().generation, Generation::Current);
        for name in [
            "t1.micro",
            "m4.large",
            "c4.large",
            "r4.large",
            "a1.large",
            "p3.2xlarge",
        ] {
            assert!(
                matches!(
                    lookup(name).unwrap().generation,
                    Generation::Previous { .. }
                ),
                "{name}"
            );
        }
    }

    #[test]
    fn a_family_is_its_contiguous_block() {
        let t3 = family("t3");
        assert!(t3.iter().all(|t| t.family() == "t3"));
        let expected = all().iter().filter(|t| t.family() == "t3").count();
        assert_eq!(t3.len(), expected);
        // `m7i` is not `m7i-flex`, though one name prefixes the other.
        assert!(family("m7i").iter().all(|t| t.family() == "m7i"));
        assert!(!family("m7i-flex").is_empty());
        assert!(family("t").is_empty());
        assert!(family("zz9").is_empty());
    }

    #[test]
    fn sizes_are_smallest_first() {
        assert_eq!(
            sizes("t3"),
            [
                "nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"
            ]
        );
        let m7i = sizes("m7i");
        assert_eq!(m7i.first(), Some(&"large"));
        assert_eq!(m7i.last(), Some(&"metal-48xl"));
        let pos = |s: &str| m7i.iter().position(|x| *x == s).unwrap();
        assert!(pos("2xlarge") < pos("12xlarge"));
        assert!(pos("48xlarge") < pos("metal-24xl"));
    }

    #[test]
    fn hints() {
        assert_eq!(hint("t3.mcro"), Hint::Type("t3.micro"));
        assert_eq!(hint("T3.micro"), Hint::Type("t3.micro"));
        assert_eq!(hint("T3.MICRO"), Hint::Type("t3.micro"));
        assert_eq!(hint("t3.smal"), Hint::Type("t3.small"));
        // `xxlarge` is one edit from `xlarge` and from `2xlarge`, what it
        // usually means; the table order settles the tie.
        assert_eq!(hint("t3.xxlarge"), Hint::Type("t3.2xlarge"));
        assert_eq!(
            hint("t3.gigantic"),
            Hint::Sizes {
                family: "t3",
                sizes: sizes("t3")
            }
        );
        // An unknown family: the closest type of all, current first.
        assert_eq!(hint("t9.micro"), Hint::Type("t2.micro"));
        assert_eq!(hint("qq.nothing"), Hint::None);
        // No quadratic work on a huge word.
        assert_eq!(hint(&"x".repeat(1 << 16)), Hint::None);
    }

    #[test]
    fn replacements_keep_the_size_when_they_can() {
        let r = |n: &str| replacement(lookup(n).unwrap()).map(|t| t.name);
        assert_eq!(r("m4.large"), Some("m7i.large"));
        assert_eq!(r("t1.micro"), Some("t3.micro"));
        assert_eq!(r("c4.8xlarge"), Some("c7i.8xlarge"));
        // m7i has no 10xlarge.
        assert_eq!(r("m4.10xlarge"), None);
        assert_eq!(r("t3.micro"), None);
    }
}
