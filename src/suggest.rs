//! "Did you mean …?" — the closest candidate by edit distance.

use crate::catalog::Code;

/// Edit distance with adjacent transpositions (optimal string alignment),
/// so `mian` is one edit from `main`. Three rows; words are short.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 0..a.len() {
        cur[0] = i + 1;
        for j in 0..b.len() {
            let cost = usize::from(a[i] != b[j]);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                d = d.min(prev2[j - 1] + 1);
            }
            cur[j + 1] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a typo
/// (at most a third of the word's length, at least 1, edits away).
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        // Cheap filter before the quadratic distance.
        if c.len().abs_diff(word.len()) > limit {
            continue;
        }
        let d = distance(word, c);
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
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("mian", "main"), 1);
        assert_eq!(closest("mian", ["main"]), Some("main"));
    }
}
