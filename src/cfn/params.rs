//! Parameters: what the template declares, what the user gives
//! (`--param NAME=VALUE`, `--params FILE`), and the value each `Ref` sees.
//!
//! Values given by the user win over defaults; a command-line value wins
//! over a file's. Every value is checked against what the declaration
//! allows (`AllowedValues`, lengths, numeric bounds, the list and number
//! types) the way CloudFormation checks it before creating a stack, so a
//! wrong value is an error at a position instead of a silent wrong answer
//! later.
//!
//! `AllowedPattern` is a Java regular expression that CloudFormation
//! matches against the whole value (each item of a list). netlint matches
//! it with `regex-lite`, whose syntax is Java's for what templates write
//! (classes, `\d \w \s` as ASCII, counted repetition, groups,
//! alternation); a pattern that uses what `regex-lite` lacks (lookaround,
//! possessive quantifiers, `\p{…}`, back-references) is not guessed at:
//! its parameter gets a note that the pattern was not checked.

use super::node::{Node, NodeKind};
use super::problem::{Problem, ProblemKind};
use super::read_json::read_json;
use super::value::ParamSource;
use crate::span::Span;
use regex_lite::Regex;
use std::borrow::Cow;

/// A value the user gave for a parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GivenParam {
    pub name: String,
    pub value: String,
    pub source: ParamSource,
}

/// `NAME=VALUE` from `--param`.
pub fn parse_cli_param(arg: &str) -> Result<GivenParam, String> {
    match arg.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok(GivenParam {
            name: name.trim().to_string(),
            value: value.to_string(),
            source: ParamSource::CommandLine,
        }),
        _ => Err(format!("`{arg}` is not NAME=VALUE")),
    }
}

/// Reads a parameters file. Accepted shapes, all seen in the wild:
/// the CloudFormation CLI's `[{"ParameterKey": …, "ParameterValue": …}]`,
/// CodePipeline's `{"Parameters": {NAME: VALUE}}`, a plain `{NAME: VALUE}`
/// object and `aws cloudformation deploy`'s `["NAME=VALUE", …]`. Spans in
/// the result and the problems are in the parameters file.
pub fn read_params_file(text: &str) -> (Vec<GivenParam>, Vec<Problem>) {
    let (root, mut problems) = read_json(text);
    let Some(root) = root else {
        return (Vec::new(), problems);
    };
    let mut out = Vec::new();
    let bad = |span: Span, msg: &str| {
        Problem::error(ProblemKind::ParameterFile, span, msg.to_string()).with_help(
            "write `[{\"ParameterKey\": \"Name\", \"ParameterValue\": \"value\"}, …]` (the CloudFormation CLI's format)",
        )
    };
    match &root.kind {
        NodeKind::Seq(items) => {
            for item in items {
                if let Some(s) = item.as_scalar() {
                    match s.text.split_once('=') {
                        Some((name, value)) if !name.is_empty() => out.push(GivenParam {
                            name: name.to_string(),
                            value: value.to_string(),
                            source: ParamSource::File {
                                name: item.span,
                                value: item.span,
                            },
                        }),
                        _ => problems.push(bad(item.span, "expected `NAME=VALUE`")),
                    }
                    continue;
                }
                let key = item.get("ParameterKey");
                let value = item.get("ParameterValue");
                if item.get("UsePreviousValue").is_some() && value.is_none() {
                    problems.push(
                        Problem::warning(
                            ProblemKind::ParameterFile,
                            item.span,
                            "`UsePreviousValue` needs the deployed stack: the parameter is treated as not given",
                        ),
                    );
                    continue;
                }
                match (key.and_then(|k| k.as_text().map(|t| (t, k.span))), value) {
                    (Some((name, name_span)), Some(v)) => match file_value(v) {
                        Some(text) => out.push(GivenParam {
                            name: name.to_string(),
                            value: text,
                            source: ParamSource::File { name: name_span, value: v.span },
                        }),
                        None => problems.push(bad(v.span, "a parameter value must be a string, a number, a boolean or a list of them")),
                    },
                    _ => problems.push(bad(item.span, "expected an object with `ParameterKey` and `ParameterValue`")),
                }
            }
        }
        NodeKind::Map(entries) => {
            let entries = match root.get("Parameters") {
                Some(inner) if entries.len() <= 3 => match inner.as_map() {
                    Some(e) => e,
                    None => {
                        problems.push(bad(
                            inner.span,
                            "`Parameters` must be an object of NAME: VALUE",
                        ));
                        return (out, problems);
                    }
                },
                _ => entries.as_slice(),
            };
            for e in entries {
                match file_value(&e.value) {
                    Some(text) => out.push(GivenParam {
                        name: e.key.to_string(),
                        value: text,
                        source: ParamSource::File {
                            name: e.key_span,
                            value: e.value.span,
                        },
                    }),
                    None => problems.push(bad(
                        e.value.span,
                        "a parameter value must be a string, a number, a boolean or a list of them",
                    )),
                }
            }
        }
        _ => problems.push(bad(root.span, "a parameters file is a JSON list or object")),
    }
    (out, problems)
}

