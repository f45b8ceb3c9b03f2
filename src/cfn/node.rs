//! The positioned tree both readers produce: what the template says, before
//! any intrinsic is evaluated.
//!
//! JSON and YAML meet here so that everything after the readers is written
//! once. Two normalisations make the short and long forms of YAML one tree:
//! `!Ref X` and `Ref: X` both become [`NodeKind::Fn`] with [`Func::Ref`];
//! `!Condition X` becomes the one-key mapping `Condition: X`, which is what
//! the long form is (a one-key `Condition` mapping is an intrinsic only
//! inside `Conditions`, so the reader cannot decide it). Text borrows from
//! the source unless an escape or a folded scalar forced a copy.

use crate::span::Span;
use std::borrow::Cow;

/// A node and the exact bytes it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'s> {
    pub span: Span,
    pub kind: NodeKind<'s>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind<'s> {
    Scalar(Scalar<'s>),
    Seq(Vec<Node<'s>>),
    /// Entries in source order; duplicate keys were reported and dropped.
    Map(Vec<Entry<'s>>),
    Fn(Box<FnCall<'s>>),
}

/// A scalar keeps its text as written (decoded from escapes) and what the
/// reader took it for, so `0012` stays `0012` and `2010-09-09` stays a
/// string while `Port: 80` is still known to be a number.
#[derive(Clone, Debug, PartialEq)]
pub struct Scalar<'s> {
    pub text: Cow<'s, str>,
    pub kind: ScalarKind,
    pub style: Style,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarKind {
    Str,
    /// An integer or decimal; the text is kept, never re-printed.
    Number,
    Bool(bool),
    Null,
}

/// How the scalar was written (a quoted `"true"` is a string).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry<'s> {
    pub key: Cow<'s, str>,
    pub key_span: Span,
    pub value: Node<'s>,
}

/// An intrinsic function call: `{"Fn::Join": …}` or `!Join …`.
#[derive(Clone, Debug, PartialEq)]
pub struct FnCall<'s> {
    pub func: Func,
    /// The key `Fn::Join` or the tag `!Join`.
    pub name_span: Span,
    pub arg: Node<'s>,
}

/// The intrinsic functions CloudFormation defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Func {
    Ref,
    Base64,
    Cidr,
    FindInMap,
    GetAtt,
    GetAZs,
    ImportValue,
    Join,
    Select,
    Split,
    Sub,
    Transform,
    And,
    Equals,
    If,
    Not,
    Or,
    /// `AWS::LanguageExtensions` functions: read, not evaluated.
    Length,
    ToJsonString,
    ForEach,
    /// The functions of `Rules` assertions: read, not evaluated.
    Contains,
    EachMemberEquals,
    EachMemberIn,
    RefAll,
    ValueOf,
    ValueOfAll,
}

impl Func {
    /// The long form: the key in a one-key mapping.
    pub fn from_key(key: &str) -> Option<Func> {
        if key == "Ref" {
            return Some(Func::Ref);
        }
        let name = key.strip_prefix("Fn::")?;
        // `Fn::ForEach::Loop` carries a loop name after the function name.
        if name.starts_with("ForEach::") {
            return Some(Func::ForEach);
        }
        Func::from_short(name)
    }

    /// The short form: a YAML tag without its `!`.
    pub fn from_tag(tag: &str) -> Option<Func> {
        if tag == "Ref" {
            return Some(Func::Ref);
        }
        Func::from_short(tag)
    }

    fn from_short(name: &str) -> Option<Func> {
        Some(match name {
            "Base64" => Func::Base64,
            "Cidr" => Func::Cidr,
            "FindInMap" => Func::FindInMap,
            "GetAtt" => Func::GetAtt,
            "GetAZs" => Func::GetAZs,
            "ImportValue" => Func::ImportValue,
            "Join" => Func::Join,
            "Select" => Func::Select,
            "Split" => Func::Split,
            "Sub" => Func::Sub,
            "Transform" => Func::Transform,
            "And" => Func::And,
            "Equals" => Func::Equals,
            "If" => Func::If,
            "Not" => Func::Not,
            "Or" => Func::Or,
            "Length" => Func::Length,
            "ToJsonString" => Func::ToJsonString,
            "Contains" => Func::Contains,
            "EachMemberEquals" => Func::EachMemberEquals,
            "EachMemberIn" => Func::EachMemberIn,
            "RefAll" => Func::RefAll,
            "ValueOf" => Func::ValueOf,
            "ValueOfAll" => Func::ValueOfAll,
            _ => return None,
        })
    }

    /// The long-form name, as messages print it.
    pub fn name(self) -> &'static str {
        match self {
            Func::Ref => "Ref",
            Func::Base64 => "Fn::Base64",
            Func::Cidr => "Fn::Cidr",
            Func::FindInMap => "Fn::FindInMap",
            Func::GetAtt => "Fn::GetAtt",
            Func::GetAZs => "Fn::GetAZs",
            Func::ImportValue => "Fn::ImportValue",
            Func::Join => "Fn::Join",
            Func::Select => "Fn::Select",
            Func::Split => "Fn::Split",
            Func::Sub => "Fn::Sub",
            Func::Transform => "Fn::Transform",
            Func::And => "Fn::And",
            Func::Equals => "Fn::Equals",
            Func::If => "Fn::If",
            Func::Not => "Fn::Not",
            Func::Or => "Fn::Or",
            Func::Length => "Fn::Length",
            Func::ToJsonString => "Fn::ToJsonString",
            Func::ForEach => "Fn::ForEach",
            Func::Contains => "Fn::Contains",
            Func::EachMemberEquals => "Fn::EachMemberEquals",
            Func::EachMemberIn => "Fn::EachMemberIn",
            Func::RefAll => "Fn::RefAll",
            Func::ValueOf => "Fn::ValueOf",
            Func::ValueOfAll => "Fn::ValueOfAll",
        }
    }
}

