//! "Did you mean …?" — the closest candidate by edit distance.

use crate::catalog::Code;
use std::collections::HashMap;
use std::hash::Hasher;

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

/// Candidate lists shorter than this are scanned: an index pays off only
/// over many names.
const INDEXED: usize = 64;

/// Edit-distance work (character pairs compared) one [`Names`] may spend
/// on words without a one-edit match, over a whole run: enough for every
/// realistic file, and it keeps thousands of unknown words against
/// thousands of names from costing minutes. Once spent, such words get no
/// suggestion (the diagnostic stays; only the hint is left out).
const BUDGET: u64 = 40_000_000;

/// The names of one kind, asked again and again for the closest to a word
/// (one unknown reference after another): [`closest`] with the same
/// answers, at a bounded cost however many words and names there are.
///
/// Most typos are one edit (a letter dropped, added, changed or two
/// swapped), and two words one edit apart share a *deletion variant* (the
/// word itself or it with one character removed). So the names are indexed
/// by their variants' hashes once, and a word first looks up its own: a
/// hit is a candidate at distance at most 1, which no farther name can
/// beat. Only words without one fall back to the scan, within [`BUDGET`].
/// Answers are kept per word.
pub struct Names<'c> {
    names: Vec<&'c str>,
    /// (hash of a deletion variant, index into `names`), sorted; built on
    /// the first indexed query.
    index: Option<Vec<(u64, u32)>>,
    answers: HashMap<&'c str, Option<&'c str>>,
    budget: u64,
}

impl<'c> Names<'c> {
    /// `names` in the order [`closest`] would see them (the first of equally
    /// close names wins).
    pub fn new(names: Vec<&'c str>) -> Self {
        Self::with_budget(names, BUDGET)
    }

    fn with_budget(names: Vec<&'c str>, budget: u64) -> Self {
        Names {
            names,
            index: None,
            answers: HashMap::new(),
            budget,
        }
    }

    pub fn as_slice(&self) -> &[&'c str] {
        &self.names
    }

    /// The same answer as [`closest`] over the names, while the budget
    /// lasts (after it, a word without a one-edit match gets `None`).
    pub fn closest(&mut self, word: &'c str) -> Option<&'c str> {
        if word.len() > MAX_WORD {
            return None;
        }
        if self.names.len() < INDEXED {
            return closest(word, self.names.iter().copied());
        }
        if let Some(a) = self.answers.get(word) {
            return *a;
        }
        let a = self.one_edit(word).or_else(|| self.scan(word));
        self.answers.insert(word, a);
        a
    }

    /// The first name at the smallest distance, if that distance is at
    /// most 1.
    fn one_edit(&mut self, word: &str) -> Option<&'c str> {
        let names = &self.names;
        let index = self.index.get_or_insert_with(|| {
            let mut v = Vec::new();
            for (i, n) in names.iter().enumerate() {
                variants(n, |h| v.push((h, i as u32)));
            }
            v.sort_unstable();
            v.dedup();
            v
        });
        let mut best: Option<(usize, u32)> = None;
        variants(word, |h| {
            let start = index.partition_point(|e| e.0 < h);
            for &(_, i) in index[start..].iter().take_while(|e| e.0 == h) {
                let c = names[i as usize];
                // `closest`'s length filter.
                if c.len().abs_diff(word.len()) > (word.chars().count() / 3).max(1) {
                    continue;
                }
                let d = strsim::osa_distance(word, c);
                if d <= 1 && best.is_none_or(|b| (d, i) < b) {
                    best = Some((d, i));
                }
            }
        });
        best.map(|(_, i)| names[i as usize])
    }