/// A value in a parameters file: a scalar, or a list joined with commas
/// (what CloudFormation does with a list given for a list parameter).
fn file_value(node: &Node<'_>) -> Option<String> {
    match &node.kind {
        NodeKind::Scalar(_) => node.as_text().map(str::to_string),
        NodeKind::Seq(items) => {
            let parts: Option<Vec<&str>> = items.iter().map(|i| i.as_text()).collect();
            Some(parts?.join(","))
        }
        _ => None,
    }
}

/// What a parameter's `Type` makes of its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    /// `String` and the single AWS-specific types (`AWS::EC2::VPC::Id`, …).
    String,
    Number,
    /// `CommaDelimitedList`, `List<Number>`, `List<AWS::…>`: `Ref` gives a
    /// list.
    List {
        numbers: bool,
    },
    /// `AWS::SSM::Parameter::Value<…>`: the value is a Parameter Store
    /// name; CloudFormation reads what is stored there at deploy time.
    Ssm,
}

impl ParamType {
    pub fn parse(t: &str) -> Option<ParamType> {
        Some(match t {
            "String" => ParamType::String,
            "Number" => ParamType::Number,
            "CommaDelimitedList" => ParamType::List { numbers: false },
            "List<Number>" => ParamType::List { numbers: true },
            _ if t.starts_with("AWS::SSM::Parameter::Value<") && t.ends_with('>') => ParamType::Ssm,
            _ if t.starts_with("AWS::SSM::Parameter::Name") => ParamType::String,
            _ if t.starts_with("List<AWS::") && t.ends_with('>') => {
                ParamType::List { numbers: false }
            }
            _ if t.starts_with("AWS::") && !t.contains('<') => ParamType::String,
            _ => return None,
        })
    }
}

/// A declared parameter and the value it resolved to.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter<'s> {
    pub name: Cow<'s, str>,
    pub name_span: Span,
    pub type_name: Cow<'s, str>,
    pub type_span: Span,
    pub kind: ParamType,
    pub default: Option<(Cow<'s, str>, Span)>,
    /// The effective value and where it came from; `None` when the
    /// parameter has neither a default nor a given value.
    pub value: Option<(Cow<'s, str>, ParamSource)>,
}

impl Parameter<'_> {
    /// The items of a list parameter's value: split at commas, each item
    /// trimmed of spaces (as CloudFormation does).
    pub fn items(value: &str) -> Vec<&str> {
        if value.is_empty() {
            return Vec::new();
        }
        value.split(',').map(str::trim).collect()
    }
}

