//! Evaluating intrinsic functions and conditions.
//!
//! The resolver walks a node tree and returns a [`Value`] tree. Each
//! function is evaluated exactly as CloudFormation documents it where the
//! inputs are known; where they are not, the result is unknown and carries
//! the reasons, so an unknown parameter three functions deep still names
//! that parameter. Arguments of the wrong shape are errors at their
//! position and make the result unknown (`Reason::Invalid`), never a guess,
//! so one mistake does not cascade into others.
//!
//! Conditions are evaluated on demand with memoisation and a three-state
//! marker, so a cycle between conditions is reported once and does not
//! loop. References between resources are recorded as edges for the
//! template's cycle check; a `Ref` never needs the other resource's values,
//! so resolution itself cannot loop.

use super::node::{FnCall, Func, Node, NodeKind, ScalarKind};
use super::params::{ParamType, Parameter, closest};
use super::problem::{Problem, ProblemKind};
use super::value::{Field, Provenance, Reason, Value, ValueKind};
use super::zones;
use crate::span::Span;
use foldhash::{HashMap, HashMapExt};
use std::borrow::Cow;

/// Pseudo parameters netlint can be told about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pseudo {
    pub region: Option<String>,
    pub account_id: Option<String>,
    pub stack_name: Option<String>,
}

/// Evaluation state of one named condition.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CondState {
    Todo,
    InProgress,
    Done(Option<bool>),
}

/// The names a template defines, and the resolver's working state.
pub struct Resolver<'t, 's> {
    pub(crate) src: &'s str,
    params: HashMap<&'t str, &'t Parameter<'s>>,
    /// Logical ID → index in the template's resource list.
    resources: HashMap<&'t str, usize>,
    mappings: HashMap<&'t str, &'t Node<'s>>,
    conditions: HashMap<&'t str, usize>,
    condition_nodes: Vec<(&'t str, Span, &'t Node<'s>)>,
    condition_state: Vec<CondState>,
    pseudo: &'t Pseudo,
    /// Inside `Conditions` (where resources cannot be referenced).
    in_conditions: bool,
    /// Resources referenced since the last `take_deps`, with the span.
    deps: Vec<(usize, Span)>,
    /// "Did you mean" is computed for this many unresolved names at most,
    /// so a template of 100,000 broken references stays linear.
    suggestions_left: usize,
    pub(crate) problems: Vec<Problem>,
    /// Each VPC's `CidrBlock` as written (with the VPC's `Condition`), by
    /// resource index: `Fn::GetAtt Vpc.CidrBlock` is the block the VPC is
    /// created with, known before deployment.
    vpc_blocks: HashMap<usize, (&'t Node<'s>, Option<&'t Node<'s>>)>,
    /// Those blocks resolved, on first use (`None` while one is being
    /// resolved: a block that asks for itself stays symbolic).
    vpc_block_values: HashMap<usize, Option<Value<'s>>>,
}

type R<'s, T> = Result<T, Value<'s>>;

/// The usage line for each function, for arity errors.
fn usage(func: Func) -> &'static str {
    match func {
        Func::Ref => "a name: `Ref: Name`",
        Func::GetAtt => "`[Resource, Attribute]` or `Resource.Attribute`",
        Func::Sub => "a string, or `[string, {Variable: value, …}]`",
        Func::Join => "`[delimiter, [value, …]]`",
        Func::Select => "`[index, list]`",
        Func::Split => "`[delimiter, string]`",
        Func::GetAZs => "a region name, or `''` for the stack's region",
        Func::Cidr => "`[ipBlock, count, cidrBits]`",
        Func::FindInMap => "`[MapName, TopLevelKey, SecondLevelKey]`",
        Func::If => "`[ConditionName, value if true, value if false]`",
        Func::Equals => "`[value, value]`",
        Func::Not => "`[condition]`",
        Func::And | Func::Or => "a list of 2 to 10 conditions",
        Func::Base64 => "a string",
        Func::ImportValue => "an export name",
        _ => "its documented arguments",
    }
}

