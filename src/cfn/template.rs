//! A template's sections, read and resolved into the shape the model
//! mapping will consume: resources with their logical ID, type, condition
//! and resolved properties (each with spans), plus parameters, evaluated
//! conditions, outputs and every unknown value with the resource it
//! affects.
//!
//! Every section is indexed once in a hash map, every resource resolved
//! once, and the dependency cycle check is an iterative Tarjan pass: the
//! whole build is linear in the template, so 100,000 resources cost what
//! 100,000 resources must.

use super::intrinsics::{Pseudo, Resolver};
use super::node::{Node, NodeKind, ScalarKind};
use super::params::{self, GivenParam, Parameter, closest};
use super::problem::{Problem, ProblemKind};
use super::value::{Reason, Value, ValueKind};
use crate::span::Span;
use foldhash::{HashMap, HashMapExt};
use std::borrow::Cow;

/// What the caller tells the reader beyond the template.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--region`, the account and the stack name (pseudo parameters).
    pub pseudo: Pseudo,
    /// Values from `--params FILE` and `--param NAME=VALUE`, in the order
    /// given (a command-line value wins over a file's). Names starting
    /// `AWS::` set pseudo parameters.
    pub params: Vec<GivenParam>,
}

/// A read and resolved template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template<'s> {
    pub format_version: Option<Span>,
    /// `Transform` values: netlint reads the template as written, before
    /// any macro runs.
    pub transforms: Vec<(Cow<'s, str>, Span)>,
    pub parameters: Vec<Parameter<'s>>,
    pub conditions: Vec<ConditionValue<'s>>,
    /// Every well-formed resource, in template order (including those
    /// whose condition is false: see [`Resource::created`]).
    pub resources: Vec<Resource<'s>>,
    pub outputs: Vec<Output<'s>>,
    /// Every unknown value in a resource that will (or may) be created.
    pub unknowns: Vec<UnknownUse<'s>>,
    /// A `Rules` section was present (read, not evaluated).
    pub rules: Option<Span>,
    /// The template's `Description`, when it is text.
    pub description: Option<(Cow<'s, str>, Span)>,
    /// The pseudo parameters in force.
    pub pseudo: Pseudo,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionValue<'s> {
    pub name: Cow<'s, str>,
    pub name_span: Span,
    /// `None` when it depends on an unknown value.
    pub value: Option<bool>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Resource<'s> {
    pub logical_id: Cow<'s, str>,
    pub logical_id_span: Span,
    pub type_: Cow<'s, str>,
    pub type_span: Span,
    /// The whole resource body.
    pub span: Span,
    pub condition: Option<ConditionValue<'s>>,
    /// The resolved `Properties` (a map), if any.
    pub properties: Option<Value<'s>>,
    pub properties_span: Option<Span>,
    /// `Metadata` as written (where a `netlint` allow list will live).
    pub metadata: Option<Node<'s>>,
    pub depends_on: Vec<(Cow<'s, str>, Span)>,
    /// Indices of the resources this one refers to (`Ref`, `Fn::GetAtt`,
    /// `${…}`, `DependsOn`), with where.
    pub references: Vec<(usize, Span)>,
}

impl<'s> Resource<'s> {
    /// Whether the stack creates this resource: `Some(false)` when its
    /// condition is false, `None` when the condition is unknown.
    pub fn created(&self) -> Option<bool> {
        match &self.condition {
            None => Some(true),
            Some(c) => c.value,
        }
    }

    /// A resolved property.
    pub fn property(&self, name: &str) -> Option<&Value<'s>> {
        self.properties.as_ref()?.get(name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Output<'s> {
    pub name: Cow<'s, str>,
    pub name_span: Span,
    pub condition: Option<ConditionValue<'s>>,
    pub value: Value<'s>,
    pub export: Option<Value<'s>>,
}

/// An unknown value inside a resource: which resource, which top-level
/// property, where, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct UnknownUse<'s> {
    pub resource: usize,
    pub property: Option<Cow<'s, str>>,
    pub span: Span,
    pub reasons: Vec<Reason<'s>>,
}

const SECTIONS: [&str; 11] = [
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
    "Hooks",
];

const RESOURCE_KEYS: [&str; 9] = [
    "Type",
    "Properties",
    "Condition",
    "DependsOn",
    "Metadata",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "UpdatePolicy",
    "CreationPolicy",
];

fn structure(span: Span, message: impl Into<String>) -> Problem {
    Problem::error(ProblemKind::Structure, span, message)
}

/// Builds the template from a read tree. Problems are pushed to
/// `problems`; the template is always returned (possibly with fewer
/// resources than written, each omission reported).
pub fn build<'s>(
    src: &'s str,
    root: &Node<'s>,
    options: &Options,
    problems: &mut Vec<Problem>,
) -> Template<'s> {
    let mut pseudo = options.pseudo.clone();
    for g in &options.params {
        match g.name.as_str() {
            "AWS::Region" => pseudo.region = Some(g.value.clone()),
            "AWS::AccountId" => pseudo.account_id = Some(g.value.clone()),
            "AWS::StackName" => pseudo.stack_name = Some(g.value.clone()),
            n if n.starts_with("AWS::") => problems.push(Problem::warning(
                ProblemKind::UnknownParameter,
                Span::new(0, 0),
                format!(
                    "`{n}` cannot be given: only AWS::Region, AWS::AccountId and AWS::StackName can"
                ),
            )),
            _ => {}
        }
    }
    let mut t = Template {
        format_version: None,
        transforms: Vec::new(),
        parameters: Vec::new(),
        conditions: Vec::new(),
        resources: Vec::new(),
        outputs: Vec::new(),
        unknowns: Vec::new(),
        rules: None,
        description: None,
        pseudo,
    };
    let Some(entries) = root.as_map() else {
        problems.push(structure(
            root.span,
            format!(
                "a template is a mapping of sections, not {}",
                root.describe()
            ),
        ));
        return t;
    };
    for e in entries {
        if !SECTIONS.contains(&e.key.as_ref()) {
            let mut p = Problem::warning(
                ProblemKind::Structure,
                e.key_span,
                format!("`{}` is not a template section", e.key),
            );
            if let Some(c) = closest(&e.key, &SECTIONS) {
                p = p.with_help(format!("did you mean `{c}`?"));
            }
            problems.push(p);
        }
    }
    if let Some(v) = root.get("AWSTemplateFormatVersion") {
        t.format_version = Some(v.span);
        if v.as_text() != Some("2010-09-09") {
            problems.push(
                structure(
                    v.span,
                    "`AWSTemplateFormatVersion` must be `2010-09-09`, the only version there is",
                )
                .with_help("write `AWSTemplateFormatVersion: \"2010-09-09\"`"),
            );
        }
    }
    if let Some(tr) = root.get("Transform") {
        let items: Vec<&Node<'s>> = match &tr.kind {
            NodeKind::Seq(items) => items.iter().collect(),
            _ => vec![tr],
        };
        for item in items {
            match item.as_scalar() {
                Some(s) if s.kind == ScalarKind::Str => {
                    t.transforms.push((s.text.clone(), item.span));
                    problems.push(Problem::note(
                        ProblemKind::NotEvaluated,
                        item.span,
                        format!("netlint reads the template as written: the `{}` transform is not applied", s.text),
                    ));
                }
                _ => problems.push(structure(
                    item.span,
                    "a `Transform` is a macro name or a list of them",
                )),
            }
        }
    }
    if let Some(d) = root.get("Description")
        && let Some(sc) = d.as_scalar()
    {
        t.description = Some((sc.text.clone(), d.span));
    }
    if let Some(rules) = root.get("Rules") {
        if rules.as_map().is_none() {
            problems.push(structure(
                rules.span,
                "`Rules` must be a mapping of rule names",
            ));
        }
        t.rules = Some(rules.span);
    }
    t.parameters = params::declare(root.get("Parameters"), &options.params, problems);

    let mut mappings = HashMap::new();
    if let Some(section) = root.get("Mappings") {
        match section.as_map() {
            Some(maps) => {
                for m in maps {
                    if m.value
                        .as_map()
                        .is_none_or(|top| top.iter().any(|k| k.value.as_map().is_none()))
                    {
                        problems.push(structure(
                            m.value.span,
                            format!(
                                "mapping `{}` must be a mapping of keys to mappings of values",
                                m.key
                            ),
                        ));
                    }
                    mappings.insert(m.key.as_ref(), &m.value);
                }
            }
            None => problems.push(structure(section.span, "`Mappings` must be a mapping")),
        }
    }

    let mut conditions = Vec::new();
    if let Some(section) = root.get("Conditions") {
        match section.as_map() {
            Some(cs) => {
                conditions.extend(cs.iter().map(|c| (c.key.as_ref(), c.key_span, &c.value)))
            }
            None => problems.push(structure(
                section.span,
                "`Conditions` must be a mapping of condition names",
            )),
        }
    }

    // Index resources first: a `Ref` may point forward.
    let resource_entries = match root.get("Resources") {
        None => {
            problems.push(
                structure(
                    Span::new(root.span.start, root.span.start),
                    "a template needs a `Resources` section",
                )
                .with_help("CloudFormation rejects a template without resources"),
            );
            &[][..]
        }
        Some(section) => match section.as_map() {
            Some(rs) if !rs.is_empty() => rs,
            Some(_) => {
                problems.push(structure(
                    section.span,
                    "`Resources` is empty: a template needs at least one resource",
                ));
                &[][..]
            }
            None => {
                problems.push(structure(
                    section.span,
                    format!(
                        "`Resources` must be a mapping of logical IDs, not {}",
                        section.describe()
                    ),
                ));
                &[][..]
            }
        },
    };
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(resource_entries.len());
    let mut valid = Vec::with_capacity(resource_entries.len());
    for e in resource_entries {
        let type_ok = e
            .value
            .get("Type")
            .and_then(|ty| ty.as_scalar())
            .is_some_and(|s| s.kind == ScalarKind::Str);
        if type_ok {
            index.insert(e.key.as_ref(), valid.len());
            valid.push(e);
        } else {
            // Broken resources still exist as names, so references to
            // them are not reported a second time.
            index.insert(e.key.as_ref(), usize::MAX);
            if e.value.as_map().is_none() {
                problems.push(structure(
                    e.value.span,
                    format!("resource `{}` must be a mapping with a `Type`", e.key),
                ));
            } else if let Some(ty) = e.value.get("Type") {
                problems.push(structure(
                    ty.span,
                    format!(
                        "the `Type` of `{}` must be a string such as `AWS::EC2::VPC`",
                        e.key
                    ),
                ));
            } else {
                problems.push(
                    structure(e.key_span, format!("resource `{}` has no `Type`", e.key))
                        .with_help("add `Type: AWS::…`"),
                );
            }
        }
    }

    let params_ref = &t.parameters;
    let mut r = Resolver::new(src, params_ref, index, mappings, conditions, &t.pseudo);
    r.index_vpc_blocks(valid.iter().map(|e| &e.value));
    let values = r.all_conditions();
    let mut condition_values = Vec::new();
    if let Some(cs) = root.get("Conditions").and_then(|c| c.as_map()) {
        for (c, v) in cs.iter().zip(&values) {
            condition_values.push(ConditionValue {
                name: c.key.clone(),
                name_span: c.key_span,
                value: *v,
            });
        }
    }

    let mut resources = Vec::with_capacity(valid.len());
    let mut unknowns = Vec::new();
    for e in valid {
        let body = &e.value;
        let ty = body.get("Type").expect("checked");
        let type_ = ty.as_scalar().expect("checked").text.clone();
        if !e.key.bytes().all(|c| c.is_ascii_alphanumeric()) || e.key.is_empty() {
            problems.push(structure(
                e.key_span,
                format!(
                    "logical ID `{}` must contain only letters and digits",
                    e.key
                ),
            ));
        }
        for k in body.as_map().expect("checked") {
            let custom_version = k.key == "Version" && type_.starts_with("Custom::");
            if !(RESOURCE_KEYS.contains(&k.key.as_ref()) || custom_version) {
                let mut p = Problem::warning(
                    ProblemKind::Structure,
                    k.key_span,
                    format!(
                        "`{}` is not a resource attribute (properties go under `Properties`)",
                        k.key
                    ),
                );
                if let Some(c) = closest(&k.key, &RESOURCE_KEYS) {
                    p = p.with_help(format!("did you mean `{c}`?"));
                }
                problems.push(p);
            }
        }
        let condition = body.get("Condition").and_then(|c| match c.as_scalar() {
            Some(s) if s.kind == ScalarKind::Str => Some(ConditionValue {
                name: s.text.clone(),
                name_span: c.span,
                value: r.condition(&s.text, c.span),
            }),
            _ => {
                problems.push(structure(
                    c.span,
                    "a resource's `Condition` is a condition name",
                ));
                None
            }
        });
        let mut depends_on = Vec::new();
        if let Some(d) = body.get("DependsOn") {
            let items: Vec<&Node<'s>> = match &d.kind {
                NodeKind::Seq(items) => items.iter().collect(),
                _ => vec![d],
            };
            for item in items {
                match item.as_scalar() {
                    Some(s) if s.kind == ScalarKind::Str => {
                        depends_on.push((s.text.clone(), item.span))
                    }
                    _ => problems.push(structure(item.span, "`DependsOn` takes logical IDs")),
                }
            }
        }
        let mut references = Vec::new();
        for (name, span) in &depends_on {
            match r.resource_index(name) {
                Some(usize::MAX) => {}
                Some(i) => references.push((i, *span)),
                None => {
                    let names: Vec<&str> =
                        resource_entries.iter().map(|e| e.key.as_ref()).collect();
                    let mut p = Problem::error(
                        ProblemKind::UnresolvedName,
                        *span,
                        format!("`DependsOn` names `{name}`, which is not a resource"),
                    );
                    if let Some(c) = closest(name, &names) {
                        p = p.with_help(format!("did you mean `{c}`?"));
                    }
                    problems.push(p);
                }
            }
        }
        let props_node = body.get("Properties");
        let created = condition.as_ref().is_none_or(|c| c.value != Some(false));
        // CloudFormation evaluates the properties of a resource it does not
        // create only for their shape: computed values (an index past the
        // end of a list of zones the stack does not use) are not errors.
        let before = r.problems.len();
        let properties = props_node.and_then(|p| {
            let v = r.resolve(p);
            match v.kind {
                // `Properties:` with nothing after it: no properties.
                ValueKind::NoValue | ValueKind::Scalar(_, ScalarKind::Null) => None,
                ValueKind::Map(_) | ValueKind::Unknown(_) => Some(v),
                _ => {
                    problems.push(structure(
                        p.span,
                        format!("`Properties` must be a mapping, not {}", p.describe()),
                    ));
                    None
                }
            }
        });
        if !created {
            let tail = r.problems.split_off(before);
            r.problems
                .extend(tail.into_iter().filter(|p| p.kind != ProblemKind::BadValue));
        }
        references.extend(r.take_deps().into_iter().filter(|(i, _)| *i != usize::MAX));
        let resource_index = resources.len();
        if created && let Some(props) = &properties {
            match &props.kind {
                ValueKind::Map(fields) => {
                    let mut found = Vec::new();
                    for f in fields {
                        found.clear();
                        f.value.collect_unknowns(&mut found);
                        for &(span, reasons) in &found {
                            if reasons != [Reason::Invalid] {
                                unknowns.push(UnknownUse {
                                    resource: resource_index,
                                    property: Some(f.key.clone()),
                                    span,
                                    reasons: reasons.to_vec(),
                                });
                            }
                        }
                    }
                }
                ValueKind::Unknown(reasons) if reasons.as_slice() != [Reason::Invalid] => unknowns
                    .push(UnknownUse {
                        resource: resource_index,
                        property: None,
                        span: props.span,
                        reasons: reasons.clone(),
                    }),
                _ => {}
            }
        }
        resources.push(Resource {
            logical_id: e.key.clone(),
            logical_id_span: e.key_span,
            type_,
            type_span: ty.span,
            span: body.span,
            condition,
            properties,
            properties_span: props_node.map(|p| p.span),
            metadata: body.get("Metadata").cloned(),
            depends_on,
            references,
        });
    }

    let mut outputs = Vec::new();
    if let Some(section) = root.get("Outputs") {
        match section.as_map() {
            Some(os) => {
                for o in os {
                    let Some(value_node) = o.value.get("Value") else {
                        problems.push(structure(
                            o.key_span,
                            format!("output `{}` has no `Value`", o.key),
                        ));
                        continue;
                    };
                    let condition = o.value.get("Condition").and_then(|c| {
                        let name = c.as_scalar()?.text.clone();
                        let value = r.condition(&name, c.span);
                        Some(ConditionValue {
                            name,
                            name_span: c.span,
                            value,
                        })
                    });
                    let value = r.resolve(value_node);
                    let export = o
                        .value
                        .get("Export")
                        .and_then(|e| e.get("Name"))
                        .map(|n| r.resolve(n));
                    r.take_deps();
                    outputs.push(Output {
                        name: o.key.clone(),
                        name_span: o.key_span,
                        condition,
                        value,
                        export,
                    });
                }
            }
            None => problems.push(structure(section.span, "`Outputs` must be a mapping")),
        }
    }
    problems.append(&mut r.problems);
    drop(r);

    cycles(&resources, problems);
    t.conditions = condition_values;
    t.resources = resources;
    t.outputs = outputs;
    t.unknowns = unknowns;
    t
}