    /// [`closest`]'s scan for a word with no name one edit away (so only
    /// distances from 2 count), charged to the budget; a name whose
    /// letters alone differ too much is skipped without the distance.
    fn scan(&mut self, word: &str) -> Option<&'c str> {
        let len = word.chars().count();
        let limit = (len / 3).max(1);
        if limit < 2 {
            return None;
        }
        let bag = Bag::of(word);
        let mut best: Option<(usize, &'c str)> = None;
        for &c in &self.names {
            let max = best.map_or(limit, |(bd, _)| bd - 1);
            if c.len().abs_diff(word.len()) > limit || bag.lower_bound(c) > max {
                continue;
            }
            let cost = (len * c.len()) as u64;
            if self.budget < cost {
                return None;
            }
            self.budget -= cost;
            let d = strsim::osa_distance(word, c);
            if d <= max {
                best = Some((d, c));
            }
        }
        best.map(|(_, c)| c)
    }
}

/// Call `f` with the hash of `word` and of each variant with one character
/// removed.
fn variants(word: &str, mut f: impl FnMut(u64)) {
    let hash = |parts: [&str; 2]| {
        let mut h = std::hash::DefaultHasher::new();
        h.write(parts[0].as_bytes());
        h.write(parts[1].as_bytes());
        h.write_u8(0xff);
        h.finish()
    };
    f(hash([word, ""]));
    for (i, ch) in word.char_indices() {
        f(hash([&word[..i], &word[i + ch.len_utf8()..]]));
    }
}

/// Character counts, folded into 64 buckets: the difference of two words'
/// counts is a lower bound of their edit distance (an edit changes at most
/// one count each way; swapping two letters none), folding only lowers it.
struct Bag([i32; 64]);

impl Bag {
    fn of(word: &str) -> Self {
        let mut b = [0; 64];
        for ch in word.chars() {
            b[ch as usize % 64] += 1;
        }
        Bag(b)
    }

    fn lower_bound(&self, other: &str) -> usize {
        let mut b = self.0;
        for ch in other.chars() {
            b[ch as usize % 64] -= 1;
        }
        let (more, fewer) = b.iter().fold(
            (0, 0),
            |(m, f), x| {
                if *x > 0 { (m + x, f) } else { (m, f - x) }
            },
        );
        more.max(fewer) as usize
    }
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

    /// Many names and many words: the indexed answers are the scan's.
    #[test]
    fn names_answer_as_closest_does() {
        let mut pool: Vec<String> = (0..300)
            .map(|i| format!("group-number-{i}"))
            .chain(["web", "web-a", "wbe", "main", "mian", "db-primary"].map(String::from))
            .chain((0..50).map(|i| format!("subnet-{}", i * 7)))
            .collect();
        pool.push("ü-name".into());
        let names: Vec<&str> = pool.iter().map(String::as_str).collect();
        let words = [
            "group-numbr-17",
            "group-number-17",
            "gruop-number-9",
            "group-nmber-299x",
            "wbe",
            "ewb",
            "web-b",
            "mani",
            "db-primry",
            "dbprimary-x",
            "subnet-77",
            "subnt-700",
            "sbunet-14",
            "zzzzzzzz",
            "ü-nam",
            "u-name",
            "group-number-1000",
            "grp-num-5",
            "subnet--7",
            "",
            "x",
        ];
        let mut ix = Names::new(names.clone());
        for _ in 0..2 {
            for w in words {
                assert_eq!(ix.closest(w), closest(w, names.iter().copied()), "{w}");
            }
        }
    }

    #[test]
    fn names_bound_the_work() {
        // Thousands of unknown words, none one edit from a name: the scan
        // stops when its budget is spent instead of running for minutes.
        let pool: Vec<String> = (0..5000)
            .map(|i| format!("security-group-{i:05}"))
            .collect();
        let words: Vec<String> = (0..5000).map(|i| format!("securty-grop-{i:05}x")).collect();
        let budget = 4_000_000;
        let mut ix = Names::with_budget(pool.iter().map(String::as_str).collect(), budget);
        let mut found = 0;
        for w in &words {
            found += usize::from(ix.closest(w).is_some());
        }
        // The first words get the scan's answer, the rest none.
        assert!(found > 0 && found < words.len() / 10, "{found}");
        assert!(ix.budget < 400 * 20, "{}", ix.budget);
        assert_eq!(ix.closest(&words[0]), ix.closest(&words[0]));
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
