//! "Did you mean …?" — the closest candidate by edit distance.

use crate::catalog::Code;

/// The longest word worth a suggestion. Names are at most 64 characters
/// (a longer one is already an error), and codes, kinds, keys and policy
/// names are shorter, so nothing longer can be a typo of a candidate; and
/// skipping it keeps a huge word from costing a quadratic edit distance
/// (a 1 MiB name and a typo of it would take minutes).
pub const MAX_WORD: usize = 64;

/// The candidate closest to `word`, if it is close enough to be a typo
/// (at most a third of the word's length, at least 1, edits away). Edits
/// count an adjacent transposition as one (optimal string alignment), so
/// `mian` is one edit from `main`.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    if word.len() > MAX_WORD {
        return None;
    }
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        // Cheap filter before the quadratic distance.
        if c.len().abs_diff(word.len()) > limit {
            continue;
        }
        let d = strsim::osa_distance(word, c);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The code (or code name) closest to `word`, for "did you mean" hints:
/// `s302` → `S302`, `S320` → `S302`, `sensitive-port-opn` →
/// `sensitive-port-open`.
pub fn code(word: &str) -> Option<&'static str> {
    if let Some(c) = Code::parse(&word.to_ascii_uppercase()) {
        return Some(c.as_str());
    }
    closest(word, Code::ALL.iter().flat_map(|c| [c.as_str(), c.name()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos() {
        assert_eq!(closest("subnett", ["subnet", "vpc"]), Some("subnet"));
        assert_eq!(
            closest("public_ip", ["public-ip", "zone"]),
            Some("public-ip")
        );
        assert_eq!(closest("xyz", ["subnet", "vpc"]), None);
        assert_eq!(closest("mian", ["main"]), Some("main"));
        assert_eq!(closest("sitting", ["kitten"]), None);
        assert_eq!(closest("sittin", ["kitten", "sitting"]), Some("sitting"));
    }

    #[test]
    fn no_suggestion_for_words_longer_than_a_name() {
        let name = "a".repeat(MAX_WORD);
        let typo = format!("{name}b");
        assert_eq!(closest(&name[1..], [name.as_str()]), Some(name.as_str()));
        assert_eq!(closest(&typo, [name.as_str()]), None);
        let huge = "x".repeat(1 << 20);
        assert_eq!(closest(&huge, [huge.as_str()]), None);
    }
}
