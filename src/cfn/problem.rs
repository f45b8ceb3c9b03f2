//! What reading or resolving a template can find wrong, as plain data.
//!
//! The `cfn` front end does not know the diagnostic catalog: it reports a
//! [`Problem`] (a kind, a byte span, words) and the boundary that wires the
//! front end into `check` turns each kind into a catalog code. Keeping the
//! kinds an enum, not strings, lets that boundary match exhaustively, so a
//! new kind cannot slip through without a code.

use crate::span::Span;

/// How bad a problem is, before any configuration applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Worth saying, changes nothing (a `Transform` was noted).
    Note,
    /// CloudFormation may still accept the template (a YAML alias, a
    /// parameter given that the template does not declare).
    Warning,
    /// CloudFormation would reject the template, or netlint cannot read it.
    Error,
}

/// The kinds of problem, one per distinct fix a user has to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The text is not well-formed JSON or YAML.
    Syntax,
    /// The same key twice in one mapping (CloudFormation keeps one silently).
    DuplicateKey,
    /// Nesting deeper than the reader's limit.
    TooDeep,
    /// The file or an alias expansion is larger than netlint reads.
    TooLarge,
    /// A YAML alias or merge key: CloudFormation rejects them, only
    /// `aws cloudformation package` and SAM expand them.
    YamlAlias,
    /// A tag that is not a CloudFormation short form (`!Reff`).
    UnknownTag,
    /// A section or resource of the wrong shape (Resources not a mapping,
    /// a resource without `Type`, …).
    Structure,
    /// An intrinsic function with the wrong number or kind of arguments.
    BadArguments,
    /// A `Ref`, `Fn::GetAtt`, `${…}`, condition or mapping that names
    /// nothing in the template.
    UnresolvedName,
    /// Conditions or resources that depend on each other in a circle.
    Cycle,
    /// A parameter value outside what the parameter allows
    /// (`AllowedValues`, `AllowedPattern`, lengths, numeric bounds, list
    /// type).
    ParameterValue,
    /// A parameter given on the command line or in a file that the template
    /// does not declare.
    UnknownParameter,
    /// A parameters file that cannot be read.
    ParameterFile,
    /// A computed value that cannot be (an index past the end of a list, a
    /// `Fn::Cidr` that does not fit its block).
    BadValue,
    /// Something netlint records but does not evaluate (`Transform`, an
    /// `AllowedPattern` it cannot match as Java does).
    NotEvaluated,
}

/// One problem, anchored at the exact text at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub level: Level,
    /// One line: what is wrong.
    pub message: String,
    pub span: Span,
    /// Related places in the same file ("first defined here").
    pub related: Vec<(Span, String)>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Problem {
    pub fn error(kind: ProblemKind, span: Span, message: impl Into<String>) -> Self {
        Problem {
            kind,
            level: Level::Error,
            message: message.into(),
            span,
            related: Vec::new(),
            help: None,
        }
    }

    pub fn warning(kind: ProblemKind, span: Span, message: impl Into<String>) -> Self {
        Problem {
            level: Level::Warning,
            ..Problem::error(kind, span, message)
        }
    }

    pub fn note(kind: ProblemKind, span: Span, message: impl Into<String>) -> Self {
        Problem {
            level: Level::Note,
            ..Problem::error(kind, span, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }
}