/// Reads the `Parameters` section, applies the given values and checks
/// them. Pseudo parameters given by name (`AWS::Region`, …) are not
/// template parameters and are skipped here; the caller applies them.
pub fn declare<'s>(
    section: Option<&Node<'s>>,
    given: &[GivenParam],
    problems: &mut Vec<Problem>,
) -> Vec<Parameter<'s>> {
    let mut params = Vec::new();
    let entries = match section {
        None => &[][..],
        Some(node) => match node.as_map() {
            Some(e) => e,
            None => {
                problems.push(Problem::error(
                    ProblemKind::Structure,
                    node.span,
                    format!(
                        "`Parameters` must be a mapping of parameter names, not {}",
                        node.describe()
                    ),
                ));
                &[][..]
            }
        },
    };
    for e in entries {
        let decl = &e.value;
        if decl.as_map().is_none() {
            problems.push(Problem::error(
                ProblemKind::Structure,
                decl.span,
                format!("parameter `{}` must be a mapping with a `Type`", e.key),
            ));
            continue;
        }
        let Some(type_node) = decl.get("Type") else {
            problems.push(
                Problem::error(
                    ProblemKind::Structure,
                    e.key_span,
                    format!("parameter `{}` has no `Type`", e.key),
                )
                .with_help("add `Type: String` (or Number, CommaDelimitedList, an AWS type)"),
            );
            continue;
        };
        let type_name = match type_node.as_scalar() {
            Some(s) => s.text.clone(),
            None => {
                problems.push(Problem::error(
                    ProblemKind::Structure,
                    type_node.span,
                    "a parameter's `Type` must be a string",
                ));
                continue;
            }
        };
        let Some(kind) = ParamType::parse(&type_name) else {
            problems.push(
                Problem::error(
                    ProblemKind::Structure,
                    type_node.span,
                    format!("`{type_name}` is not a CloudFormation parameter type"),
                )
                .with_help("use String, Number, List<Number>, CommaDelimitedList, an AWS-specific type such as AWS::EC2::VPC::Id, or AWS::SSM::Parameter::Value<…>"),
            );
            continue;
        };
        let default = decl.get("Default").and_then(|d| match &d.kind {
            NodeKind::Scalar(_) => d.as_text().map(|_| {
                let s = d.as_scalar().expect("scalar");
                let text = match s.kind {
                    super::node::ScalarKind::Bool(_) => Cow::Owned(s.as_cfn_str().to_string()),
                    _ => s.text.clone(),
                };
                (text, d.span)
            }),
            NodeKind::Seq(_) => file_value(d).map(|t| (Cow::Owned(t), d.span)),
            _ => {
                problems.push(Problem::error(
                    ProblemKind::Structure,
                    d.span,
                    "a parameter's `Default` must be a string",
                ));
                None
            }
        });
        let mut p = Parameter {
            name: e.key.clone(),
            name_span: e.key_span,
            type_name,
            type_span: type_node.span,
            kind,
            value: default
                .as_ref()
                .map(|(t, s)| (t.clone(), ParamSource::Default(*s))),
            default,
        };
        // A file's value first, then the command line's over it.
        let mut chosen: Option<&GivenParam> = None;
        let mut stand_in: Option<&GivenParam> = None;
        for g in given.iter().filter(|g| g.name == p.name) {
            if g.source == ParamSource::StandIn {
                stand_in = Some(g);
                continue;
            }
            if chosen.is_none_or(|c| {
                !matches!(c.source, ParamSource::CommandLine)
                    || matches!(g.source, ParamSource::CommandLine)
            }) {
                chosen = Some(g);
            }
        }
        // Compiled once, for the default and the given value, and only
        // when there is a value to match.
        let pattern = if p.default.is_some() || chosen.is_some() {
            AllowedPattern::of(decl, &p, problems)
        } else {
            None
        };
        if let Some((text, span)) = p.default.clone() {
            check_value(decl, &p, pattern.as_ref(), &text, span, None, problems);
        }
        if let Some(g) = chosen {
            check_value(
                decl,
                &p,
                pattern.as_ref(),
                &g.value,
                p.name_span,
                Some(g),
                problems,
            );
            p.value = Some((Cow::Owned(g.value.clone()), g.source));
        }
        if let Some(g) = stand_in {
            p.value = Some((Cow::Owned(g.value.clone()), g.source));
        }
        params.push(p);
    }
    for g in given {
        if g.name.starts_with("AWS::") {
            continue;
        }
        if !params.iter().any(|p| p.name == g.name) && !entries.iter().any(|e| e.key == g.name) {
            let mut problem = Problem::warning(
                ProblemKind::UnknownParameter,
                section.map_or(Span::new(0, 0), |s| Span::new(s.span.start, s.span.start)),
                format!(
                    "a value was given for `{}`, which the template does not declare",
                    g.name
                ),
            );
            let names: Vec<&str> = params.iter().map(|p| p.name.as_ref()).collect();
            if let Some(close) = closest(&g.name, &names) {
                problem = problem.with_help(format!("did you mean `{close}`?"));
            }
            problems.push(problem);
        }
    }
    params
}