const PSEUDOS: [&str; 8] = [
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

fn merge_from<'s>(into: &mut Vec<Provenance<'s>>, from: &[Provenance<'s>]) {
    for p in from {
        if !into.contains(p) {
            into.push(p.clone());
        }
    }
}

fn merge_reasons<'s>(into: &mut Vec<Reason<'s>>, from: &[Reason<'s>]) {
    for r in from {
        if !into.contains(r) {
            into.push(r.clone());
        }
    }
}

/// Whether a string holds a dynamic reference (`{{resolve:ssm:…}}`).
/// Every string is asked, so a byte scan for `{` comes first.
fn is_dynamic_reference(text: &str) -> bool {
    text.as_bytes().contains(&b'{') && text.contains("{{resolve:")
}

/// Parses an integer argument (`0`, `"2"`).
fn integer(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}

impl<'t, 's> Resolver<'t, 's> {
    pub(crate) fn new(
        src: &'s str,
        params: &'t [Parameter<'s>],
        resources: HashMap<&'t str, usize>,
        mappings: HashMap<&'t str, &'t Node<'s>>,
        conditions: Vec<(&'t str, Span, &'t Node<'s>)>,
        pseudo: &'t Pseudo,
    ) -> Self {
        let condition_index = conditions
            .iter()
            .enumerate()
            .map(|(i, c)| (c.0, i))
            .collect();
        Resolver {
            src,
            params: params.iter().map(|p| (p.name.as_ref(), p)).collect(),
            resources,
            mappings,
            conditions: condition_index,
            condition_state: vec![CondState::Todo; conditions.len()],
            condition_nodes: conditions,
            pseudo,
            in_conditions: false,
            deps: Vec::new(),
            suggestions_left: 50,
            problems: Vec::new(),
            vpc_blocks: HashMap::new(),
            vpc_block_values: HashMap::new(),
        }
    }

    /// Indexes the `CidrBlock` of every `AWS::EC2::VPC` among `bodies`
    /// (the resource bodies, in resource-index order).
    pub(crate) fn index_vpc_blocks(&mut self, bodies: impl Iterator<Item = &'t Node<'s>>) {
        for (i, body) in bodies.enumerate() {
            if body.get("Type").and_then(Node::as_text) != Some("AWS::EC2::VPC") {
                continue;
            }
            if let Some(block) = body.get("Properties").and_then(|p| p.get("CidrBlock")) {
                self.vpc_blocks.insert(i, (block, body.get("Condition")));
            }
        }
    }

    /// `Fn::GetAtt Vpc.CidrBlock` (at `span`) as the VPC's own `CidrBlock`
    /// resolves; `None` (the attribute stays symbolic) for a VPC without
    /// one (an IPAM pool's block is only known once deployed), one the
    /// stack may not create, or a block that refers to itself. Its
    /// problems and references are the VPC's, reported there, not here.
    fn vpc_block(&mut self, index: usize, span: Span) -> Option<Value<'s>> {
        let (node, condition) = *self.vpc_blocks.get(&index)?;
        if let Some(c) = condition {
            let name = c.as_text()?;
            if !self.conditions.contains_key(name) || self.condition(name, c.span) != Some(true) {
                return None;
            }
        }
        let v = match self.vpc_block_values.get(&index) {
            Some(v) => v.clone()?,
            None => {
                self.vpc_block_values.insert(index, None);
                let (deps, problems) = (self.deps.len(), self.problems.len());
                let v = self.resolve(node);
                self.deps.truncate(deps);
                self.problems.truncate(problems);
                self.vpc_block_values.insert(index, Some(v.clone()));
                v
            }
        };
        match v.kind {
            ValueKind::Scalar(_, ScalarKind::Str) | ValueKind::Unknown(_) => {
                Some(Value { span, ..v })
            }
            _ => None,
        }
    }

    /// The resources referenced since the last call.
    pub(crate) fn take_deps(&mut self) -> Vec<(usize, Span)> {
        std::mem::take(&mut self.deps)
    }

    pub(crate) fn resource_index(&self, name: &str) -> Option<usize> {
        self.resources.get(name).copied()
    }

    fn error(&mut self, kind: ProblemKind, span: Span, message: String) -> Value<'s> {
        self.problems.push(Problem::error(kind, span, message));
        Value::invalid(span)
    }

    fn bad_args(&mut self, call: &FnCall<'s>, span: Span, what: String) -> Value<'s> {
        self.problems.push(
            Problem::error(
                ProblemKind::BadArguments,
                span,
                format!("`{}`: {what}", call.func.name()),
            )
            .with_help(format!("`{}` takes {}", call.func.name(), usage(call.func))),
        );
        Value::invalid(span)
    }

    /// The argument list has the wrong length.
    fn count_error(&mut self, call: &FnCall<'s>, want: &str, found: usize) -> Value<'s> {
        self.bad_args(
            call,
            call.arg.span,
            format!("expected {want} arguments, found {found}"),
        )
    }

    /// The argument is not of the shape the function takes.
    fn shape_error(&mut self, call: &FnCall<'s>, want: &str) -> Value<'s> {
        let found = call.arg.describe();
        self.bad_args(
            call,
            call.arg.span,
            format!("expected {want}, found {found}"),
        )
    }

    /// The span of `needle` inside the source text of `within`, or
    /// `within` itself (a `${Var}` inside a `Fn::Sub` string).
    fn narrow(&self, within: Span, needle: &str) -> Span {
        let hay = within.text(self.src);
        // A `Fn::Sub` string is short: a plain scan beats setting up the
        // two-way searcher `str::find` builds per call.
        let found = if hay.len() <= 256 && !needle.is_empty() {
            hay.as_bytes()
                .windows(needle.len())
                .position(|w| w == needle.as_bytes())
        } else {
            hay.find(needle)
        };
        match found {
            Some(i) => Span::new(
                within.start + i as u32,
                within.start + (i + needle.len()) as u32,
            ),
            None => within,
        }
    }

    /// A name nobody defines: an error with "did you mean".
    fn unresolved(&mut self, span: Span, what: &str, name: &str, candidates: &[&str]) -> Value<'s> {
        let mut p = Problem::error(
            ProblemKind::UnresolvedName,
            span,
            format!("{what} `{name}` is not defined in this template"),
        );
        if self.suggestions_left > 0 {
            self.suggestions_left -= 1;
            if let Some(close) = closest(name, candidates) {
                p = p.with_help(format!("did you mean `{close}`?"));
            }
        }
        self.problems.push(p);
        Value::invalid(span)
    }

    // ----- the tree -------------------------------------------------------

    /// Resolves a whole node tree.
    pub fn resolve(&mut self, node: &'t Node<'s>) -> Value<'s> {
        match &node.kind {
            NodeKind::Scalar(s) => {
                if s.kind == ScalarKind::Str && is_dynamic_reference(&s.text) {
                    return Value::unknown(
                        node.span,
                        Reason::DynamicReference {
                            text: s.text.to_string(),
                        },
                    );
                }
                let text = match s.kind {
                    ScalarKind::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
                    _ => s.text.clone(),
                };
                Value::new(node.span, ValueKind::Scalar(text, s.kind))
            }
            NodeKind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    let v = self.resolve(item);
                    if !matches!(v.kind, ValueKind::NoValue) {
                        out.push(v);
                    }
                }
                Value::new(node.span, ValueKind::List(out))
            }
            NodeKind::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for e in entries {
                    let v = self.resolve(&e.value);
                    if !matches!(v.kind, ValueKind::NoValue) {
                        out.push(Field {
                            key: e.key.clone(),
                            key_span: e.key_span,
                            value: v,
                        });
                    }
                }
                Value::new(node.span, ValueKind::Map(out))
            }
            NodeKind::Fn(call) => self.call(call, node.span),
        }
    }

    fn call(&mut self, call: &'t FnCall<'s>, span: Span) -> Value<'s> {
        let result = match call.func {
            Func::Ref => self.ref_(call, span),
            Func::GetAtt => self.get_att(call, span),
            Func::Sub => self.sub(call, span),
            Func::Join => self.join(call, span),
            Func::Select => self.select(call, span),
            Func::Split => self.split(call, span),
            Func::GetAZs => self.get_azs(call, span),
            Func::Cidr => self.cidr(call, span),
            Func::FindInMap => self.find_in_map(call, span),
            Func::If => self.if_(call, span),
            Func::Base64 => {
                let inner = self.resolve(&call.arg);
                match inner.kind {
                    ValueKind::List(_) | ValueKind::Map(_) | ValueKind::NoValue => Err(self
                        .bad_args(
                            call,
                            call.arg.span,
                            format!("expected a string, found {}", call.arg.describe()),
                        )),
                    _ => Ok(Value { span, ..inner }.with(Provenance::Base64)),
                }
            }
            Func::ImportValue => {
                let export = self.resolve(&call.arg);
                match &export.kind {
                    ValueKind::List(_) | ValueKind::Map(_) => Err(self.bad_args(
                        call,
                        call.arg.span,
                        "expected an export name".to_string(),
                    )),
                    _ => Ok(Value::unknown(
                        span,
                        Reason::Import {
                            export: export.as_str().map(str::to_string),
                        },
                    )),
                }
            }
            Func::Equals | Func::And | Func::Or | Func::Not => {
                if self.in_conditions {
                    Ok(match self.condition_expr_node(call) {
                        Some(b) => Value::new(
                            span,
                            ValueKind::Scalar(
                                Cow::Borrowed(if b { "true" } else { "false" }),
                                ScalarKind::Bool(b),
                            ),
                        ),
                        None => Value::unknown(span, Reason::Invalid),
                    })
                } else {
                    Err(self.error(
                        ProblemKind::BadArguments,
                        call.name_span,
                        format!(
                            "`{}` can only be used in `Conditions` (and `Rules`)",
                            call.func.name()
                        ),
                    ))
                }
            }
            // Language extensions and the functions of `Rules`.
            _ => Ok(Value::unknown(
                span,
                Reason::Unsupported { func: call.func },
            )),
        };
        result.unwrap_or_else(|v| v)
    }

    // ----- argument helpers -----------------------------------------------

    /// The argument as a list of exactly `n` items (or `min..=max`).
    fn list_arg(&mut self, call: &'t FnCall<'s>, min: usize, max: usize) -> R<'s, &'t [Node<'s>]> {
        match &call.arg.kind {
            NodeKind::Seq(items) if items.len() >= min && items.len() <= max => Ok(items),
            NodeKind::Seq(items) => {
                let want = if min == max {
                    format!("{min}")
                } else {
                    format!("{min} to {max}")
                };
                Err(self.count_error(call, &want, items.len()))
            }
            _ => Err(self.shape_error(call, "a list of arguments")),
        }
    }

    /// A resolved value that must be a known string.
    fn want_str(
        &mut self,
        call: &FnCall<'s>,
        v: Value<'s>,
        what: &str,
    ) -> R<'s, (Cow<'s, str>, Vec<Provenance<'s>>)> {
        match v.kind {
            ValueKind::Scalar(text, kind) if kind != ScalarKind::Null => Ok((text, v.from)),
            ValueKind::Unknown(_) => Err(v),
            ValueKind::Ref(id) | ValueKind::GetAtt(id, _) => Err(Value::unknown(
                v.span,
                Reason::FromResource { logical_id: id },
            )),
            _ => {
                let found = match &v.kind {
                    ValueKind::List(_) => "a list",
                    ValueKind::Map(_) => "a mapping",
                    ValueKind::NoValue => "`AWS::NoValue`",
                    _ => "null",
                };
                Err(self.bad_args(
                    call,
                    v.span,
                    format!("{what} must be a string, found {found}"),
                ))
            }
        }
    }

    /// A resolved value that must be a known list.
    fn want_list(
        &mut self,
        call: &FnCall<'s>,
        v: Value<'s>,
        what: &str,
    ) -> R<'s, (Vec<Value<'s>>, Vec<Provenance<'s>>)> {
        match v.kind {
            ValueKind::List(items) => Ok((items, v.from)),
            ValueKind::Unknown(_) => Err(v),
            ValueKind::Ref(id) | ValueKind::GetAtt(id, _) => Err(Value::unknown(
                v.span,
                Reason::FromResource { logical_id: id },
            )),
            _ => Err(self.bad_args(call, v.span, format!("{what} must be a list"))),
        }
    }

    fn want_int(
        &mut self,
        call: &FnCall<'s>,
        v: Value<'s>,
        what: &str,
    ) -> R<'s, (i64, Vec<Provenance<'s>>)> {
        let span = v.span;
        let (text, from) = self.want_str(call, v, what)?;
        match integer(&text) {
            Some(n) => Ok((n, from)),
            None => Err(self.bad_args(
                call,
                span,
                format!("{what} must be an integer, found `{text}`"),
            )),
        }
    }

    /// A literal name (no intrinsic allowed), as `Ref` and `Fn::If` need.
    fn literal_name(
        &mut self,
        call: &FnCall<'s>,
        node: &'t Node<'s>,
        what: &str,
    ) -> R<'s, &'t str> {
        match &node.kind {
            NodeKind::Scalar(s) if s.kind != ScalarKind::Null => Ok(&s.text),
            _ => Err(self.bad_args(
                call,
                node.span,
                format!("{what} must be a literal name, found {}", node.describe()),
            )),
        }
    }

    // ----- Ref, GetAtt, Sub ------------------------------------------------

    fn ref_(&mut self, call: &'t FnCall<'s>, span: Span) -> R<'s, Value<'s>> {
        let name = self.literal_name(call, &call.arg, "the name")?;
        Ok(self.ref_name(name, span, call.arg.span))
    }

    /// What `Ref name` (or `${name}`) gives. `name_span` is where the name
    /// is written, for errors.
    fn ref_name(&mut self, name: &str, span: Span, name_span: Span) -> Value<'s> {
        if let Some(p) = self.params.get(name).copied() {
            return self.param_value(p, span);
        }
        if name.starts_with("AWS::") {
            return self.pseudo(name, span, name_span);
        }
        if let Some(&index) = self.resources.get(name) {
            if self.in_conditions {
                return self.error(
                    ProblemKind::BadArguments,
                    name_span,
                    format!("`Conditions` cannot refer to resource `{name}`: conditions are decided before any resource exists"),
                );
            }
            self.deps.push((index, name_span));
            // The logical ID borrows from the source when the name does.
            return Value::new(span, ValueKind::Ref(self.source_str(name_span, name)));
        }
        let mut names: Vec<&str> = self.params.keys().copied().collect();
        names.extend(self.resources.keys().copied());
        names.extend(PSEUDOS);
        self.unresolved(name_span, "`Ref` target", name, &names)
    }

    /// `name` as a `Cow` borrowing from the source if `span` holds exactly
    /// it (keeps references zero-copy).
    fn source_str(&self, span: Span, name: &str) -> Cow<'s, str> {
        let src: &'s str = self.src;
        let text = span.text(src);
        if text == name {
            return Cow::Borrowed(text);
        }
        // A quoted name: `"Vpc"` or `'Vpc'`.
        if let Some(inner) = text.get(1..1 + name.len())
            && inner == name
        {
            return Cow::Borrowed(inner);
        }
        match text.find(name) {
            Some(i) => Cow::Borrowed(&text[i..i + name.len()]),
            None => Cow::Owned(name.to_string()),
        }
    }

    fn param_value(&mut self, p: &'t Parameter<'s>, span: Span) -> Value<'s> {
        let name = p.name.clone();
        let Some((text, source)) = &p.value else {
            return Value::unknown(span, Reason::NoParameterValue { name });
        };
        let from = Provenance::Parameter {
            name: name.clone(),
            source: *source,
        };
        match p.kind {
            ParamType::Ssm => Value::unknown(
                span,
                Reason::SsmParameter {
                    name,
                    path: Some(text.to_string()),
                },
            ),
            ParamType::List { .. } => {
                let items = Parameter::items(text)
                    .into_iter()
                    .map(|i| Value::str(span, Cow::Owned(i.to_string())).with(from.clone()))
                    .collect();
                Value::new(span, ValueKind::List(items)).with(from)
            }
            ParamType::String | ParamType::Number => Value::str(span, text.clone()).with(from),
        }
    }

    fn pseudo(&mut self, name: &str, span: Span, name_span: Span) -> Value<'s> {
        let region = self.pseudo.region.as_deref();
        // (the value if known, the pseudo parameter that is missing if not)
        let (value, missing): (Option<String>, &'static str) = match name {
            "AWS::NoValue" => return Value::new(span, ValueKind::NoValue),
            "AWS::Region" => (region.map(str::to_string), "AWS::Region"),
            "AWS::Partition" => (
                region.map(|r| zones::partition(r).to_string()),
                "AWS::Region",
            ),
            "AWS::URLSuffix" => (
                region.map(|r| zones::url_suffix(r).to_string()),
                "AWS::Region",
            ),
            "AWS::AccountId" => (self.pseudo.account_id.clone(), "AWS::AccountId"),
            "AWS::StackName" => (self.pseudo.stack_name.clone(), "AWS::StackName"),
            "AWS::StackId" => (None, "AWS::StackId"),
            "AWS::NotificationARNs" => (None, "AWS::NotificationARNs"),
            _ => return self.unresolved(name_span, "pseudo parameter", name, &PSEUDOS),
        };
        match value {
            Some(v) => {
                let known: &'static str = PSEUDOS
                    .iter()
                    .copied()
                    .find(|p| *p == name)
                    .unwrap_or(missing);
                Value::str(span, Cow::Owned(v)).with(Provenance::Pseudo(known))
            }
            None => Value::unknown(span, Reason::Pseudo { name: missing }),
        }
    }

    fn get_att(&mut self, call: &'t FnCall<'s>, span: Span) -> R<'s, Value<'s>> {
        let (resource, resource_span, attribute): (&str, Span, Cow<'s, str>) = match &call.arg.kind
        {
            NodeKind::Scalar(s) if s.kind == ScalarKind::Str => match s.text.split_once('.') {
                Some((r, a)) if !r.is_empty() && !a.is_empty() => {
                    let r_span = self.narrow(call.arg.span, r);
                    let attribute = match &s.text {
                        Cow::Borrowed(t) => Cow::Borrowed(&t[r.len() + 1..]),
                        Cow::Owned(_) => Cow::Owned(a.to_string()),
                    };
                    (r, r_span, attribute)
                }
                _ => {
                    return Err(self.bad_args(
                        call,
                        call.arg.span,
                        format!("`{}` is not `Resource.Attribute`", s.text),
                    ));
                }
            },
            NodeKind::Seq(items) if items.len() == 2 => {
                let r = self.literal_name(call, &items[0], "the resource")?;
                let a = self.resolve(&items[1]);
                let (a, _) = self.want_str(call, a, "the attribute")?;
                (r, items[0].span, a)
            }
            NodeKind::Seq(items) => {
                return Err(self.count_error(call, "2", items.len()));
            }
            _ => {
                return Err(self.shape_error(call, "a list or `Resource.Attribute`"));
            }
        };
        self.att_of(resource, resource_span, attribute, span)
    }

    fn att_of(
        &mut self,
        resource: &str,
        resource_span: Span,
        attribute: Cow<'s, str>,
        span: Span,
    ) -> R<'s, Value<'s>> {
        match self.resources.get(resource).copied() {
            Some(index) => {
                if self.in_conditions {
                    return Err(self.error(
                        ProblemKind::BadArguments,
                        resource_span,
                        format!("`Conditions` cannot refer to resource `{resource}`"),
                    ));
                }
                self.deps.push((index, resource_span));
                if attribute == "CidrBlock"
                    && let Some(block) = self.vpc_block(index, span)
                {
                    return Ok(block);
                }
                Ok(Value::new(
                    span,
                    ValueKind::GetAtt(self.source_str(resource_span, resource), attribute),
                ))
            }
            None => {
                let names: Vec<&str> = self.resources.keys().copied().collect();
                Err(self.unresolved(resource_span, "resource", resource, &names))
            }
        }
    }

    fn sub(&mut self, call: &'t FnCall<'s>, span: Span) -> R<'s, Value<'s>> {
        let (template, vars): (&'t Node<'s>, Option<&'t Node<'s>>) = match &call.arg.kind {
            NodeKind::Scalar(_) => (&call.arg, None),
            NodeKind::Seq(items) if items.len() == 2 => (&items[0], Some(&items[1])),
            NodeKind::Seq(items) => {
                return Err(self.count_error(call, "2", items.len()));
            }
            _ => {
                return Err(self.shape_error(call, "a string or a list"));
            }
        };
        let text: &'t str = match &template.kind {
            NodeKind::Scalar(s) if s.kind != ScalarKind::Null => &s.text,
            _ => {
                return Err(self.bad_args(
                    call,
                    template.span,
                    format!(
                        "the string must be a literal string, found {}",
                        template.describe()
                    ),
                ));
            }
        };
        let mut var_values: Vec<(&'t str, Value<'s>)> = Vec::new();
        if let Some(vars) = vars {
            match vars.as_map() {
                Some(entries) => {
                    for e in entries {
                        let v = self.resolve(&e.value);
                        var_values.push((&e.key, v));
                    }
                }
                None => {
                    return Err(self.bad_args(
                        call,
                        vars.span,
                        format!("the variables must be a mapping, found {}", vars.describe()),
                    ));
                }
            }
        }
        if text.contains("{{resolve:") {
            return Ok(Value::unknown(
                span,
                Reason::DynamicReference {
                    text: text.to_string(),
                },
            ));
        }
        let mut out = String::with_capacity(text.len());
        let mut from = Vec::new();
        let mut reasons: Vec<Reason<'s>> = Vec::new();
        let mut only: Option<Value<'s>> = None;
        let mut parts = 0;
        let mut rest = text;
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            let Some(close) = after.find('}') else {
                // An unclosed `${` is literal text, as in CloudFormation.
                out.push_str(&rest[i..]);
                rest = "";
                break;
            };
            let inner = &after[..close];
            rest = &after[close + 1..];
            if let Some(literal) = inner.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
                continue;
            }
            parts += 1;
            let var_span = self.narrow(template.span, &format!("${{{inner}}}"));
            let name = inner.trim();
            let v = match var_values.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => v.clone(),
                None => match name.split_once('.') {
                    Some((r, a)) if self.resources.contains_key(r) => {
                        let r_span = self.narrow(var_span, r);
                        self.att_of(r, r_span, Cow::Owned(a.to_string()), var_span)
                            .unwrap_or_else(|v| v)
                    }
                    _ if self.params.contains_key(name)
                        || name.starts_with("AWS::")
                        || self.resources.contains_key(name) =>
                    {
                        let name_span = self.narrow(var_span, name);
                        self.ref_name(name, var_span, name_span)
                    }
                    _ => {
                        let mut names: Vec<&str> = var_values.iter().map(|(k, _)| *k).collect();
                        names.extend(self.params.keys().copied());
                        names.extend(self.resources.keys().copied());
                        self.unresolved(var_span, "`Fn::Sub` variable", name, &names)
                    }
                },
            };
            if text.len() == inner.len() + 3 {
                only = Some(v.clone());
            }
            match v.kind {
                ValueKind::Scalar(t, _) => {
                    out.push_str(&t);
                    merge_from(&mut from, &v.from);
                }
                ValueKind::Unknown(r) => merge_reasons(&mut reasons, &r),
                ValueKind::Ref(id) | ValueKind::GetAtt(id, _) => {
                    merge_reasons(&mut reasons, &[Reason::FromResource { logical_id: id }]);
                }
                ValueKind::List(_) | ValueKind::Map(_) | ValueKind::NoValue => {
                    let msg = format!("`${{{inner}}}` is not a string");
                    return Err(self.bad_args(call, var_span, msg));
                }
            }
        }
        out.push_str(rest);
        // `!Sub '${Resource}'` is just a reference: keep it symbolic.
        if parts == 1
            && let Some(v) = only
            && matches!(v.kind, ValueKind::Ref(_) | ValueKind::GetAtt(..))
        {
            return Ok(Value { span, ..v });
        }
        if !reasons.is_empty() {
            return Ok(Value::new(span, ValueKind::Unknown(reasons)));
        }
        let text: Cow<'s, str> = if parts == 0 && !text.contains("${!") {
            match &template.kind {
                NodeKind::Scalar(s) => s.text.clone(),
                _ => Cow::Owned(out),
            }
        } else {
            Cow::Owned(out)
        };
        Ok(Value::str(span, text).from(from))
    }

    // ----- lists and strings -----------------------------------------------

    fn join(&mut self, call: &'t FnCall<'s>, span: Span) -> R<'s, Value<'s>> {
        let args = self.list_arg(call, 2, 2)?;
        let delim = self.resolve(&args[0]);
        let (delim, mut from) = self.want_str(call, delim, "the delimiter")?;
        let list = self.resolve(&args[1]);
        let (items, list_from) = self.want_list(call, list, "the values")?;
        merge_from(&mut from, &list_from);
        let mut out = String::new();
        let mut reasons = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.push_str(&delim);
            }
            match item.kind {
                ValueKind::Scalar(t, _) => {
                    out.push_str(&t);
                    merge_from(&mut from, &item.from);
                }
                ValueKind::Unknown(r) => merge_reasons(&mut reasons, &r),
                ValueKind::Ref(id) | ValueKind::GetAtt(id, _) => {
                    merge_reasons(&mut reasons, &[Reason::FromResource { logical_id: id }])
                }
                _ => {
                    return Err(self.bad_args(
                        call,
                        item.span,
                        "each value joined must be a string".to_string(),
                    ));
                }
            }
        }
        if !reasons.is_empty() {
            return Ok(Value::new(span, ValueKind::Unknown(reasons)));
        }
        Ok(Value::str(span, Cow::Owned(out)).from(from))
    }

    fn select(&mut self, call: &'t FnCall<'s>, span: Span) -> R<'s, Value<'s>> {
        let args = self.list_arg(call, 2, 2)?;
        let index = self.resolve(&args[0]);
        let (index, from) = self.want_int(call, index, "the index")?;
        let list = self.resolve(&args[1]);
        let (mut items, list_from) = self.want_list(call, list, "the list")?;
        if index < 0 || index as usize >= items.len() {
            let msg = format!(
                "index {index} is past the end of a list of {} item{}",
                items.len(),
                if items.len() == 1 { "" } else { "s" }
            );
            self.problems.push(
                Problem::error(
                    ProblemKind::BadValue,
                    args[0].span,
                    format!("`Fn::Select`: {msg}"),
                )
                .with_related(args[1].span, "this list"),
            );
            return Ok(Value::invalid(span));
        }
        let mut v = items.swap_remove(index as usize);
        v.span = span;
        let mut all = list_from;
        merge_from(&mut all, &from);
        merge_from(&mut all, &v.from);
        v.from = all;
        Ok(v)
    }

    fn split(&mut self, call: &'t FnCall<'s>, span: Span) -> R<'s, Value<'s>> {
        let args = self.list_arg(call, 2, 2)?;
        let delim = self.resolve(&args[0]);
        let (delim, mut from) = self.want_str(call, delim, "the delimiter")?;
        if delim.is_empty() {
            return Err(self.bad_args(
                call,
                args[0].span,
                "the delimiter must not be empty".to_string(),
            ));
        }
        let text = self.resolve(&args[1]);
        let (text, text_from) = self.want_str(call, text, "the string")?;
        merge_from(&mut from, &text_from);
        let items = text.split(delim.as_ref()).map(str::to_string);
        Ok(Value::strings(span, items, from))
    }

    fn get_azs(&mut self, call: &'t FnCall<'s>, span: Span) -> R<'s, Value<'s>> {
        let arg = self.resolve(&call.arg);
        let arg_span = arg.span;
        let (region, mut from) = match arg.kind {
            ValueKind::Scalar(t, ScalarKind::Null) => (t, arg.from),
            _ => self.want_str(call, arg, "the region")?,
        };
        let region: String = if region.is_empty() {
            match &self.pseudo.region {
                Some(r) => {
                    from.push(Provenance::Pseudo("AWS::Region"));
                    r.clone()
                }
                None => {
                    return Ok(Value::unknown(
                        span,
                        Reason::Pseudo {
                            name: "AWS::Region",
                        },
                    ));
                }
            }
        } else {
            region.to_string()
        };
        let Some(names) = zones::zones(&region) else {
            if !zones::looks_like_region(&region) {
                return Err(self.bad_args(
                    call,
                    arg_span,
                    format!("`{region}` is not a region name"),
                ));
            }
            return Ok(Value::unknown(span, Reason::NoZones { region }));
        };
        from.push(Provenance::ZoneTable { region });
        Ok(Value::strings(span, names, from))
    }

    fn cidr(&mut self, call: &'t FnCall<'s>, span: Span) -> R<'s, Value<'s>> {
        let args = self.list_arg(call, 3, 3)?;
        let block = self.resolve(&args[0]);
        let (block_text, mut from) = self.want_str(call, block, "ipBlock")?;
        let count = self.resolve(&args[1]);
        let (count, f) = self.want_int(call, count, "count")?;
        merge_from(&mut from, &f);
        let bits = self.resolve(&args[2]);
        let (bits, f) = self.want_int(call, bits, "cidrBits")?;
        merge_from(&mut from, &f);
        match cidr(&block_text, count, bits) {
            Ok(blocks) => Ok(Value::strings(span, blocks, from)),
            Err((arg, msg)) => {
                self.problems.push(Problem::error(
                    ProblemKind::BadValue,
                    args[arg].span,
                    format!("`Fn::Cidr`: {msg}"),
                ));
                Ok(Value::invalid(span))
            }
        }
    }

    fn find_in_map(&mut self, call: &'t FnCall<'s>, span: Span) -> R<'s, Value<'s>> {
        let args = self.list_arg(call, 3, 4)?;
        let default = match args.get(3) {
            None => None,
            Some(d) => match d.as_map() {
                Some([e]) if e.key == "DefaultValue" => Some(&e.value),
                _ => {
                    return Err(self.bad_args(
                        call,
                        d.span,
                        "the fourth argument must be `{DefaultValue: value}`".to_string(),
                    ));
                }
            },
        };
        let mut keys: Vec<Cow<'s, str>> = Vec::with_capacity(3);
        let mut from = Vec::new();
        for (i, what) in ["the map name", "the top-level key", "the second-level key"]
            .into_iter()
            .enumerate()
        {
            let v = self.resolve(&args[i]);
            let (k, f) = self.want_str(call, v, what)?;
            merge_from(&mut from, &f);
            keys.push(k);
        }
        let Some(map) = self.mappings.get(keys[0].as_ref()).copied() else {
            let names: Vec<&str> = self.mappings.keys().copied().collect();
            return Err(self.unresolved(args[0].span, "mapping", &keys[0], &names));
        };
        let found = map.get(&keys[1]).map(|top| (top, top.get(&keys[2])));
        let value_node = match found {
            Some((_, Some(v))) => v,
            missing => {
                if let Some(d) = default {
                    let v = self.resolve(d);
                    return Ok(Value { span, ..v }.with(Provenance::Mapping {
                        name: keys[0].clone(),
                    }));
                }
                let (at, key, level) = match missing {
                    None => (&args[1], &keys[1], "top-level key"),
                    Some(_) => (&args[2], &keys[2], "second-level key"),
                };
                let mut p = Problem::error(
                    ProblemKind::UnresolvedName,
                    at.span,
                    format!("mapping `{}` has no {level} `{key}`", keys[0]),
                )
                .with_related(map.span, "the mapping");
                let candidates: Vec<&str> = match missing {
                    None => map
                        .as_map()
                        .unwrap_or(&[])
                        .iter()
                        .map(|e| e.key.as_ref())
                        .collect(),
                    Some((top, _)) => top
                        .as_map()
                        .unwrap_or(&[])
                        .iter()
                        .map(|e| e.key.as_ref())
                        .collect(),
                };
                if let Some(c) = closest(key, &candidates) {
                    p = p.with_help(format!("did you mean `{c}`?"));
                }
                self.problems.push(p);
                return Ok(Value::invalid(span));
            }
        };
        let mut v = self.resolve(value_node);
        v.span = span;
        let mut all = vec![Provenance::Mapping {
            name: keys[0].clone(),
        }];
        merge_from(&mut all, &from);
        merge_from(&mut all, &v.from);
        v.from = all;
        Ok(v)
    }

    fn if_(&mut self, call: &'t FnCall<'s>, span: Span) -> R<'s, Value<'s>> {
        let args = self.list_arg(call, 3, 3)?;
        let name = self.literal_name(call, &args[0], "the condition")?;
        match self.condition(name, args[0].span) {
            Some(b) => {
                let branch = &args[if b { 1 } else { 2 }];
                let v = self.resolve(branch);
                if v.kind == ValueKind::NoValue {
                    return Ok(v);
                }
                Ok(v.with(Provenance::Condition {
                    name: self.source_str(args[0].span, name),
                    value: b,
                }))
            }
            None => Ok(Value::unknown(
                span,
                Reason::Condition {
                    name: self.source_str(args[0].span, name),
                },
            )),
        }
    }

    // ----- conditions ------------------------------------------------------

    /// The value of named condition `name`, referred to at `at`; `None`
    /// when it depends on something unknown (or is broken, reported).
    pub fn condition(&mut self, name: &str, at: Span) -> Option<bool> {
        let Some(&i) = self.conditions.get(name) else {
            let names: Vec<&str> = self.conditions.keys().copied().collect();
            self.unresolved(at, "condition", name, &names);
            return None;
        };
        match self.condition_state[i] {
            CondState::Done(v) => v,
            CondState::InProgress => {
                let (cname, cspan, _) = self.condition_nodes[i];
                self.problems.push(
                    Problem::error(
                        ProblemKind::Cycle,
                        at,
                        format!("condition `{cname}` depends on itself"),
                    )
                    .with_related(cspan, "the condition"),
                );
                self.condition_state[i] = CondState::Done(None);
                None
            }
            CondState::Todo => {
                self.condition_state[i] = CondState::InProgress;
                let node = self.condition_nodes[i].2;
                let was = std::mem::replace(&mut self.in_conditions, true);
                let v = self.condition_expr(node);
                self.in_conditions = was;
                // A cycle found below may already have settled this one.
                if self.condition_state[i] == CondState::InProgress {
                    self.condition_state[i] = CondState::Done(v);
                }
                match self.condition_state[i] {
                    CondState::Done(v) => v,
                    _ => None,
                }
            }
        }
    }

    /// Every named condition's value, in declaration order.
    pub fn all_conditions(&mut self) -> Vec<Option<bool>> {
        (0..self.condition_nodes.len())
            .map(|i| {
                let (name, span, _) = self.condition_nodes[i];
                self.condition(name, span)
            })
            .collect()
    }

    /// A condition expression: `Fn::Equals`/`And`/`Or`/`Not` or
    /// `{Condition: Name}`.
    fn condition_expr(&mut self, node: &'t Node<'s>) -> Option<bool> {
        match &node.kind {
            NodeKind::Fn(call)
                if matches!(call.func, Func::Equals | Func::And | Func::Or | Func::Not) =>
            {
                self.condition_expr_node(call)
            }
            NodeKind::Map(entries) if entries.len() == 1 && entries[0].key == "Condition" => {
                let target = &entries[0].value;
                match target.as_scalar() {
                    Some(s) if s.kind != ScalarKind::Null => self.condition(&s.text, target.span),
                    _ => {
                        self.problems.push(Problem::error(
                            ProblemKind::BadArguments,
                            target.span,
                            "`Condition` takes a condition name",
                        ));
                        None
                    }
                }
            }
            _ => {
                self.problems.push(
                    Problem::error(
                        ProblemKind::BadArguments,
                        node.span,
                        format!("expected a condition (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` or `Condition: Name`), found {}", node.describe()),
                    ),
                );
                None
            }
        }
    }

    fn condition_expr_node(&mut self, call: &'t FnCall<'s>) -> Option<bool> {
        match call.func {
            Func::Equals => {
                let args = self.list_arg(call, 2, 2).ok()?;
                let a = self.resolve(&args[0]);
                let b = self.resolve(&args[1]);
                let text = |v: &Value<'_>| -> Option<String> {
                    match &v.kind {
                        ValueKind::Scalar(t, _) => Some(t.to_string()),
                        ValueKind::List(items) => items
                            .iter()
                            .map(|i| i.as_str().map(str::to_string))
                            .collect::<Option<Vec<_>>>()
                            .map(|v| v.join(",")),
                        _ => None,
                    }
                };
                Some(text(&a)? == text(&b)?)
            }
            Func::Not => {
                let args = self.list_arg(call, 1, 1).ok()?;
                self.condition_expr(&args[0]).map(|b| !b)
            }
            Func::And | Func::Or => {
                let args = self.list_arg(call, 2, 10).ok()?;
                let is_and = call.func == Func::And;
                let mut unknown = false;
                let mut decided = false;
                for a in args {
                    // Every operand is evaluated, so errors in each are seen.
                    match self.condition_expr(a) {
                        Some(b) if b != is_and => decided = true,
                        Some(_) => {}
                        None => unknown = true,
                    }
                }
                if decided {
                    Some(!is_and)
                } else if unknown {
                    None
                } else {
                    Some(is_and)
                }
            }
            _ => None,
        }
    }
}