impl<'s> Node<'s> {
    pub fn scalar(span: Span, text: Cow<'s, str>, kind: ScalarKind, style: Style) -> Self {
        Node {
            span,
            kind: NodeKind::Scalar(Scalar { text, kind, style }),
        }
    }

    /// The entries if this is a mapping.
    pub fn as_map(&self) -> Option<&[Entry<'s>]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node<'s>]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar<'s>> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a string-like scalar (strings, numbers and booleans are
    /// all text to CloudFormation; null is not).
    pub fn as_text(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) if s.kind != ScalarKind::Null => Some(s.as_cfn_str()),
            _ => None,
        }
    }

    /// The value under `key` in a mapping (linear: for the few keys of a
    /// resource or a function argument; sections index their own entries).
    pub fn get(&self, key: &str) -> Option<&Node<'s>> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry<'s>> {
        self.as_map()?.iter().find(|e| e.key == key)
    }

    /// What kind of node this is, for messages ("expected a list, found a
    /// mapping").
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar(s) => match s.kind {
                ScalarKind::Str => "a string",
                ScalarKind::Number => "a number",
                ScalarKind::Bool(_) => "a boolean",
                ScalarKind::Null => "null",
            },
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
            NodeKind::Fn(call) => call.func.name(),
        }
    }

    /// Structural equality that ignores spans and scalar styles: the test
    /// that a short form and its long form read the same.
    pub fn same_shape(&self, other: &Node<'_>) -> bool {
        match (&self.kind, &other.kind) {
            (NodeKind::Scalar(a), NodeKind::Scalar(b)) => a.text == b.text && a.kind == b.kind,
            (NodeKind::Seq(a), NodeKind::Seq(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_shape(y))
            }
            (NodeKind::Map(a), NodeKind::Map(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|(x, y)| x.key == y.key && x.value.same_shape(&y.value))
            }
            (NodeKind::Fn(a), NodeKind::Fn(b)) => a.func == b.func && a.arg.same_shape(&b.arg),
            _ => false,
        }
    }
}

impl Scalar<'_> {
    /// The string CloudFormation sees: booleans are `true`/`false` whatever
    /// the spelling (`Yes` in YAML is `true`), everything else as written.
    pub fn as_cfn_str(&self) -> &str {
        match self.kind {
            ScalarKind::Bool(true) => "true",
            ScalarKind::Bool(false) => "false",
            _ => &self.text,
        }
    }
}

/// Every short-form tag, for "did you mean".
const TAGS: [&str; 26] = [
    "Ref",
    "Condition",
    "Base64",
    "Cidr",
    "FindInMap",
    "GetAtt",
    "GetAZs",
    "ImportValue",
    "Join",
    "Select",
    "Split",
    "Sub",
    "Transform",
    "And",
    "Equals",
    "If",
    "Not",
    "Or",
    "Length",
    "ToJsonString",
    "Contains",
    "EachMemberEquals",
    "EachMemberIn",
    "RefAll",
    "ValueOf",
    "ValueOfAll",
];

/// The known tag nearest to `tag` (at most two edits, case ignored).
pub(crate) fn closest_tag(tag: &str) -> Option<&'static str> {
    let lower = tag.to_ascii_lowercase();
    TAGS.iter()
        .map(|t| (edit_distance(&lower, &t.to_ascii_lowercase()), *t))
        .filter(|&(d, _)| d <= 2)
        .min_by_key(|&(d, _)| d)
        .map(|(_, t)| t)
}

/// Edit distance over bytes, a swap of neighbours counting as one edit
/// (`Vcp` is one edit from `Vpc`): optimal string alignment. Tags and
/// names are ASCII; a non-ASCII name is far from all of them anyway.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut two_back: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(two_back[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut two_back, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("Vcp", "Vpc"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(closest_tag("reff"), Some("Ref"));
        assert_eq!(closest_tag("GetAZ"), Some("GetAZs"));
        assert_eq!(closest_tag("Banana"), None);
    }
}