/// The name in `names` nearest to `name` (a third of its length in edits
/// at most), for "did you mean".
pub(crate) fn closest<'a>(name: &str, names: &[&'a str]) -> Option<&'a str> {
    let limit = (name.len() / 3).max(1);
    names
        .iter()
        .map(|n| (super::node::edit_distance(name, n), *n))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, n)| n)
}

/// Checks one value of `p` against its declaration. `at` is the span to
/// report at: the default's text, or the parameter's name for a value
/// given outside the template.
fn check_value(
    decl: &Node<'_>,
    p: &Parameter<'_>,
    pattern: Option<&AllowedPattern>,
    value: &str,
    at: Span,
    given: Option<&GivenParam>,
    problems: &mut Vec<Problem>,
) {
    let whence = match given.map(|g| g.source) {
        None => "the default".to_string(),
        Some(ParamSource::CommandLine) => "the value given with --param".to_string(),
        Some(_) => "the value in the parameters file".to_string(),
    };
    let items: Vec<&str> = match p.kind {
        ParamType::List { .. } => Parameter::items(value),
        _ => vec![value],
    };
    let mut report = |message: String, related: Option<(Span, &str)>| {
        let mut pr = Problem::error(ProblemKind::ParameterValue, at, message);
        if let Some((s, l)) = related {
            pr = pr.with_related(s, l);
        }
        problems.push(pr);
    };
    let numbers = matches!(
        p.kind,
        ParamType::Number | ParamType::List { numbers: true }
    );
    if numbers {
        for item in &items {
            if item.parse::<f64>().is_err() {
                report(
                    format!(
                        "{whence} of `{}` (`{item}`) is not a number, as its type {} requires",
                        p.name, p.type_name
                    ),
                    Some((p.type_span, "the type")),
                );
                return;
            }
        }
    }
    if let Some(allowed) = decl.get("AllowedValues") {
        let list: Vec<&str> = match allowed.as_seq() {
            Some(items) => items.iter().filter_map(|n| n.as_text()).collect(),
            None => allowed.as_text().into_iter().collect(),
        };
        for item in &items {
            if !list.contains(item) {
                let shown: Vec<String> = list.iter().take(8).map(|v| format!("`{v}`")).collect();
                let more = if list.len() > 8 { ", …" } else { "" };
                report(
                    format!(
                        "{whence} of `{}` (`{item}`) is not one of its AllowedValues ({}{more})",
                        p.name,
                        shown.join(", ")
                    ),
                    Some((allowed.span, "allowed here")),
                );
            }
        }
    }
    if let Some(pattern) = pattern {
        for item in &items {
            if !pattern.regex.is_match(item) {
                let mut message = format!(
                    "{whence} of `{}` (`{item}`) does not match its AllowedPattern",
                    p.name
                );
                // The template's own words for the rule, as CloudFormation
                // shows them.
                if let Some(words) = decl.get("ConstraintDescription").and_then(|n| n.as_text()) {
                    message.push_str(&format!(": {words}"));
                }
                report(message, Some((pattern.span, "the pattern")));
            }
        }
    }
    let bound = |key: &str| {
        decl.get(key)
            .and_then(|n| n.as_text())
            .and_then(|t| t.parse::<f64>().ok())
    };
    for item in &items {
        let len = item.chars().count() as f64;
        if let Some(min) = bound("MinLength")
            && len < min
        {
            report(
                format!(
                    "{whence} of `{}` is shorter than its MinLength {min}",
                    p.name
                ),
                None,
            );
        }
        if let Some(max) = bound("MaxLength")
            && len > max
        {
            report(
                format!(
                    "{whence} of `{}` is longer than its MaxLength {max}",
                    p.name
                ),
                None,
            );
        }
        if numbers && let Ok(v) = item.parse::<f64>() {
            if let Some(min) = bound("MinValue")
                && v < min
            {
                report(
                    format!(
                        "{whence} of `{}` ({item}) is below its MinValue {min}",
                        p.name
                    ),
                    None,
                );
            }
            if let Some(max) = bound("MaxValue")
                && v > max
            {
                report(
                    format!(
                        "{whence} of `{}` ({item}) is above its MaxValue {max}",
                        p.name
                    ),
                    None,
                );
            }
        }
    }
}

