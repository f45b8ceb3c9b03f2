//! AST → model: bind names across the whole file, type every value, and
//! report E002–E009.
//!
//! Two passes, both linear: the first collects every declared name into a
//! hash map (so a reference may come before its declaration), the second
//! resolves each block against its [`schema`](super::schema) entry. A model
//! is returned only when nothing was wrong; every independent problem is
//! reported either way.

use super::limits::{self, TextLimit};
use super::parse_value as pv;
use super::schema::{self, KINDS, KindSpec};
use super::*;
use crate::catalog::Code;
use crate::diagnostics::Diagnostic;
use crate::suggest;
use crate::syntax::ast::{self, Attribute, Block, Item, Scalar, Value, Word};
use foldhash::HashMap;
use std::fmt;

/// What resolution produced: a model when the file had no errors.
pub struct Resolved {
    pub model: Option<Model>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Block kinds, in the order of [`schema::KINDS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Vpc,
    InternetGateway,
    Subnet,
    RouteTable,
    Eip,
    NatGateway,
    SecurityGroup,
    NetworkAcl,
    Instance,
    Volume,
    LoadBalancer,
    TargetGroup,
    LaunchTemplate,
    AutoScalingGroup,
}

const ALL_KINDS: [Kind; 14] = [
    Kind::Vpc,
    Kind::InternetGateway,
    Kind::Subnet,
    Kind::RouteTable,
    Kind::Eip,
    Kind::NatGateway,
    Kind::SecurityGroup,
    Kind::NetworkAcl,
    Kind::Instance,
    Kind::Volume,
    Kind::LoadBalancer,
    Kind::TargetGroup,
    Kind::LaunchTemplate,
    Kind::AutoScalingGroup,
];

impl Kind {
    pub fn spec(self) -> &'static KindSpec {
        &KINDS[self as usize]
    }
    pub fn name(self) -> &'static str {
        self.spec().kind
    }
}

#[derive(Clone, Copy)]
struct Symbol {
    kind: Kind,
    index: usize,
    name_span: Span,
}

/// Resolve a parsed file.
pub fn resolve(file: &ast::File<'_>) -> Resolved {
    let mut r = Resolver {
        // One symbol per declaration: sized once, never rehashed.
        symbols: HashMap::with_capacity_and_hasher(file.items.len(), Default::default()),
        diags: Vec::new(),
        region: None,
        model: Model::default(),
    };
    r.settings(file);
    let blocks = r.declare(file);
    let mut ok = true;
    for (block, kind) in blocks {
        ok &= r.block(block, kind);
    }
    let model = (ok && r.diags.is_empty()).then_some(r.model);
    Resolved {
        model,
        diagnostics: r.diags,
    }
}

struct Resolver<'a> {
    symbols: HashMap<&'a str, Symbol>,
    diags: Vec<Diagnostic>,
    region: Option<Spanned<String>>,
    model: Model,
}

/// The attributes of one block, grouped by their schema slot: two
/// vectors per block rather than one per slot.
struct Attrs<'b, 'a> {
    spec: &'static KindSpec,
    /// Slot by slot in schema order, in file order within a slot.
    kept: Vec<&'b Attribute<'a>>,
    /// Slot `i` is `kept[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
}

impl<'b, 'a> Attrs<'b, 'a> {
    fn slot(&self, i: usize) -> &[&'b Attribute<'a>] {
        &self.kept[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
    fn one(&self, key: &str) -> Option<&'b Attribute<'a>> {
        self.spec
            .attr(key)
            .and_then(|i| self.slot(i).first().copied())
    }
    fn all(&self, key: &str) -> &[&'b Attribute<'a>] {
        self.spec.attr(key).map_or(&[], |i| self.slot(i))
    }
}

/// A cursor over an attribute's values.
struct Args<'b, 'a> {
    attr: &'b Attribute<'a>,
    pos: usize,
}

impl<'b, 'a> Args<'b, 'a> {
    fn new(attr: &'b Attribute<'a>) -> Self {
        Args { attr, pos: 0 }
    }
    fn next(&mut self) -> Option<&'b Value<'a>> {
        let v = self.attr.values.get(self.pos);
        self.pos += usize::from(v.is_some());
        v
    }
    fn peek_word(&self) -> Option<&'a str> {
        match self.attr.values.get(self.pos) {
            Some(Value::Scalar(Scalar::Word(w))) => Some(w.text),
            _ => None,
        }
    }
    fn rest_span(&self) -> Option<Span> {
        let rest = &self.attr.values[self.pos.min(self.attr.values.len())..];
        Some(rest.first()?.span().to(rest.last()?.span()))
    }
}

fn describe(v: &Value<'_>) -> &'static str {
    match v {
        Value::Scalar(Scalar::Word(_)) => "a word",
        Value::Scalar(Scalar::Str(_)) => "a string",
        Value::List { .. } => "a list",
    }
}

impl<'a> Resolver<'a> {
    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// E004 at `span`.
    fn invalid(&mut self, span: Span, message: String, help: impl Into<String>) {
        let d = Diagnostic::new(Code::E004, span, message)
            .with_label("invalid value")
            .with_help(help);
        self.err(d);
    }

    // ---- pass 0: settings --------------------------------------------------

    fn settings(&mut self, file: &ast::File<'a>) {
        let mut seen: HashMap<&str, Span> = HashMap::default();
        for item in &file.items {
            let Item::Setting(s) = item else { continue };
            if let Some(first) = seen.insert(s.key.text, s.key.span) {
                let d = Diagnostic::new(
                    Code::E009,
                    s.key.span,
                    format!("`{}` is set twice", s.key.text),
                )
                .with_label("set again here")
                .with_secondary(first, "first set here")
                .with_help(format!("keep one `{}` line", s.key.text));
                self.err(d);
                continue;
            }
            if s.broken {
                continue;
            }
            let attr = Attribute {
                key: s.key,
                values: s.values,
                span: s.span,
                broken: false,
            };
            let mut args = Args::new(&attr);
            match s.key.text {
                "region" => {
                    if let Some(w) = self.word(&mut args, "a region name such as `us-east-1`")
                        && let Some(()) = self.typed(
                            w,
                            pv::region_name,
                            "write a region such as `ap-northeast-2`",
                        )
                    {
                        self.region = Some(Spanned::new(w.text.to_string(), w.span));
                    }
                }
                _ => {
                    if let Some(text) =
                        self.string(&mut args, "a string", &limits::TEMPLATE_DESCRIPTION)
                    {
                        self.model.description = Some(text);
                    }
                }
            }
            self.done(
                &args,
                if s.key.text == "region" {
                    "region <name>"
                } else {
                    "description \"<text>\""
                },
            );
        }
        self.model.region = self.region.clone();
    }

    // ---- pass 1: declarations ----------------------------------------------

    fn declare<'b>(&mut self, file: &'b ast::File<'a>) -> Vec<(&'b Block<'a>, Kind)> {
        let mut counts = [0usize; 14];
        let mut blocks = Vec::new();
        for item in &file.items {
            let Item::Block(b) = item else { continue };
            let Some((k, _)) = schema::kind(b.kind.text) else {
                let mut d = Diagnostic::new(
                    Code::E002,
                    b.kind.span,
                    format!("unknown block kind `{}`", b.kind.text),
                )
                .with_label("not a block kind");
                d = match suggest::closest(b.kind.text, KINDS.iter().map(|k| k.kind)) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!(
                        "the kinds are: {}",
                        KINDS.iter().map(|k| k.kind).collect::<Vec<_>>().join(", ")
                    )),
                };
                self.err(d);
                continue;
            };
            let kind = ALL_KINDS[k];
            if let Some(first) = self.symbols.get(b.name.text) {
                let d = Diagnostic::new(
                    Code::E007,
                    b.name.span,
                    format!("the name `{}` is declared twice", b.name.text),
                )
                .with_label("declared again here")
                .with_secondary(
                    first.name_span,
                    format!("first declared here as a {}", first.kind.name()),
                )
                .with_help(
                    "names are unique across the whole file, whatever their kind: rename one",
                );
                self.err(d);
                continue;
            }
            self.symbols.insert(
                b.name.text,
                Symbol {
                    kind,
                    index: counts[k],
                    name_span: b.name.span,
                },
            );
            counts[k] += 1;
            blocks.push((b, kind));
        }
        blocks
    }

    // ---- pass 2: blocks ----------------------------------------------------

    /// Check keys against the schema; group attributes; E003/E008/E009.
    fn attrs<'b>(&mut self, block: &'b Block<'a>, kind: Kind) -> (Attrs<'b, 'a>, bool) {
        let spec = kind.spec();
        // Slots as bits: every kind has far fewer than 64 attributes.
        debug_assert!(spec.attrs.len() <= 64);
        let bit = |i: usize| 1u64 << i;
        let mut tagged: Vec<(usize, &Attribute)> = Vec::with_capacity(block.attributes.len());
        let (mut filled, mut written) = (0u64, 0u64);
        let mut ok = true;
        for attr in block.attributes {
            let Some(i) = spec.attr(attr.key.text) else {
                let mut d = Diagnostic::new(
                    Code::E003,
                    attr.key.span,
                    format!("`{}` has no attribute `{}`", kind.name(), attr.key.text),
                )
                .with_label("unknown attribute");
                d = match suggest::closest(attr.key.text, spec.attrs.iter().map(|a| a.key)) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!(
                        "a {} has: {}",
                        kind.name(),
                        spec.attrs
                            .iter()
                            .map(|a| a.key)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                self.err(d);
                ok = false;
                continue;
            };
            if !spec.attrs[i].repeatable
                && filled & bit(i) != 0
                && let Some(&(_, first)) = tagged.iter().find(|(s, _)| *s == i)
            {
                let d = Diagnostic::new(
                    Code::E009,
                    attr.key.span,
                    format!("`{}` is given twice", attr.key.text),
                )
                .with_label("given again here")
                .with_secondary(first.span, "first given here")
                .with_help(format!(
                    "a {} takes one `{}`: keep one line",
                    kind.name(),
                    attr.key.text
                ));
                self.err(d);
                ok = false;
                continue;
            }
            written |= bit(i);
            if attr.broken {
                // Already reported as a syntax error; keep it out of typing
                // so it does not cascade into E004s.
                ok = false;
                continue;
            }
            filled |= bit(i);
            tagged.push((i, attr));
        }
        let header = block.kind.span.to(block.name.span);
        for (i, a) in spec.attrs.iter().enumerate() {
            if a.required && written & bit(i) == 0 {
                let d = Diagnostic::new(
                    Code::E008,
                    header,
                    format!("{} `{}` has no `{}`", kind.name(), block.name.text, a.key),
                )
                .with_label(format!("missing `{}`", a.key))
                .with_help(format!("add `{} {}`", a.key, a.shape));
                self.err(d);
                ok = false;
            }
        }
        // Stable: within a slot, file order stays.
        tagged.sort_by_key(|&(i, _)| i);
        let mut starts = Vec::with_capacity(spec.attrs.len() + 1);
        let mut at = 0;
        for i in 0..=spec.attrs.len() {
            while tagged.get(at).is_some_and(|&(s, _)| s < i) {
                at += 1;
            }
            starts.push(at as u32);
        }
        let kept = tagged.into_iter().map(|(_, a)| a).collect();
        (Attrs { spec, kept, starts }, ok)
    }

    fn decl(&self, block: &Block<'a>) -> Decl {
        Decl {
            name: block.name.text.to_string(),
            name_span: block.name.span,
            kind_span: block.kind.span,
            span: block.span,
        }
    }

    /// Resolve one block and store it. Returns false when it had errors.
    fn block(&mut self, block: &Block<'a>, kind: Kind) -> bool {
        let before = self.diags.len();
        let (attrs, ok) = self.attrs(block, kind);
        if !ok {
            // Still type the attributes that are present, so that every
            // independent value error is reported in this run.
            self.resolve_kind(block, kind, &attrs);
            return false;
        }
        self.resolve_kind(block, kind, &attrs) && self.diags.len() == before
    }

    fn resolve_kind(&mut self, block: &Block<'a>, kind: Kind, a: &Attrs<'_, 'a>) -> bool {
        let decl = self.decl(block);
        macro_rules! push {
            ($field:ident, $variant:ident, $value:expr) => {{
                match $value {
                    Some(v) => {
                        let id = Id::new(self.model.$field.len());
                        self.model.$field.push(v);
                        self.model.order.push(ResourceId::$variant(id));
                        true
                    }
                    None => false,
                }
            }};
        }
        match kind {
            Kind::Vpc => push!(vpcs, Vpc, self.vpc(decl, a)),
            Kind::InternetGateway => push!(internet_gateways, InternetGateway, self.igw(decl, a)),
            Kind::Subnet => push!(subnets, Subnet, self.subnet(decl, a)),
            Kind::RouteTable => push!(route_tables, RouteTable, self.route_table(decl, a)),
            Kind::Eip => push!(eips, Eip, self.eip(decl, a)),
            Kind::NatGateway => push!(nat_gateways, NatGateway, self.nat(decl, a)),
            Kind::SecurityGroup => {
                push!(security_groups, SecurityGroup, self.security_group(decl, a))
            }
            Kind::NetworkAcl => push!(network_acls, NetworkAcl, self.network_acl(decl, a)),
            Kind::Instance => push!(instances, Instance, self.instance(decl, a)),
            Kind::Volume => push!(volumes, Volume, self.volume(decl, a)),
            Kind::LoadBalancer => push!(load_balancers, LoadBalancer, self.load_balancer(decl, a)),
            Kind::TargetGroup => push!(target_groups, TargetGroup, self.target_group(decl, a)),
            Kind::LaunchTemplate => push!(
                launch_templates,
                LaunchTemplate,
                self.launch_template(decl, a)
            ),
            Kind::AutoScalingGroup => {
                push!(auto_scaling_groups, AutoScalingGroup, self.asg(decl, a))
            }
        }
    }

    /// Every occurrence of a repeatable attribute, each resolved by `f`;
    /// `None` if any failed (all are tried, so every error is reported).
    fn repeated<T>(
        &mut self,
        a: &Attrs<'_, 'a>,
        key: &str,
        mut f: impl FnMut(&mut Self, &Attribute<'a>) -> Option<T>,
    ) -> Option<Vec<T>> {
        let mut ok = true;
        let mut out = Vec::new();
        for attr in a.all(key) {
            match f(self, attr) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    // ---- value readers -----------------------------------------------------

    /// The next value as a single word, or E004.
    fn word(
        &mut self,
        args: &mut Args<'_, 'a>,
        what: impl fmt::Display + Copy,
    ) -> Option<Word<'a>> {
        let key = args.attr.key;
        match args.next() {
            Some(Value::Scalar(Scalar::Word(w))) => Some(*w),
            Some(v) => {
                let span = v.span();
                self.invalid(
                    span,
                    format!("`{}` expects {what}, found {}", key.text, describe(v)),
                    format!("write {what}"),
                );
                None
            }
            None => {
                let span = args.attr.span;
                self.invalid(
                    span,
                    format!("`{}` is missing {what}", key.text),
                    format!("write {what} after `{}`", key.text),
                );
                None
            }
        }
    }

    /// The next value as a string within `limit` (what AWS accepts), or
    /// E004.
    fn string(
        &mut self,
        args: &mut Args<'_, 'a>,
        what: impl fmt::Display + Copy,
        limit: &TextLimit,
    ) -> Option<Spanned<String>> {
        let key = args.attr.key;
        match args.next() {
            Some(Value::Scalar(Scalar::Str(s))) => {
                self.within(limits::check_str(limit, s))?;
                Some(Spanned::new(s.value().into_owned(), s.span))
            }
            Some(v) => {
                let span = v.span();
                self.invalid(
                    span,
                    format!(
                        "`{}` expects {what} in double quotes, found {}",
                        key.text,
                        describe(v)
                    ),
                    "put the text in double quotes: \"…\"",
                );
                None
            }
            None => {
                let span = args.attr.span;
                self.invalid(
                    span,
                    format!("`{}` is missing {what}", key.text),
                    "write \"…\" after the key",
                );
                None
            }
        }
    }

    /// Report what a limit check found; `None` if it found anything.
    fn within(&mut self, found: Vec<Diagnostic>) -> Option<()> {
        let ok = found.is_empty();
        self.diags.extend(found);
        ok.then_some(())
    }

    /// A word within `limit`, or E004.
    fn limited_word(&mut self, limit: &TextLimit, w: Word<'a>) -> Option<()> {
        self.within(limits::check_word(limit, w.text, w.span))
    }

    /// The next value as a list of words (a single word is a list of one).
    fn words(
        &mut self,
        args: &mut Args<'_, 'a>,
        what: impl fmt::Display + Copy,
    ) -> Option<Vec<Word<'a>>> {
        let key = args.attr.key;
        let scalars: Vec<&Scalar> = match args.next() {
            Some(Value::Scalar(s)) => vec![s],
            Some(Value::List { items, .. }) => items.iter().collect(),
            None => {
                let span = args.attr.span;
                self.invalid(
                    span,
                    format!("`{}` is missing {what}", key.text),
                    format!("write {what}, separated by commas"),
                );
                return None;
            }
        };
        let mut out = Vec::with_capacity(scalars.len());
        for s in scalars {
            match s {
                Scalar::Word(w) => out.push(*w),
                Scalar::Str(st) => {
                    self.invalid(
                        st.span,
                        format!("`{}` expects {what}, found a string", key.text),
                        "write names without quotes",
                    );
                    return None;
                }
            }
        }
        Some(out)
    }

    /// Report values left over after an attribute was read.
    fn done(&mut self, args: &Args<'_, 'a>, shape: impl fmt::Display) -> bool {
        match args.rest_span() {
            Some(span) if args.pos < args.attr.values.len() => {
                let d = Diagnostic::new(
                    Code::E004,
                    span,
                    format!("unexpected value after `{}`", args.attr.key.text),
                )
                .with_label("not expected here")
                .with_help(format!("the form is `{shape}`"));
                self.err(d);
                false
            }
            _ => true,
        }
    }

    /// Type a word with a value parser, reporting E004 with `help`.
    fn typed<T>(
        &mut self,
        w: Word<'a>,
        f: impl FnOnce(&str) -> pv::ValueResult<T>,
        help: impl fmt::Display,
    ) -> Option<T> {
        match f(w.text) {
            Ok(v) => Some(v),
            Err(msg) => {
                self.invalid(w.span, msg, help.to_string());
                None
            }
        }
    }

    /// Read a whole single-value attribute with a value parser.
    fn single<T>(
        &mut self,
        attr: &Attribute<'a>,
        f: impl FnOnce(&str) -> pv::ValueResult<T>,
        what: &str,
        shape: &str,
    ) -> Option<Spanned<T>> {
        let mut args = Args::new(attr);
        let w = self.word(&mut args, what)?;
        let v = self.typed(w, f, format_args!("write `{} {shape}`", attr.key.text));
        let done = self.done(&args, format_args!("{} {shape}", attr.key.text));
        Some(Spanned::new(v?, w.span)).filter(|_| done)
    }

    fn opt_single<T>(
        &mut self,
        a: &Attrs<'_, 'a>,
        key: &str,
        f: impl FnOnce(&str) -> pv::ValueResult<T>,
        what: &str,
        shape: &str,
    ) -> Result<Option<Spanned<T>>, ()> {
        match a.one(key) {
            None => Ok(None),
            Some(attr) => self.single(attr, f, what, shape).map(Some).ok_or(()),
        }
    }

    fn keyword<T: Copy>(&mut self, w: Word<'a>, options: &[(&str, T)]) -> Option<T> {
        if let Some((_, v)) = options.iter().find(|(k, _)| *k == w.text) {
            return Some(*v);
        }
        let names: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
        let mut d = Diagnostic::new(
            Code::E004,
            w.span,
            format!("expected {}, found `{}`", one_of(&names), w.text),
        )
        .with_label("invalid value");
        d = match suggest::closest(w.text, names.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!("write {}", one_of(&names))),
        };
        self.err(d);
        None
    }

    fn opt_keyword<T: Copy>(
        &mut self,
        a: &Attrs<'_, 'a>,
        key: &str,
        options: &[(&str, T)],
    ) -> Result<Option<Spanned<T>>, ()> {
        let Some(attr) = a.one(key) else {
            return Ok(None);
        };
        let mut args = Args::new(attr);
        let w = self.word(&mut args, OneOf(options)).ok_or(())?;
        let v = self.keyword(w, options);
        let done = self.done(&args, format_args!("{key} {}", Alternatives(options)));
        match v {
            Some(v) if done => Ok(Some(Spanned::new(v, w.span))),
            _ => Err(()),
        }
    }

    fn opt_bool(&mut self, a: &Attrs<'_, 'a>, key: &str) -> Result<Option<Spanned<bool>>, ()> {
        self.opt_keyword(a, key, &[("on", true), ("off", false)])
    }

    // ---- references --------------------------------------------------------

    fn reference<T>(&mut self, w: Word<'a>, expected: Kind) -> Option<Spanned<Id<T>>> {
        match self.symbols.get(w.text).copied() {
            Some(sym) if sym.kind == expected => Some(Spanned::new(Id::new(sym.index), w.span)),
            Some(sym) => {
                let mut d = Diagnostic::new(
                    Code::E006,
                    w.span,
                    format!(
                        "`{}` is {}, but {} is needed here",
                        w.text,
                        article(sym.kind.name()),
                        article(expected.name())
                    ),
                )
                .with_label(format!("expected {}", article(expected.name())))
                .with_secondary(
                    sym.name_span,
                    format!(
                        "`{}` is declared here as {}",
                        w.text,
                        article(sym.kind.name())
                    ),
                );
                d = match self.names_of(expected).first() {
                    Some(_) => {
                        let names = self.names_of(expected);
                        let hint =
                            suggest::closest(w.text, names.iter().copied()).unwrap_or(names[0]);
                        d.with_help(format!("did you mean the {} `{hint}`?", expected.name()))
                    }
                    None => d.with_help(format!(
                        "declare {} and name it here",
                        article(expected.name())
                    )),
                };
                self.err(d);
                None
            }
            None => {
                let mut d = Diagnostic::new(
                    Code::E005,
                    w.span,
                    format!("unknown {} `{}`", expected.name(), w.text),
                )
                .with_label("not declared anywhere in this file");
                let names = self.names_of(expected);
                d = match suggest::closest(w.text, names.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None if names.is_empty() => d.with_help(format!(
                        "declare it: `{} {} {{ … }}`",
                        expected.name(),
                        w.text
                    )),
                    None => d.with_help(format!(
                        "the {}s in this file: {}",
                        expected.name(),
                        names.join(", ")
                    )),
                };
                self.err(d);
                None
            }
        }
    }

    /// Names declared with a kind, sorted (only computed for error messages).
    fn names_of(&self, kind: Kind) -> Vec<&'a str> {
        let mut v: Vec<(usize, &'a str)> = self
            .symbols
            .iter()
            .filter(|(_, s)| s.kind == kind)
            .map(|(n, s)| (s.index, *n))
            .collect();
        v.sort();
        v.into_iter().map(|(_, n)| n).collect()
    }

    fn ref_attr<T>(&mut self, attr: &Attribute<'a>, kind: Kind) -> Option<Spanned<Id<T>>> {
        let mut args = Args::new(attr);
        let w = self.word(
            &mut args,
            format_args!("the name of {}", Article(kind.name())),
        )?;
        let r = self.reference(w, kind);
        let done = self.done(&args, format_args!("{} <{}>", attr.key.text, kind.name()));
        r.filter(|_| done)
    }

    fn req_ref<T>(&mut self, a: &Attrs<'_, 'a>, key: &str, kind: Kind) -> Option<Spanned<Id<T>>> {
        self.ref_attr(a.one(key)?, kind)
    }

    fn opt_ref<T>(
        &mut self,
        a: &Attrs<'_, 'a>,
        key: &str,
        kind: Kind,
    ) -> Result<Option<Spanned<Id<T>>>, ()> {
        match a.one(key) {
            None => Ok(None),
            Some(attr) => self.ref_attr(attr, kind).map(Some).ok_or(()),
        }
    }

    fn ref_list<T>(&mut self, a: &Attrs<'_, 'a>, key: &str, kind: Kind) -> Result<List<Id<T>>, ()> {
        let Some(attr) = a.one(key) else {
            return Ok(List::default());
        };
        let mut args = Args::new(attr);
        let words = self
            .words(&mut args, format_args!("{} names", kind.name()))
            .ok_or(())?;
        let mut items = Vec::with_capacity(words.len());
        let mut ok = true;
        for w in words {
            match self.reference(w, kind) {
                Some(r) => items.push(r),
                None => ok = false,
            }
        }
        ok &= self.done(&args, format_args!("{key} <{}>, …", kind.name()));
        if ok {
            Ok(List {
                items,
                span: Some(attr.span),
            })
        } else {
            Err(())
        }
    }

    // ---- shared value shapes ------------------------------------------------

    fn req_cidr(&mut self, a: &Attrs<'_, 'a>) -> Option<Spanned<IpNet>> {
        self.single(a.one("cidr")?, pv::cidr, "a CIDR block", "<cidr>")
    }

    fn zone_value(&mut self, attr: &Attribute<'a>) -> Option<Spanned<Zone>> {
        let z = self.single(attr, pv::zone, "a zone", "<zone>")?;
        if let (Zone::Named { region, .. }, Some(r)) = (&z.node, &self.region)
            && region != &r.node
        {
            let d = Diagnostic::new(
                Code::E004,
                z.span,
                format!("zone `{}` is not in region {}", z.node, r.node),
            )
            .with_label(format!("a zone of {region}"))
            .with_secondary(r.span, "the file's region")
            .with_help(format!(
                "write `zone {}` (the letter alone deploys in the stack's region)",
                z.node.letter()
            ));
            self.err(d);
            return None;
        }
        Some(z)
    }

    fn ami_attr(&mut self, a: &Attrs<'_, 'a>) -> Option<Spanned<Ami>> {
        let ami = self.single(a.one("ami")?, pv::ami, "an AMI", "ami-<hex>|ssm:<path>")?;
        if let Ami::Ssm(path) = &ami.node {
            let span = Span::new(ami.span.end - path.len() as u32, ami.span.end);
            self.within(limits::check_word(&limits::SSM_PARAMETER, path, span))?;
        }
        Some(ami)
    }

    fn instance_type_attr(&mut self, a: &Attrs<'_, 'a>) -> Option<Spanned<String>> {
        let attr = a.one("type")?;
        self.single(
            attr,
            |w| pv::instance_type(w).map(|()| w.to_string()),
            "an instance type",
            "<family.size>",
        )
    }

    fn key_pair(&mut self, a: &Attrs<'_, 'a>) -> Result<Option<Spanned<String>>, ()> {
        match self.opt_single(
            a,
            "key-pair",
            |w| Ok(w.to_string()),
            "a key pair name",
            "<name>",
        )? {
            Some(k) => {
                let found = limits::check_word(&limits::KEY_PAIR, &k.node, k.span);
                self.within(found).ok_or(())?;
                Ok(Some(k))
            }
            None => Ok(None),
        }
    }

    fn opt_string(
        &mut self,
        a: &Attrs<'_, 'a>,
        key: &str,
        what: &str,
        limit: &TextLimit,
    ) -> Result<Option<Spanned<String>>, ()> {
        let Some(attr) = a.one(key) else {
            return Ok(None);
        };
        let mut args = Args::new(attr);
        let s = self.string(&mut args, what, limit);
        let done = self.done(&args, format_args!("{key} \"…\""));
        match s {
            Some(s) if done => Ok(Some(s)),
            _ => Err(()),
        }
    }

    fn role(&mut self, a: &Attrs<'_, 'a>) -> Result<Option<Span>, ()> {
        Ok(self
            .opt_keyword(a, "role", &[("bastion", ())])?
            .map(|_| a.one("role").map_or(Span::default(), |r| r.span)))
    }

    fn imds(&mut self, a: &Attrs<'_, 'a>) -> Result<Option<Spanned<Imds>>, ()> {
        self.opt_keyword(a, "imds", &[("v1", Imds::V1), ("v2", Imds::V2)])
    }

    fn root_volume(&mut self, a: &Attrs<'_, 'a>) -> Result<Option<Spanned<RootVolume>>, ()> {
        let Some(attr) = a.one("root-volume") else {
            return Ok(None);
        };
        let mut args = Args::new(attr);
        let w = self.word(&mut args, "a size such as `20GiB`").ok_or(())?;
        let size = self.typed(w, pv::size_gib, "write a size such as `20GiB`");
        let mut volume_type = None;
        if args.peek_word().is_some() {
            let t = self.word(&mut args, "a volume type").ok_or(())?;
            volume_type = Some(Spanned::new(self.volume_type(t).ok_or(())?, t.span));
        }
        let done = self.done(&args, "root-volume <size> [<volume-type>]");
        match size {
            Some(s) if done => Ok(Some(Spanned::new(
                RootVolume {
                    size_gib: Spanned::new(s, w.span),
                    volume_type,
                },
                attr.span,
            ))),
            _ => Err(()),
        }
    }

    fn volume_type(&mut self, w: Word<'a>) -> Option<VolumeType> {
        self.keyword(
            w,
            &[
                ("gp2", VolumeType::Gp2),
                ("gp3", VolumeType::Gp3),
                ("io1", VolumeType::Io1),
                ("io2", VolumeType::Io2),
                ("st1", VolumeType::St1),
                ("sc1", VolumeType::Sc1),
                ("standard", VolumeType::Standard),
            ],
        )
    }

    fn protocol_and_ports(
        &mut self,
        args: &mut Args<'_, 'a>,
        stop: &str,
    ) -> Option<(Spanned<Protocol>, Option<Spanned<PortRange>>)> {
        let pw = self.word(args, "a protocol (tcp, udp, icmp, icmpv6, all)")?;
        let protocol = self.typed(pw, pv::protocol, "write tcp, udp, icmp, icmpv6 or all")?;
        let protocol = Spanned::new(protocol, pw.span);
        let has_ports = args.peek_word().is_some_and(|w| w != stop);
        let ports = if has_ports {
            let w = self.word(args, "ports")?;
            match protocol.node {
                Protocol::All => {
                    self.invalid(
                        w.span,
                        "protocol `all` takes no ports".into(),
                        "remove the ports, or name tcp or udp",
                    );
                    return None;
                }
                Protocol::Icmp | Protocol::Icmpv6 => {
                    let t = self.typed(
                        w,
                        |s| pv::count(s, 0, 255),
                        "write an ICMP type number (0..255), or nothing for all types",
                    )?;
                    Some(Spanned::new(PortRange::single(t as u16), w.span))
                }
                _ => Some(Spanned::new(
                    self.typed(
                        w,
                        pv::port_range,
                        "write a port (`22`) or a range (`1024-65535`)",
                    )?,
                    w.span,
                )),
            }
        } else {
            if protocol.node.has_ports() {
                self.invalid(
                    pw.span,
                    format!("`{}` needs a port or a port range", protocol.node),
                    format!(
                        "write e.g. `{} 443` or `{} 1024-65535`",
                        protocol.node, protocol.node
                    ),
                );
                return None;
            }
            None
        };
        Some((protocol, ports))
    }

    fn expect_keyword(
        &mut self,
        args: &mut Args<'_, 'a>,
        kw: &str,
        shape: &str,
    ) -> Option<Word<'a>> {
        let w = self.word(args, format_args!("`{kw}`"))?;
        if w.text == kw {
            Some(w)
        } else {
            self.invalid(
                w.span,
                format!("expected `{kw}`, found `{}`", w.text),
                format!("the form is `{shape}`"),
            );
            None
        }
    }

