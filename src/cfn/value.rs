//! Resolved values: what a property holds once every intrinsic has been
//! evaluated as far as netlint can.
//!
//! A value is one of three things, and the type says which: known (with
//! the span of the text it came from and where it came from — a parameter,
//! a condition, a mapping — so the importer can say so in a comment), a
//! symbolic reference to a resource or one of its attributes (what `Ref`
//! and `Fn::GetAtt` mean before deployment), or unknown with the reasons
//! why. There is no fourth case: netlint never guesses silently.

use super::node::{Func, ScalarKind};
use crate::span::Span;
use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq)]
pub struct Value<'s> {
    /// Where the value is written in the template: the literal, or the
    /// intrinsic expression that produced it.
    pub span: Span,
    pub kind: ValueKind<'s>,
    /// Where a known value came from, outermost choice first (empty for a
    /// literal written in place).
    pub from: Vec<Provenance<'s>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind<'s> {
    /// A known scalar: its text as CloudFormation passes it (booleans as
    /// `true`/`false`) and what it was written as.
    Scalar(Cow<'s, str>, ScalarKind),
    List(Vec<Value<'s>>),
    Map(Vec<Field<'s>>),
    /// `Ref` to a resource: its physical ID, known only once deployed.
    Ref(Cow<'s, str>),
    /// `Fn::GetAtt` on a resource: (logical ID, attribute).
    GetAtt(Cow<'s, str>, Cow<'s, str>),
    Unknown(Vec<Reason<'s>>),
    /// `AWS::NoValue` before the enclosing list or mapping drops it; never
    /// left in a finished tree.
    NoValue,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field<'s> {
    pub key: Cow<'s, str>,
    pub key_span: Span,
    pub value: Value<'s>,
}

/// Where a value came from, for the importer's comments and for secondary
/// labels in diagnostics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provenance<'s> {
    /// From parameter `name`, given or defaulted.
    Parameter {
        name: Cow<'s, str>,
        source: ParamSource,
    },
    /// A pseudo parameter (`AWS::Region` from `--region`, …).
    Pseudo(&'static str),
    /// The branch of `Fn::If` chosen by condition `name`.
    Condition { name: Cow<'s, str>, value: bool },
    /// Looked up in mapping `name`.
    Mapping { name: Cow<'s, str> },
    /// Zone names from netlint's table for `region` (`Fn::GetAZs`): the
    /// letters an account sees can differ.
    ZoneTable { region: String },
    /// Passed through `Fn::Base64`: CloudFormation sends it encoded; the
    /// value here is the text before encoding.
    Base64,
}

/// Where a parameter's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamSource {
    /// The `Default` in the template, at this span.
    Default(Span),
    /// `--param NAME=VALUE`.
    CommandLine,
    /// A parameters file; spans are in that file.
    File { name: Span, value: Span },
    /// A stand-in the check chose for a VPC or subnet parameter whose
    /// value names nothing it can see (the existing network the template
    /// deploys into): it overrides the others and is not checked against
    /// the parameter's constraints.
    StandIn,
}

/// Why a value is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason<'s> {
    /// A parameter with no default and no value given.
    NoParameterValue { name: Cow<'s, str> },
    /// An `AWS::SSM::Parameter::Value<…>` parameter: CloudFormation reads
    /// the value from Parameter Store when it deploys.
    SsmParameter {
        name: Cow<'s, str>,
        path: Option<String>,
    },
    /// A pseudo parameter netlint was not given (`AWS::AccountId`, or
    /// `AWS::Region` without `--region`).
    Pseudo { name: &'static str },
    /// `Fn::ImportValue`: another stack's export.
    Import { export: Option<String> },
    /// `{{resolve:…}}`: read from SSM or Secrets Manager at deploy time.
    DynamicReference { text: String },
    /// A function netlint does not evaluate.
    Unsupported { func: Func },
    /// Text built from a resource's physical ID or attribute.
    FromResource { logical_id: Cow<'s, str> },
    /// `Fn::If` on a condition that depends on something unknown.
    Condition { name: Cow<'s, str> },
    /// `Fn::GetAZs` for a region netlint has no zone table for.
    NoZones { region: String },
    /// An error was reported here; the value is not guessed.
    Invalid,
}

impl<'s> Value<'s> {
    pub fn new(span: Span, kind: ValueKind<'s>) -> Self {
        Value {
            span,
            kind,
            from: Vec::new(),
        }
    }

    pub fn str(span: Span, text: impl Into<Cow<'s, str>>) -> Self {
        Value::new(span, ValueKind::Scalar(text.into(), ScalarKind::Str))
    }

    /// Sets where the value came from.
    pub fn from(mut self, from: Vec<Provenance<'s>>) -> Self {
        self.from = from;
        self
    }

    /// A computed list of strings (`Fn::Split`, `Fn::GetAZs`, `Fn::Cidr`),
    /// each item carrying the list's provenance.
    pub fn strings(
        span: Span,
        items: impl IntoIterator<Item = String>,
        from: Vec<Provenance<'s>>,
    ) -> Self {
        let items = items
            .into_iter()
            .map(|i| Value::str(span, Cow::Owned(i)).from(from.clone()))
            .collect();
        Value::new(span, ValueKind::List(items)).from(from)
    }

    pub fn unknown(span: Span, reason: Reason<'s>) -> Self {
        Value::new(span, ValueKind::Unknown(vec![reason]))
    }

    pub fn invalid(span: Span) -> Self {
        Value::unknown(span, Reason::Invalid)
    }

    pub fn with(mut self, p: Provenance<'s>) -> Self {
        self.from.insert(0, p);
        self
    }

    /// The text of a known scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Scalar(text, kind) if *kind != ScalarKind::Null => Some(text),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value<'s>]> {
        match &self.kind {
            ValueKind::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Field<'s>]> {
        match &self.kind {
            ValueKind::Map(fields) => Some(fields),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value<'s>> {
        self.as_map()?
            .iter()
            .find(|f| f.key == key)
            .map(|f| &f.value)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, ValueKind::Unknown(_))
    }

    /// Why this value is unknown (empty when it is not).
    pub fn reasons(&self) -> &[Reason<'s>] {
        match &self.kind {
            ValueKind::Unknown(r) => r,
            _ => &[],
        }
    }

    /// Every unknown in the tree, with its span, in source order.
    pub fn unknowns(&self) -> Vec<(Span, &[Reason<'s>])> {
        let mut out = Vec::new();
        self.collect_unknowns(&mut out);
        out
    }

    /// Depth-first, allocating nothing where there is nothing to report
    /// (most properties).
    pub(crate) fn collect_unknowns<'a>(&'a self, out: &mut Vec<(Span, &'a [Reason<'s>])>) {
        match &self.kind {
            ValueKind::Unknown(r) => out.push((self.span, r.as_slice())),
            ValueKind::List(items) => items.iter().for_each(|i| i.collect_unknowns(out)),
            ValueKind::Map(fields) => fields.iter().for_each(|f| f.value.collect_unknowns(out)),
            _ => {}
        }
    }
}

impl Reason<'_> {
    /// One line for a message: why the value is unknown.
    pub fn describe(&self) -> String {
        match self {
            Reason::NoParameterValue { name } => {
                format!("parameter `{name}` has no default and no value was given")
            }
            Reason::SsmParameter { name, path } => match path {
                Some(p) => format!(
                    "parameter `{name}` is read from SSM Parameter Store (`{p}`) when the stack deploys"
                ),
                None => format!(
                    "parameter `{name}` is read from SSM Parameter Store when the stack deploys"
                ),
            },
            Reason::Pseudo { name } => format!("the pseudo parameter `{name}` was not given"),
            Reason::Import { export: Some(e) } => {
                format!("`Fn::ImportValue` of `{e}`, another stack's export")
            }
            Reason::Import { export: None } => {
                "`Fn::ImportValue` of another stack's export".to_string()
            }
            Reason::DynamicReference { text } => {
                format!("the dynamic reference `{text}` is resolved when the stack deploys")
            }
            Reason::Unsupported { func } => format!("netlint does not evaluate `{}`", func.name()),
            Reason::FromResource { logical_id } => {
                format!("it is built from resource `{logical_id}`'s physical ID or attribute")
            }
            Reason::Condition { name } => {
                format!("condition `{name}` depends on a value netlint does not know")
            }
            Reason::NoZones { region } => format!("netlint has no zone list for region `{region}`"),
            Reason::Invalid => "an error was reported here".to_string(),
        }
    }

    /// How a user can supply the value, when they can.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            Reason::NoParameterValue { name } => {
                format!("pass `--param {name}=VALUE` or add it to the `--params` file")
            }
            Reason::SsmParameter { name, .. } => {
                format!("to check with a concrete value, pass `--param {name}=VALUE`")
            }
            Reason::Pseudo {
                name: "AWS::Region",
            } => "pass `--region`".to_string(),
            Reason::Pseudo { name } => format!("pass `--param {name}=VALUE`"),
            Reason::NoZones { .. } => {
                "pass a region netlint knows with `--region`, or list the zones as a parameter"
                    .to_string()
            }
            Reason::Condition { .. } => "give the parameters the condition reads".to_string(),
            _ => return None,
        })
    }
}
