//! The catalog: every code netlint can report, in one table.
//!
//! `codes.rs` holds one line per code (code, kebab-case name,
//! default severity, one-line summary), grouped by area, and each code's
//! documentation is `docs/<CODE>.md` next to it. From that table the
//! [`catalog!`] macro generates the typed [`Code`] (a `Copy` enum), the
//! [`Area`]s and every lookup, so the rest of the crate never writes or
//! compares a code as a string and `netlint rules`/`explain` need no rule
//! code at all.
//!
//! **Adding a code** is one line in `codes.rs`, one `docs/<CODE>.md` with
//! the four [`DOC_SECTIONS`], and (for an area checked by rules) one rule
//! file that declares it, listed in `rules::RULES`; the tests fail until
//! all of them exist. A new area is one more group in `codes.rs`.
//!
//! **Architecture invariant:** the catalog is the bottom layer but for
//! [`crate::span`]: it imports nothing else of the crate.

mod codes;
mod set;

pub use codes::{Area, Code};
pub use set::CodeSet;

/// How bad a finding is. Ordered so that `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Which part of netlint produces an area's codes. It decides what the
/// tests demand: a rule file for every code of a [`Origin::Rules`] area,
/// none for the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The parser, the resolver and the logical-id check: errors in the
    /// file itself, which stop the rules and block `build`.
    FrontEnd,
    /// One rule per code, run over the model.
    Rules,
    /// The suppression pass, after every rule.
    Suppressions,
    /// The CloudFormation front end: problems in a template and what
    /// netlint could not read from it. They do not stop the rules.
    Template,
}

/// The fixed documentation sections of every code, in this order.
pub const DOC_SECTIONS: [&str; 4] = [
    "## What it checks",
    "## Why it matters",
    "## Example",
    "## Use instead",
];

/// One row of the table.
struct Entry {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    summary: &'static str,
    docs: &'static str,
    area: Area,
}

/// Generates [`Area`], [`Code`] and the entry table from the one table in
/// `codes.rs`. Each area lists its codes in code order; areas are in
/// catalog order, which is the order of [`Code::ALL`].
macro_rules! catalog {
    ($(
        $(#[$area_doc:meta])*
        $area:ident = $letter:literal, $title:literal, $origin:ident {
            $( $code:ident $name:literal $severity:ident $summary:literal; )*
        }
    )*) => {
        /// A group of codes sharing a letter (`S` for security groups, …).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Area {
            $( $(#[$area_doc])* $area, )*
        }

        impl Area {
            /// Every area, in catalog order.
            pub const ALL: &'static [Area] = &[$( Area::$area, )*];

            /// The letter its codes start with.
            pub const fn letter(self) -> char {
                match self {
                    $( Area::$area => $letter, )*
                }
            }

            /// What the area is about, in a few words.
            pub const fn title(self) -> &'static str {
                match self {
                    $( Area::$area => $title, )*
                }
            }

            /// What produces its codes.
            pub const fn origin(self) -> super::Origin {
                match self {
                    $( Area::$area => super::Origin::$origin, )*
                }
            }
        }

        /// A code of the catalog. Variants are in catalog order, so the
        /// derived `Ord` is catalog order; `as_str` gives the written form.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u16)]
        pub enum Code {
            $( $( $code, )* )*
        }

        impl Code {
            /// Every code, in catalog order.
            pub const ALL: &'static [Code] = &[$( $( Code::$code, )* )*];
        }

        /// The rows, indexed by `Code as usize`.
        pub(super) static ENTRIES: &[super::Entry] = &[$( $(
            super::Entry {
                code: stringify!($code),
                name: $name,
                severity: super::Severity::$severity,
                summary: $summary,
                docs: include_str!(concat!("docs/", stringify!($code), ".md")),
                area: Area::$area,
            },
        )* )*];
    };
}
pub(crate) use catalog;

impl Code {
    /// How many codes there are.
    pub const COUNT: usize = Code::ALL.len();

    fn entry(self) -> &'static Entry {
        &codes::ENTRIES[self as usize]
    }

    /// The written form, e.g. `"S302"`.
    pub fn as_str(self) -> &'static str {
        self.entry().code
    }

    /// The kebab-case name, e.g. `sensitive-port-open` (reads as
    /// "allow ⟨name⟩").
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// The severity a finding has unless the configuration changes it.
    pub fn default_severity(self) -> Severity {
        self.entry().severity
    }

    /// One line: when the code fires (the `rules` listing).
    pub fn summary(self) -> &'static str {
        self.entry().summary
    }

    /// Markdown with the four [`DOC_SECTIONS`].
    pub fn docs(self) -> &'static str {
        self.entry().docs
    }

    pub fn area(self) -> Area {
        self.entry().area
    }

    /// An error in the file itself (E-codes): always reported, never
    /// suppressed or downgraded, and it stops the rules and `build`.
    pub fn is_error_in_file(self) -> bool {
        self.area().origin() == Origin::FrontEnd
    }

    /// Its position in [`Code::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The code written exactly so (case-sensitive).
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s)
    }

    /// The code with this name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// Whether `prefix` (`S`, `N4`, `A101`) selects this code.
    pub fn has_prefix(self, prefix: &str) -> bool {
        self.as_str().starts_with(prefix)
    }

    /// The codes a prefix selects, in catalog order.
    pub fn with_prefix(prefix: &str) -> impl Iterator<Item = Code> + '_ {
        Code::ALL
            .iter()
            .copied()
            .filter(move |c| c.has_prefix(prefix))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = ();

    fn from_str(s: &str) -> Result<Code, ()> {
        Code::parse(s).ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_follow_the_enum() {
        for (i, c) in Code::ALL.iter().enumerate() {
            assert_eq!(c.index(), i);
            assert_eq!(Code::parse(c.as_str()), Some(*c));
            assert_eq!(Code::from_name(c.name()), Some(*c));
            let letter = c.as_str().chars().next();
            assert_eq!(
                letter,
                Some(c.area().letter()),
                "{c} is filed under the wrong area"
            );
        }
    }

    #[test]
    fn catalog_order_is_area_then_code() {
        let mut sorted = Code::ALL.to_vec();
        sorted.sort_by_key(|c| (c.area(), c.as_str()));
        assert_eq!(sorted, Code::ALL);
    }

    #[test]
    fn prefixes_and_errors() {
        assert_eq!(
            Code::with_prefix("N40")
                .map(Code::as_str)
                .collect::<Vec<_>>(),
            [
                "N401", "N402", "N403", "N404", "N405", "N406", "N407", "N408", "N409"
            ]
        );
        assert!(Code::E010.is_error_in_file());
        assert!(!Code::U001.is_error_in_file());
        assert_eq!(Code::parse("s302"), None);
        assert_eq!(Code::S302.default_severity(), Severity::Warning);
    }
}