/// `Fn::Cidr` as AWS computes it: `count` consecutive blocks of
/// `cidr_bits` host bits each (a `/32 - cidr_bits` or `/128 - cidr_bits`),
/// starting at the network address of `block`. The error names the
/// argument at fault (0, 1 or 2).
pub fn cidr(block: &str, count: i64, cidr_bits: i64) -> Result<Vec<String>, (usize, String)> {
    let net: ipnet::IpNet = block
        .trim()
        .parse()
        .map_err(|_| (0, format!("`{block}` is not a CIDR block")))?;
    let width: u8 = match net {
        ipnet::IpNet::V4(_) => 32,
        ipnet::IpNet::V6(_) => 128,
    };
    if !(1..=256).contains(&count) {
        return Err((1, format!("count must be between 1 and 256, found {count}")));
    }
    if cidr_bits < 0 || cidr_bits > i64::from(width) {
        return Err((
            2,
            format!("cidrBits must be between 0 and {width}, found {cidr_bits}"),
        ));
    }
    let new_prefix = width - cidr_bits as u8;
    if new_prefix < net.prefix_len() {
        return Err((
            2,
            format!(
                "{cidr_bits} host bits make /{new_prefix} blocks, larger than the /{} being split",
                net.prefix_len()
            ),
        ));
    }
    let available = 1u128
        .checked_shl(u32::from(new_prefix - net.prefix_len()))
        .unwrap_or(u128::MAX);
    if (count as u128) > available {
        return Err((
            1,
            format!(
                "{} holds only {available} blocks of /{new_prefix}, not {count}",
                net.trunc()
            ),
        ));
    }
    let step = 1u128.checked_shl(cidr_bits as u32).unwrap_or(0);
    let mut out = Vec::with_capacity(count as usize);
    match net.trunc() {
        ipnet::IpNet::V4(n) => {
            let base = u128::from(u32::from(n.network()));
            for i in 0..count as u128 {
                let addr = std::net::Ipv4Addr::from((base + i * step) as u32);
                out.push(format!("{addr}/{new_prefix}"));
            }
        }
        ipnet::IpNet::V6(n) => {
            let base = u128::from(n.network());
            for i in 0..count as u128 {
                let addr = std::net::Ipv6Addr::from(base.wrapping_add(i.wrapping_mul(step)));
                out.push(format!("{addr}/{new_prefix}"));
            }
        }
    }
    Ok(out)
}