/// Reports every set of resources that depend on each other in a circle
/// (Tarjan's strongly connected components, iterative so a chain of
/// 100,000 resources needs no deep stack).
fn cycles(resources: &[Resource<'_>], problems: &mut Vec<Problem>) {
    let n = resources.len();
    const UNSEEN: usize = usize::MAX;
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    // (node, index of the next edge to follow)
    let mut work: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        work.push((root, 0));
        order[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            let edges = &resources[v].references;
            if *edge < edges.len() {
                let w = edges[*edge].0;
                *edge += 1;
                if w >= n {
                    continue;
                }
                if order[w] == UNSEEN {
                    order[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                let mut members = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    members.push(w);
                    if w == v {
                        break;
                    }
                }
                let self_loop =
                    members.len() == 1 && resources[v].references.iter().any(|&(w, _)| w == v);
                if members.len() > 1 || self_loop {
                    members.sort_unstable();
                    report_cycle(resources, &members, problems);
                }
            }
        }
    }
}

fn report_cycle(resources: &[Resource<'_>], members: &[usize], problems: &mut Vec<Problem>) {
    let first = &resources[members[0]];
    let names: Vec<String> = members
        .iter()
        .take(6)
        .map(|&i| format!("`{}`", resources[i].logical_id))
        .collect();
    let more = if members.len() > 6 {
        format!(" and {} more", members.len() - 6)
    } else {
        String::new()
    };
    let mut p = Problem::error(
        ProblemKind::Cycle,
        first.logical_id_span,
        if members.len() == 1 {
            format!("resource `{}` refers to itself", first.logical_id)
        } else {
            format!("resources depend on each other in a circle: {}{more}", names.join(", "))
        },
    )
    .with_help("CloudFormation cannot order these; break the circle (for security groups, move a rule into a standalone ingress or egress resource)");
    let inside: std::collections::HashSet<usize> = members.iter().copied().collect();
    for &i in members.iter().take(20) {
        if let Some(&(_, span)) = resources[i]
            .references
            .iter()
            .find(|(w, _)| inside.contains(w))
        {
            p = p.with_related(span, format!("`{}` refers here", resources[i].logical_id));
        }
    }
    problems.push(p);
}