    // ---- kinds -------------------------------------------------------------

    fn vpc(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<Vpc> {
        let cidr = self.req_cidr(a);
        let ipv6 = self.opt_bool(a, "ipv6");
        let dns = self.opt_bool(a, "dns");
        if let Some(c) = &cidr
            && matches!(c.node, IpNet::V6(_))
        {
            self.invalid(c.span, "a VPC's primary block must be IPv4".into(), "write an IPv4 block such as 10.0.0.0/16; `ipv6 on` adds an Amazon-provided IPv6 /56");
            return None;
        }
        Some(Vpc {
            decl,
            cidr: cidr?,
            ipv6: ipv6.ok()?,
            dns: dns.ok()?,
        })
    }

    fn igw(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<InternetGateway> {
        Some(InternetGateway {
            decl,
            vpc: self.req_ref(a, "vpc", Kind::Vpc)?,
        })
    }

    fn subnet(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<Subnet> {
        let vpc = self.req_ref(a, "vpc", Kind::Vpc);
        let cidr = self.req_cidr(a);
        let zone = a.one("zone").and_then(|z| self.zone_value(z));
        let public_ip = self.opt_bool(a, "public-ip");
        if let Some(c) = &cidr
            && matches!(c.node, IpNet::V6(_))
        {
            self.invalid(
                c.span,
                "a subnet's `cidr` is its IPv4 block".into(),
                "write an IPv4 block inside the VPC's CIDR",
            );
            return None;
        }
        Some(Subnet {
            decl,
            vpc: vpc?,
            cidr: cidr?,
            zone: zone?,
            public_ip: public_ip.ok()?,
        })
    }

    fn route_table(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<RouteTable> {
        let vpc = self.req_ref(a, "vpc", Kind::Vpc);
        let subnets = self.ref_list(a, "subnets", Kind::Subnet);
        let routes = self.repeated(a, "route", |r, attr| r.route(attr));
        Some(RouteTable {
            decl,
            vpc: vpc?,
            subnets: subnets.ok()?,
            routes: routes?,
        })
    }

    fn route(&mut self, attr: &Attribute<'a>) -> Option<Route> {
        const SHAPE: &str = "route <cidr> -> <internet-gateway|nat-gateway>";
        let mut args = Args::new(attr);
        let dw = self.word(&mut args, "a destination CIDR")?;
        let destination = self.typed(dw, pv::cidr, "write a destination such as 0.0.0.0/0")?;
        self.expect_keyword(&mut args, "->", SHAPE)?;
        let tw = self.word(&mut args, "an internet gateway or NAT gateway")?;
        let target = match self.symbols.get(tw.text).map(|s| s.kind) {
            Some(Kind::InternetGateway) => {
                RouteTarget::Igw(self.reference(tw, Kind::InternetGateway)?.node)
            }
            Some(Kind::NatGateway) => RouteTarget::Nat(self.reference(tw, Kind::NatGateway)?.node),
            Some(_) => {
                // E006 naming what is allowed.
                self.reference::<InternetGateway>(tw, Kind::InternetGateway);
                if let Some(d) = self.diags.last_mut() {
                    d.message = format!(
                        "a route's target must be an internet gateway or a NAT gateway; `{}` is not",
                        tw.text
                    );
                }
                return None;
            }
            None => {
                let mut names = self.names_of(Kind::InternetGateway);
                names.extend(self.names_of(Kind::NatGateway));
                let mut d = Diagnostic::new(
                    Code::E005,
                    tw.span,
                    format!("unknown gateway `{}`", tw.text),
                )
                .with_label("not declared anywhere in this file");
                d = match suggest::closest(tw.text, names.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => {
                        d.with_help("declare an internet-gateway or nat-gateway with this name")
                    }
                };
                self.err(d);
                return None;
            }
        };
        self.done(&args, SHAPE).then_some(Route {
            destination: Spanned::new(destination, dw.span),
            target: Spanned::new(target, tw.span),
            span: attr.span,
        })
    }

    fn eip(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<Eip> {
        Some(Eip {
            decl,
            instance: self.opt_ref(a, "instance", Kind::Instance).ok()?,
        })
    }

    fn nat(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<NatGateway> {
        let subnet = self.req_ref(a, "subnet", Kind::Subnet);
        let eip = self.opt_ref(a, "eip", Kind::Eip);
        let connectivity = self.opt_keyword(
            a,
            "connectivity",
            &[
                ("public", Connectivity::Public),
                ("private", Connectivity::Private),
            ],
        );
        Some(NatGateway {
            decl,
            subnet: subnet?,
            eip: eip.ok()?,
            connectivity: connectivity.ok()?,
        })
    }

    fn security_group(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<SecurityGroup> {
        let vpc = self.req_ref(a, "vpc", Kind::Vpc);
        let description =
            self.opt_string(a, "description", "a description", &limits::SG_DESCRIPTION);
        let ingress = self.repeated(a, "ingress", |r, attr| r.sg_rule(attr, Direction::In));
        let egress = self.repeated(a, "egress", |r, attr| r.sg_rule(attr, Direction::Out));
        Some(SecurityGroup {
            decl,
            vpc: vpc?,
            description: description.ok()?,
            ingress: ingress?,
            egress: egress?,
        })
    }

    fn sg_rule(&mut self, attr: &Attribute<'a>, direction: Direction) -> Option<SgRule> {
        let (kw, shape) = match direction {
            Direction::In => (
                "from",
                "ingress [allow|deny] <protocol> [<ports>] from <cidr|security-group|self>",
            ),
            Direction::Out => (
                "to",
                "egress [allow|deny] <protocol> [<ports>] to <cidr|security-group|self>",
            ),
        };
        let mut args = Args::new(attr);
        let action = match args.peek_word() {
            Some("allow") | Some("deny") => {
                let w = self.word(&mut args, "allow or deny")?;
                Spanned::new(
                    if w.text == "deny" {
                        Action::Deny
                    } else {
                        Action::Allow
                    },
                    w.span,
                )
            }
            _ => Spanned::new(Action::Allow, attr.key.span),
        };
        let (protocol, ports) = self.protocol_and_ports(&mut args, kw)?;
        self.expect_keyword(&mut args, kw, shape)?;
        let pw = self.word(&mut args, "a CIDR, a security group or `self`")?;
        let peer = if pw.text == "self" {
            Peer::SelfGroup
        } else if pv::looks_like_cidr(pw.text) {
            Peer::Cidr(self.typed(
                pw,
                pv::cidr,
                "write a CIDR such as 10.0.0.0/16, a security group name, or `self`",
            )?)
        } else {
            Peer::Group(self.reference(pw, Kind::SecurityGroup)?.node)
        };
        self.done(&args, shape).then_some(SgRule {
            direction,
            action,
            protocol,
            ports,
            peer: Spanned::new(peer, pw.span),
            span: attr.span,
        })
    }

    fn network_acl(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<NetworkAcl> {
        let vpc = self.req_ref(a, "vpc", Kind::Vpc);
        let subnets = self.ref_list(a, "subnets", Kind::Subnet);
        let inbound = self.repeated(a, "inbound", |r, attr| r.acl_rule(attr, Direction::In));
        let outbound = self.repeated(a, "outbound", |r, attr| r.acl_rule(attr, Direction::Out));
        Some(NetworkAcl {
            decl,
            vpc: vpc?,
            subnets: subnets.ok()?,
            inbound: inbound?,
            outbound: outbound?,
        })
    }

    fn acl_rule(&mut self, attr: &Attribute<'a>, direction: Direction) -> Option<AclRule> {
        let (kw, shape) = match direction {
            Direction::In => (
                "from",
                "inbound <number> allow|deny <protocol> [<ports>] from <cidr>",
            ),
            Direction::Out => (
                "to",
                "outbound <number> allow|deny <protocol> [<ports>] to <cidr>",
            ),
        };
        let mut args = Args::new(attr);
        let nw = self.word(&mut args, "a rule number")?;
        let number = self.typed(
            nw,
            |s| pv::count(s, 0, u64::from(u32::MAX)),
            "write a rule number between 1 and 32766",
        )? as u32;
        let aw = self.word(&mut args, "`allow` or `deny`")?;
        let action = self.keyword(aw, &[("allow", Action::Allow), ("deny", Action::Deny)])?;
        let (protocol, ports) = self.protocol_and_ports(&mut args, kw)?;
        self.expect_keyword(&mut args, kw, shape)?;
        let cw = self.word(&mut args, "a CIDR block")?;
        let cidr = self.typed(cw, pv::cidr, "network ACL rules match CIDR blocks, e.g. 0.0.0.0/0 (security groups cannot be named here)")?;
        self.done(&args, shape).then_some(AclRule {
            direction,
            number: Spanned::new(number, nw.span),
            action: Spanned::new(action, aw.span),
            protocol,
            ports,
            cidr: Spanned::new(cidr, cw.span),
            span: attr.span,
        })
    }

    fn instance(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<Instance> {
        let subnet = self.req_ref(a, "subnet", Kind::Subnet);
        let ami = self.ami_attr(a);
        let instance_type = self.instance_type_attr(a);
        let security_groups = self.ref_list(a, "security-groups", Kind::SecurityGroup);
        let key_pair = self.key_pair(a);
        let public_ip = self.opt_bool(a, "public-ip");
        let bastion = self.role(a);
        let root_volume = self.root_volume(a);
        let imds = self.imds(a);
        let user_data = self.opt_string(a, "user-data", "a user-data script", &limits::USER_DATA);
        Some(Instance {
            decl,
            subnet: subnet?,
            ami: ami?,
            instance_type: instance_type?,
            security_groups: security_groups.ok()?,
            key_pair: key_pair.ok()?,
            public_ip: public_ip.ok()?,
            bastion: bastion.ok()?,
            root_volume: root_volume.ok()?,
            imds: imds.ok()?,
            user_data: user_data.ok()?,
        })
    }

    fn volume(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<Volume> {
        let zone = a.one("zone").and_then(|z| self.zone_value(z));
        let size = a
            .one("size")
            .and_then(|s| self.single(s, pv::size_gib, "a size", "<size>"));
        let volume_type = match a.one("type") {
            None => Ok(None),
            Some(attr) => {
                let mut args = Args::new(attr);
                let w = self.word(&mut args, "a volume type");
                let t = w.and_then(|w| self.volume_type(w).map(|t| Spanned::new(t, w.span)));
                let done = self.done(&args, "type gp2|gp3|io1|io2|st1|sc1|standard");
                t.filter(|_| done).map(Some).ok_or(())
            }
        };
        let iops = self.opt_single(
            a,
            "iops",
            |w| pv::count(w, 100, 256_000),
            "an IOPS count",
            "<count>",
        );
        let encrypted = self.opt_bool(a, "encrypted");
        let multi_attach = self.opt_bool(a, "multi-attach");
        let attachments = self.repeated(a, "attach", |r, attr| r.attachment(attr));
        Some(Volume {
            decl,
            zone: zone?,
            size_gib: size?,
            volume_type: volume_type.ok()?,
            iops: iops.ok()?,
            encrypted: encrypted.ok()?,
            multi_attach: multi_attach.ok()?,
            attachments: attachments?,
        })
    }

    fn attachment(&mut self, attr: &Attribute<'a>) -> Option<Attachment> {
        let mut args = Args::new(attr);
        let iw = self.word(&mut args, "an instance name")?;
        let instance = self.reference(iw, Kind::Instance)?;
        let dw = self.word(&mut args, "a device name such as /dev/xvdf")?;
        self.typed(dw, pv::device, "write a device name such as /dev/xvdf")?;
        self.done(&args, "attach <instance> <device>")
            .then_some(Attachment {
                instance,
                device: Spanned::new(dw.text.to_string(), dw.span),
                span: attr.span,
            })
    }

    fn load_balancer(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<LoadBalancer> {
        let lb_type = self.opt_keyword(
            a,
            "type",
            &[
                ("application", LbType::Application),
                ("network", LbType::Network),
            ],
        );
        let subnets = self.ref_list(a, "subnets", Kind::Subnet);
        let scheme = self.opt_keyword(
            a,
            "scheme",
            &[
                ("internet-facing", Scheme::InternetFacing),
                ("internal", Scheme::Internal),
            ],
        );
        let security_groups = self.ref_list(a, "security-groups", Kind::SecurityGroup);
        let ip_address_type = self.opt_keyword(
            a,
            "ip-address-type",
            &[
                ("ipv4", IpAddressType::Ipv4),
                ("dualstack", IpAddressType::Dualstack),
            ],
        );
        let listeners = self.repeated(a, "listener", |r, attr| r.listener(attr));
        Some(LoadBalancer {
            decl,
            lb_type: lb_type.ok()??,
            subnets: subnets.ok()?,
            scheme: scheme.ok()?,
            security_groups: security_groups.ok()?,
            ip_address_type: ip_address_type.ok()?,
            listeners: listeners?,
        })
    }

    fn lb_protocol(&mut self, w: Word<'a>) -> Option<LbProtocol> {
        self.keyword(
            w,
            &[
                ("http", LbProtocol::Http),
                ("https", LbProtocol::Https),
                ("tcp", LbProtocol::Tcp),
                ("udp", LbProtocol::Udp),
                ("tls", LbProtocol::Tls),
                ("tcp_udp", LbProtocol::TcpUdp),
            ],
        )
    }

    fn listener_port(&mut self, w: Word<'a>) -> Option<Spanned<u16>> {
        let p = self.typed(
            w,
            |s| pv::count(s, 1, 65535),
            "write a port between 1 and 65535",
        )?;
        Some(Spanned::new(p as u16, w.span))
    }

    fn listener(&mut self, attr: &Attribute<'a>) -> Option<Listener> {
        const SHAPE: &str =
            "listener <protocol> <port> -> <target-group> [certificate <arn>] [policy <name>]";
        let mut args = Args::new(attr);
        let pw = self.word(&mut args, "a listener protocol")?;
        let protocol = Spanned::new(self.lb_protocol(pw)?, pw.span);
        let portw = self.word(&mut args, "a port")?;
        let port = self.listener_port(portw)?;
        let aw = self.word(&mut args, "`->` or `redirect`")?;
        let action = match aw.text {
            "->" => {
                let tw = self.word(&mut args, "a target group name")?;
                ListenerAction::Forward(self.reference(tw, Kind::TargetGroup)?)
            }
            "redirect" => {
                let rp = self.word(&mut args, "`https`")?;
                let rprotocol =
                    Spanned::new(self.keyword(rp, &[("https", LbProtocol::Https)])?, rp.span);
                let rport = self.word(&mut args, "a port")?;
                let rport = self.listener_port(rport)?;
                ListenerAction::Redirect {
                    protocol: rprotocol,
                    port: rport,
                }
            }
            other => {
                self.invalid(
                    aw.span,
                    format!("expected `->` or `redirect`, found `{other}`"),
                    format!(
                        "the forms are `{SHAPE}` and `listener http <port> redirect https <port>`"
                    ),
                );
                return None;
            }
        };
        let mut certificate = None;
        let mut policy: Option<Spanned<String>> = None;
        while let Some(kw) = args.peek_word() {
            let kww = self.word(&mut args, "an option")?;
            let slot = match kw {
                "certificate" => &mut certificate,
                "policy" => &mut policy,
                _ => {
                    let mut d = Diagnostic::new(
                        Code::E004,
                        kww.span,
                        format!("unknown listener option `{kw}`"),
                    )
                    .with_label("not a listener option");
                    d = match suggest::closest(kw, ["certificate", "policy"]) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help(format!("the form is `{SHAPE}`")),
                    };
                    self.err(d);
                    return None;
                }
            };
            if slot.is_some() {
                self.invalid(
                    kww.span,
                    format!("`{kw}` is given twice in one listener"),
                    "keep one",
                );
                return None;
            }
            let vw = self.word(
                &mut args,
                if kw == "certificate" {
                    "a certificate ARN"
                } else {
                    "a TLS policy name"
                },
            )?;
            if kw == "certificate" {
                self.typed(vw, pv::arn, "write the certificate's ARN (arn:aws:acm:…)")?;
                self.limited_word(&limits::CERTIFICATE_ARN, vw)?;
            } else {
                self.limited_word(&limits::TLS_POLICY, vw)?;
            }
            *slot = Some(Spanned::new(vw.text.to_string(), vw.span));
        }
        self.done(&args, SHAPE).then_some(Listener {
            protocol,
            port,
            action,
            certificate,
            policy,
            span: attr.span,
        })
    }

    fn target_group(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<TargetGroup> {
        let vpc = self.req_ref(a, "vpc", Kind::Vpc);
        let protocol = a.one("protocol").and_then(|attr| {
            let mut args = Args::new(attr);
            let w = self.word(&mut args, "a protocol")?;
            let p = self.lb_protocol(w)?;
            self.done(&args, "protocol http|https|tcp|udp|tls|tcp_udp")
                .then_some(Spanned::new(p, w.span))
        });
        let port = a.one("port").and_then(|attr| {
            let mut args = Args::new(attr);
            let w = self.word(&mut args, "a port")?;
            let p = self.listener_port(w)?;
            self.done(&args, "port <port>").then_some(p)
        });
        let health_check = match a.one("health-check") {
            None => Ok(None),
            Some(attr) => {
                let mut args = Args::new(attr);
                let r = (|| {
                    let w = self.word(&mut args, "a health-check protocol")?;
                    let p = self.keyword(
                        w,
                        &[
                            ("http", HealthProtocol::Http),
                            ("https", HealthProtocol::Https),
                            ("tcp", HealthProtocol::Tcp),
                        ],
                    )?;
                    let path = match args.peek_word() {
                        Some(_) => {
                            let pw = self.word(&mut args, "a path")?;
                            self.typed(pw, pv::http_path, "write a path such as /health")?;
                            self.limited_word(&limits::HEALTH_CHECK_PATH, pw)?;
                            Some(Spanned::new(pw.text.to_string(), pw.span))
                        }
                        None => None,
                    };
                    self.done(&args, "health-check http|https|tcp [<path>]")
                        .then_some(Spanned::new(
                            HealthCheck {
                                protocol: Spanned::new(p, w.span),
                                path,
                            },
                            attr.span,
                        ))
                })();
                r.map(Some).ok_or(())
            }
        };
        let sticky = self.opt_bool(a, "sticky");
        let targets = self.ref_list(a, "targets", Kind::Instance);
        Some(TargetGroup {
            decl,
            vpc: vpc?,
            protocol: protocol?,
            port: port?,
            health_check: health_check.ok()?,
            sticky: sticky.ok()?,
            targets: targets.ok()?,
        })
    }

    fn launch_template(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<LaunchTemplate> {
        let ami = self.ami_attr(a);
        let instance_type = self.instance_type_attr(a);
        let security_groups = self.ref_list(a, "security-groups", Kind::SecurityGroup);
        let key_pair = self.key_pair(a);
        let public_ip = self.opt_bool(a, "public-ip");
        let root_volume = self.root_volume(a);
        let imds = self.imds(a);
        let user_data = self.opt_string(a, "user-data", "a user-data script", &limits::USER_DATA);
        let bastion = self.role(a);
        Some(LaunchTemplate {
            decl,
            ami: ami?,
            instance_type: instance_type?,
            security_groups: security_groups.ok()?,
            key_pair: key_pair.ok()?,
            public_ip: public_ip.ok()?,
            root_volume: root_volume.ok()?,
            imds: imds.ok()?,
            user_data: user_data.ok()?,
            bastion: bastion.ok()?,
        })
    }

    fn asg_count(&mut self, a: &Attrs<'_, 'a>, key: &str) -> Result<Option<Spanned<u32>>, ()> {
        self.opt_single(
            a,
            key,
            |w| pv::count(w, 0, 10_000).map(|n| n as u32),
            "a count",
            "<count>",
        )
    }

    fn asg(&mut self, decl: Decl, a: &Attrs<'_, 'a>) -> Option<AutoScalingGroup> {
        let launch_template = self.req_ref(a, "launch-template", Kind::LaunchTemplate);
        let subnets = self.ref_list(a, "subnets", Kind::Subnet);
        let min = self.asg_count(a, "min");
        let max = self.asg_count(a, "max");
        let desired = self.asg_count(a, "desired");
        let target_groups = self.ref_list(a, "target-groups", Kind::TargetGroup);
        let health_check = match a.one("health-check") {
            None => Ok(None),
            Some(attr) => {
                let mut args = Args::new(attr);
                let r = (|| {
                    let w = self.word(&mut args, "`ec2` or `elb`")?;
                    let kind = self.keyword(
                        w,
                        &[("ec2", HealthCheckType::Ec2), ("elb", HealthCheckType::Elb)],
                    )?;
                    let grace = if args.peek_word().is_some() {
                        self.expect_keyword(
                            &mut args,
                            "grace",
                            "health-check ec2|elb [grace <duration>]",
                        )?;
                        let gw = self.word(&mut args, "a duration such as `300s`")?;
                        Some(Spanned::new(
                            self.typed(
                                gw,
                                pv::duration_s,
                                "write a duration such as `300s` or `5m`",
                            )?,
                            gw.span,
                        ))
                    } else {
                        None
                    };
                    self.done(&args, "health-check ec2|elb [grace <duration>]")
                        .then_some(Spanned::new(
                            AsgHealthCheck {
                                kind: Spanned::new(kind, w.span),
                                grace_seconds: grace,
                            },
                            attr.span,
                        ))
                })();
                r.map(Some).ok_or(())
            }
        };
        let scale_out = self.step_scaling(a, "scale-out", ">", "add");
        let scale_in = self.step_scaling(a, "scale-in", "<", "remove");
        let target_cpu = match a.one("target") {
            None => Ok(None),
            Some(attr) => {
                let mut args = Args::new(attr);
                let r = (|| {
                    self.expect_keyword(&mut args, "cpu", "target cpu <percent>")?;
                    let pw = self.word(&mut args, "a percentage such as `50%`")?;
                    let p = self.typed(pw, pv::percent, "write a percentage such as `50%`")?;
                    self.done(&args, "target cpu <percent>")
                        .then_some(Spanned::new(p, pw.span))
                })();
                r.map(Some).ok_or(())
            }
        };
        Some(AutoScalingGroup {
            decl,
            launch_template: launch_template?,
            subnets: subnets.ok()?,
            min: min.ok()??,
            max: max.ok()??,
            desired: desired.ok()?,
            target_groups: target_groups.ok()?,
            health_check: health_check.ok()?,
            scale_out: scale_out.ok()?,
            scale_in: scale_in.ok()?,
            target_cpu: target_cpu.ok()?,
        })
    }

    /// `scale-out cpu > <percent> [add <count>]` / `scale-in cpu < <percent> [remove <count>]`.
    fn step_scaling(
        &mut self,
        a: &Attrs<'_, 'a>,
        key: &str,
        op: &str,
        verb: &str,
    ) -> Result<Option<StepScaling>, ()> {
        let Some(attr) = a.one(key) else {
            return Ok(None);
        };
        let shape = format!("{key} cpu {op} <percent> [{verb} <count>]");
        let mut args = Args::new(attr);
        let r = (|| {
            self.expect_keyword(&mut args, "cpu", &shape)?;
            self.expect_keyword(&mut args, op, &shape)?;
            let pw = self.word(&mut args, "a percentage such as `70%`")?;
            let threshold = Spanned::new(
                self.typed(pw, pv::percent, "write a percentage such as `70%`")?,
                pw.span,
            );
            let step = if args.peek_word().is_some() {
                self.expect_keyword(&mut args, verb, &shape)?;
                let cw = self.word(&mut args, "a count")?;
                Some(Spanned::new(
                    self.typed(
                        cw,
                        |s| pv::count(s, 1, 10_000).map(|n| n as u32),
                        "write a count of instances, at least 1",
                    )?,
                    cw.span,
                ))
            } else {
                None
            };
            self.done(&args, &shape).then_some(StepScaling {
                threshold,
                step,
                span: attr.span,
            })
        })();
        r.map(Some).ok_or(())
    }
}

fn article(kind: &str) -> String {
    Article(kind).to_string()
}

fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [init @ .., last] => format!(
            "{} or `{last}`",
            init.iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `a vpc` / `an eip`, formatted only when a message needs it.
#[derive(Clone, Copy)]
struct Article<'k>(&'k str);

impl fmt::Display for Article<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let vowel = self.0.starts_with(['a', 'e', 'i', 'o', 'u']);
        write!(f, "{} {}", if vowel { "an" } else { "a" }, self.0)
    }
}

/// "`on` or `off`" for a keyword table, formatted only on error.
struct OneOf<'o, T>(&'o [(&'o str, T)]);

impl<T> Clone for OneOf<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for OneOf<'_, T> {}

impl<T> fmt::Display for OneOf<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.0.iter().map(|(k, _)| *k).collect();
        f.write_str(&one_of(&names))
    }
}

/// "on|off" for a keyword table, formatted only on error.
struct Alternatives<'o, T>(&'o [(&'o str, T)]);

impl<T> fmt::Display for Alternatives<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (k, _)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("|")?;
            }
            f.write_str(k)?;
        }
        Ok(())
    }
}