/// A parameter's `AllowedPattern`, compiled to match whole values.
struct AllowedPattern {
    regex: Regex,
    span: Span,
}

impl AllowedPattern {
    /// The pattern `p` declares, ready to match, when it applies to `p`'s
    /// type and netlint can match it as CloudFormation does; otherwise
    /// `None`, with a problem saying why where there is something to say.
    ///
    /// CloudFormation documents the pattern for `String` (the whole value)
    /// and `CommaDelimitedList` (each item); netlint applies it to the
    /// AWS-specific types as to `String` (their values are strings) and to
    /// each item of their lists, as for `CommaDelimitedList`. Numbers are
    /// checked as numbers, and an `AWS::SSM::Parameter::Value<…>` value
    /// is a Parameter Store name whose stored value netlint cannot see:
    /// neither is matched.
    fn of(decl: &Node<'_>, p: &Parameter<'_>, problems: &mut Vec<Problem>) -> Option<Self> {
        let node = decl.get("AllowedPattern")?;
        let Some(text) = node.as_text() else {
            problems.push(Problem::error(
                ProblemKind::Structure,
                node.span,
                format!(
                    "the `AllowedPattern` of `{}` must be a string, not {}",
                    p.name,
                    node.describe()
                ),
            ));
            return None;
        };
        if matches!(
            p.kind,
            ParamType::Number | ParamType::List { numbers: true } | ParamType::Ssm
        ) {
            return None;
        }
        match compile_whole(text) {
            Ok(regex) => Some(AllowedPattern {
                regex,
                span: node.span,
            }),
            Err(why) => {
                problems.push(
                    Problem::note(
                        ProblemKind::NotEvaluated,
                        node.span,
                        format!(
                            "the AllowedPattern of `{}` is not checked: {why}",
                            p.name
                        ),
                    )
                    .with_help(
                        "CloudFormation still checks it when the stack is created; netlint matches patterns without lookaround, possessive quantifiers, `\\p{…}` classes, back-references or `\\Q…\\E`",
                    ),
                );
                None
            }
        }
    }
}

