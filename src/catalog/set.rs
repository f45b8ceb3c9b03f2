//! A set of codes as a bitset: the selection of a run is decided once and
//! then asked per rule and per diagnostic in constant time.

use super::Code;

const WORDS: usize = Code::COUNT.div_ceil(64);

/// A set of [`Code`]s. Sized from the catalog, so it grows with it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodeSet([u64; WORDS]);

impl CodeSet {
    pub const EMPTY: CodeSet = CodeSet([0; WORDS]);

    pub fn insert(&mut self, code: Code) {
        self.0[code.index() / 64] |= 1 << (code.index() % 64);
    }

    pub fn contains(&self, code: Code) -> bool {
        self.0[code.index() / 64] & (1 << (code.index() % 64)) != 0
    }

    /// The codes in the set, in catalog order.
    pub fn iter(&self) -> impl Iterator<Item = Code> + '_ {
        Code::ALL.iter().copied().filter(|c| self.contains(*c))
    }
}

impl Default for CodeSet {
    fn default() -> CodeSet {
        CodeSet::EMPTY
    }
}

impl FromIterator<Code> for CodeSet {
    fn from_iter<I: IntoIterator<Item = Code>>(iter: I) -> CodeSet {
        let mut set = CodeSet::EMPTY;
        for c in iter {
            set.insert(c);
        }
        set
    }
}

impl std::fmt::Debug for CodeSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_and_contains() {
        let mut s = CodeSet::EMPTY;
        assert_eq!(s.iter().count(), 0);
        s.insert(Code::U001);
        s.insert(Code::E001);
        assert!(s.contains(Code::U001) && s.contains(Code::E001));
        assert!(!s.contains(Code::S302));
        assert_eq!(s.iter().collect::<Vec<_>>(), [Code::E001, Code::U001]);
        let all: CodeSet = Code::ALL.iter().copied().collect();
        assert_eq!(all.iter().count(), Code::COUNT);
    }
}