/// A Java pattern as a `regex-lite` that matches only whole values, as
/// CloudFormation applies it; or why it cannot be one.
///
/// Where the two read the same text differently, the pattern is translated
/// or refused rather than matched with another meaning: Java's `\<` and
/// `\>` are the characters (`regex-lite` refuses them); Java's `\v` is any
/// vertical whitespace (one character to `regex-lite`); `[[:alpha:]]` is a
/// POSIX class to `regex-lite` and a set of characters (`:`, `a`, `l`, …)
/// to Java; and `regex-lite` reads a possessive `a++` (never gives back)
/// as a greedy `(a+)+` (gives back), so those are refused too. The pattern
/// is compiled alone before it is wrapped: an unbalanced one (`a)|(b`)
/// could compile into something else inside a group.
fn compile_whole(pattern: &str) -> Result<Regex, String> {
    let mut java = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    // Depth of character classes (Java nests them), and whether the last
    // thing read was a quantifier outside any class.
    let mut class = 0usize;
    let mut after_quantifier = false;
    let mut prev = None;
    while let Some(c) = chars.next() {
        let quantifier = class == 0 && matches!(c, '*' | '+' | '?' | '}') && prev != Some('(');
        if c == '+' && after_quantifier {
            return Err(
                "it has a possessive quantifier, which netlint's pattern engine would read as a greedy one".into(),
            );
        }
        after_quantifier = quantifier;
        prev = Some(c);
        match c {
            '\\' => match chars.next() {
                Some(e @ ('<' | '>')) => java.push(e),
                Some('v') => {
                    return Err(
                        "Java's `\\v` is any vertical whitespace, netlint's pattern engine's one character".into(),
                    );
                }
                Some(e) => {
                    java.push('\\');
                    java.push(e);
                    // An escaped character is no opening parenthesis.
                    prev = Some('\\');
                }
                None => java.push('\\'),
            },
            '[' => {
                if class > 0 && chars.peek() == Some(&':') {
                    return Err(
                        "`[:…:]` is a POSIX class to netlint's pattern engine, a set of characters to Java".into(),
                    );
                }
                class += 1;
                java.push(c);
            }
            ']' if class > 0 => {
                class -= 1;
                java.push(c);
            }
            _ => java.push(c),
        }
    }
    let unread = |e: regex_lite::Error| format!("netlint's pattern engine cannot read it ({e})");
    Regex::new(&java).map_err(unread)?;
    Regex::new(&format!("^(?:{java})$")).map_err(unread)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::read_yaml::read_yaml;

    #[test]
    fn file_formats() {
        let cli = r#"[{"ParameterKey": "A", "ParameterValue": "1"}, {"ParameterKey": "B", "ParameterValue": ["x", "y"]}]"#;
        let (given, problems) = read_params_file(cli);
        assert!(problems.is_empty());
        assert_eq!(given[0].name, "A");
        assert_eq!(given[1].value, "x,y");
        let ParamSource::File { name, value } = given[0].source else {
            panic!()
        };
        assert_eq!(name.text(cli), "\"A\"");
        assert_eq!(value.text(cli), "\"1\"");
        let (given, problems) = read_params_file(r#"{"Parameters": {"A": "1", "N": 5}}"#);
        assert!(problems.is_empty());
        assert_eq!(
            (given[1].name.as_str(), given[1].value.as_str()),
            ("N", "5")
        );
        let (given, _) = read_params_file(r#"{"A": "1", "B": true}"#);
        assert_eq!(given[1].value, "true");
        let (given, _) = read_params_file(r#"["A=1", "B=x=y"]"#);
        assert_eq!(given[1].value, "x=y");
        let (_, problems) = read_params_file(r#"[{"Key": "A"}]"#);
        assert_eq!(problems[0].kind, ProblemKind::ParameterFile);
        let (_, problems) = read_params_file("[");
        assert_eq!(problems[0].kind, ProblemKind::Syntax);
        assert!(parse_cli_param("A=b=c").is_ok_and(|g| g.value == "b=c"));
        assert!(parse_cli_param("=x").is_err());
        assert!(parse_cli_param("x").is_err());
    }

    #[test]
    fn types() {
        assert_eq!(
            ParamType::parse("List<AWS::EC2::Subnet::Id>"),
            Some(ParamType::List { numbers: false })
        );
        assert_eq!(
            ParamType::parse("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"),
            Some(ParamType::Ssm)
        );
        assert_eq!(
            ParamType::parse("AWS::EC2::VPC::Id"),
            Some(ParamType::String)
        );
        assert_eq!(
            ParamType::parse("List<Number>"),
            Some(ParamType::List { numbers: true })
        );
        assert_eq!(ParamType::parse("Strin"), None);
        assert_eq!(Parameter::items("a, b ,c"), ["a", "b", "c"]);
        assert!(Parameter::items("").is_empty());
    }

    fn declared(src: &str, given: &[GivenParam]) -> (Vec<Parameter<'static>>, Vec<Problem>) {
        let src: &'static str = Box::leak(src.to_string().into_boxed_str());
        let (node, problems) = read_yaml(src);
        assert!(problems.is_empty(), "{problems:?}");
        let node: &'static Node<'static> = Box::leak(Box::new(node.unwrap()));
        let mut problems = Vec::new();
        let params = declare(node.get("Parameters"), given, &mut problems);
        (params, problems)
    }

    fn cli(name: &str, value: &str) -> GivenParam {
        parse_cli_param(&format!("{name}={value}")).unwrap()
    }

    #[test]
    fn values_come_from_defaults_then_files_then_the_command_line() {
        let src = "Parameters:\n  A: {Type: String, Default: x}\n  B: {Type: Number}\n  C: {Type: String, Default: 14}\n";
        let file = GivenParam {
            name: "A".into(),
            value: "f".into(),
            source: ParamSource::File {
                name: Span::new(0, 1),
                value: Span::new(2, 3),
            },
        };
        let (p, problems) = declared(src, &[]);
        assert!(problems.is_empty());
        assert_eq!(p[0].value.as_ref().unwrap().0, "x");
        assert!(
            matches!(p[0].value.as_ref().unwrap().1, ParamSource::Default(s) if s.text(src) == "x")
        );
        assert!(p[1].value.is_none());
        assert_eq!(p[2].value.as_ref().unwrap().0, "14");
        let (p, _) = declared(src, &[cli("A", "c"), file.clone()]);
        assert_eq!(p[0].value.as_ref().unwrap().0, "c");
        let (p, _) = declared(src, &[file]);
        assert_eq!(p[0].value.as_ref().unwrap().0, "f");
    }

    #[test]
    fn values_are_checked() {
        let src = "Parameters:\n  T: {Type: String, AllowedValues: [a, b], Default: c}\n  N: {Type: Number, MinValue: 1, MaxValue: 5, Default: 3}\n  L: {Type: String, MinLength: 2, Default: ab}\n  Z: {Type: 'List<Number>', Default: '1,x'}\n";
        let (_, problems) = declared(src, &[]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].message.contains("AllowedValues"));
        assert_eq!(problems[0].kind, ProblemKind::ParameterValue);
        assert!(problems[1].message.contains("not a number"));
        let (_, problems) = declared(src, &[cli("N", "9"), cli("L", "a"), cli("T", "a")]);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[1].contains("above its MaxValue 5"));
        assert!(messages[2].contains("shorter than its MinLength 2"));
    }

    #[test]
    fn unknown_names_and_types_are_reported() {
        let src = "Parameters:\n  Subnets: {Type: 'List<AWS::EC2::Subnet::Id>'}\n  Bad: {Type: Strng}\n  NoType: {Default: x}\n";
        let (p, problems) = declared(src, &[cli("Subnet", "a"), cli("AWS::Region", "x")]);
        assert_eq!(p.len(), 1);
        let kinds: Vec<ProblemKind> = problems.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                ProblemKind::Structure,
                ProblemKind::Structure,
                ProblemKind::UnknownParameter
            ]
        );
        assert_eq!(problems[2].help.as_deref(), Some("did you mean `Subnets`?"));
    }

    #[test]
    fn allowed_pattern_matches_whole_values() {
        let src = "Parameters:\n  Cidr:\n    Type: String\n    Default: 10.0.0.0/33\n    AllowedPattern: '(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(1[6-9]|2[0-8])'\n    ConstraintDescription: a /16 to /28 block\n  Name: {Type: String, Default: web-1, AllowedPattern: '[a-z][-a-z0-9]*'}\n";
        let (_, problems) = declared(src, &[]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = &problems[0];
        assert_eq!(p.kind, ProblemKind::ParameterValue);
        assert_eq!(p.span.text(src), "10.0.0.0/33");
        assert!(
            p.message
                .ends_with("does not match its AllowedPattern: a /16 to /28 block"),
            "{}",
            p.message
        );
        assert!(p.related[0].0.text(src).starts_with("'(\\d{1,3})"));
        // Whole values: a match inside the value is not enough, and one
        // alternative matching a prefix does not hide another matching all.
        let (_, problems) = declared(src, &[cli("Cidr", "10.0.0.0/16x"), cli("Name", "x")]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[1]
                .message
                .starts_with("the value given with --param of `Cidr` (`10.0.0.0/16x`)")
        );
        let (_, problems) = declared(
            "Parameters:\n  A: {Type: String, Default: ab, AllowedPattern: 'a|ab'}\n",
            &[],
        );
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn allowed_pattern_applies_to_each_item_of_a_list_and_not_to_numbers() {
        let src = "Parameters:\n  Cidrs: {Type: CommaDelimitedList, Default: '10.0.0.0/24, 10.0.1.0/24,x', AllowedPattern: '[0-9./]+'}\n  Subnets: {Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1,subnet-2', AllowedPattern: 'subnet-[0-9a-f]+'}\n  Port: {Type: Number, Default: 80, AllowedPattern: '[a-z]+'}\n  Ami: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /aws/x, AllowedPattern: 'ami-.*'}\n";
        let (_, problems) = declared(src, &[]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].message.contains("`Cidrs` (`x`)"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn a_pattern_netlint_cannot_match_as_java_does_is_noted_not_guessed() {
        for pattern in [
            "'[a-z]++'",
            "'a{2}+'",
            "'a*+b'",
            "'(?=a)a'",
            "'\\p{Alpha}+'",
            "'(a)\\1'",
            "'a)|(b'",
            "'\\v'",
            "'[[:alpha:]]+'",
        ] {
            let src = format!(
                "Parameters:\n  A: {{Type: String, Default: zzz, AllowedPattern: {pattern}}}\n"
            );
            let (_, problems) = declared(&src, &[]);
            assert_eq!(problems.len(), 1, "{pattern}: {problems:?}");
            assert_eq!(problems[0].kind, ProblemKind::NotEvaluated, "{pattern}");
            assert_eq!(problems[0].level, super::super::problem::Level::Note);
            assert!(problems[0].message.contains("is not checked"));
        }
        // No value, nothing to check, nothing to say.
        let (_, problems) = declared(
            "Parameters:\n  A: {Type: String, AllowedPattern: '(?=a)'}\n",
            &[],
        );
        assert!(problems.is_empty(), "{problems:?}");
        // Java's `\<` is the character.
        let (_, problems) = declared(
            "Parameters:\n  A: {Type: String, Default: '<b>', AllowedPattern: '\\<[a-z]\\>'}\n",
            &[],
        );
        assert!(problems.is_empty(), "{problems:?}");
        let (_, problems) = declared(
            "Parameters:\n  A: {Type: String, Default: x, AllowedPattern: [a]}\n",
            &[],
        );
        assert_eq!(problems[0].kind, ProblemKind::Structure);
    }
}
