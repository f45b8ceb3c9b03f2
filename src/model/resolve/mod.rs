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

pub use halves::Halves;

mod endpoints;
mod halves;
mod hosts;
mod ipv6;
mod lb_settings;
mod load_balancers;
mod network;
mod peering;
mod scaling;
mod security;
mod storage;

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
    EgressOnlyInternetGateway,
    PrefixList,
    VpcEndpoint,
    FileSystem,
    VpcPeering,
    TransitGateway,
}

const ALL_KINDS: [Kind; 20] = [
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
    Kind::EgressOnlyInternetGateway,
    Kind::PrefixList,
    Kind::VpcEndpoint,
    Kind::FileSystem,
    Kind::VpcPeering,
    Kind::TransitGateway,
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
pub fn resolve<'a>(file: &'a ast::File<'a>) -> Resolved {
    resolve_with(file, Halves::Never)
}

/// [`resolve`], its blocks in two halves on two threads as `halves`
/// allows (see [`halves`](self::halves) for why the result is the same).
pub fn resolve_with<'a>(file: &'a ast::File<'a>, halves: Halves) -> Resolved {
    // The settings pass reads no name; its resolver's state (diagnostics,
    // region, description) is carried over to the blocks' below.
    let none = HashMap::default();
    let mut first = Resolver::new(&none, None);
    first.settings(file);
    // One symbol per declaration: sized once, never rehashed.
    let mut symbols = HashMap::with_capacity_and_hasher(file.items.len(), Default::default());
    let (blocks, counts) = declare(file, &mut symbols, &mut first.diags);
    let mut r = Resolver {
        symbols: &symbols,
        ..first
    };
    r.reserve(&counts, blocks.len());
    r.prefix_lists = counts[Kind::PrefixList as usize] > 0;
    let ok = match halves.cut(&blocks) {
        Some(at) => r.in_halves(&blocks, at),
        None => r.blocks(&blocks),
    };
    if ok && r.diags.is_empty() {
        // Checks across blocks, on a complete model.
        r.ipv6_checks();
    }
    let model = (ok && r.diags.is_empty()).then_some(r.model);
    Resolved {
        model,
        diagnostics: r.diags,
    }
}

/// The name table: every declared name, its kind and its id.
type Symbols<'a> = HashMap<&'a str, Symbol>;

/// The blocks to resolve, and how many there are of each kind.
#[allow(clippy::type_complexity)]
fn declare<'b, 'a>(
    file: &'b ast::File<'a>,
    symbols: &mut Symbols<'a>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<(&'b Block<'a>, Kind)>, [usize; ALL_KINDS.len()]) {
    let mut counts = [0usize; ALL_KINDS.len()];
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
                Some(s) => did_you_mean(d, b.kind.span, s),
                None => d.with_help(format!(
                    "the kinds are: {}",
                    KINDS.iter().map(|k| k.kind).collect::<Vec<_>>().join(", ")
                )),
            };
            diags.push(d);
            continue;
        };
        let kind = ALL_KINDS[k];
        if let Some(first) = symbols.get(b.name.text) {
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
            .with_help("names are unique across the whole file, whatever their kind: rename one");
            diags.push(d);
            continue;
        }
        symbols.insert(
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
    (blocks, counts)
}

struct Resolver<'a> {
    /// Read only once the declarations are in (shared by both halves).
    symbols: &'a Symbols<'a>,
    diags: Vec<Diagnostic>,
    region: Option<Spanned<String>>,
    model: Model,
    /// The id of this resolver's first declaration of each kind: 0, or
    /// for the second half, how many the first half declared.
    base: [usize; ALL_KINDS.len()],
    /// The names of a kind (or two), for "did you mean": built on the
    /// first unknown reference, shared by the rest.
    suggest: HashMap<(Kind, Option<Kind>), suggest::Names<'a>>,
    scratch: Scratch<'a>,
    /// Whether the file declares a prefix list: when not, a word in a
    /// rule's CIDR position is not looked up as one.
    prefix_lists: bool,
}

/// The vector one block's [`Attrs`] are built in, handed from block to
/// block: grouping a block's attributes allocates nothing once the
/// largest block has been seen.
#[derive(Default)]
struct Scratch<'a> {
    tagged: Vec<(usize, &'a Attribute<'a>)>,
    kept: Vec<&'a Attribute<'a>>,
}

/// The attributes of one block, grouped by their schema slot: one vector
/// per block rather than one per slot.
struct Attrs<'b, 'a> {
    spec: &'static KindSpec,
    /// Slot by slot in schema order, in file order within a slot: the
    /// attributes of one key stand together.
    kept: Vec<&'b Attribute<'a>>,
}

impl<'b, 'a> Attrs<'b, 'a> {
    /// Found among the block's attributes (a handful) rather than by the
    /// key's slot in the schema (up to dozens of keys compared, for every
    /// key a resolver asks for, present or not).
    fn one(&self, key: &str) -> Option<&'b Attribute<'a>> {
        self.all(key).first().copied()
    }
    fn all(&self, key: &str) -> &[&'b Attribute<'a>] {
        debug_assert!(
            self.spec.attr(key).is_some(),
            "`{key}` is no attribute of `{}`",
            self.spec.kind
        );
        let same = |a: &&Attribute<'_>| schema::same_word(a.key.text, key);
        let Some(from) = self.kept.iter().position(same) else {
            return &[];
        };
        let n = self.kept[from..].iter().take_while(|a| same(a)).count();
        &self.kept[from..from + n]
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

/// "did you mean `s`?" as help, and as the edit that writes `s` at `span`.
pub(super) fn did_you_mean(d: Diagnostic, span: Span, s: &str) -> Diagnostic {
    d.with_help(format!("did you mean `{s}`?")).with_suggestion(
        format!("replace with `{s}`"),
        span,
        s,
    )
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

    fn new(symbols: &'a Symbols<'a>, region: Option<Spanned<String>>) -> Self {
        Resolver {
            symbols,
            diags: Vec::new(),
            region,
            model: Model::default(),
            base: [0; ALL_KINDS.len()],
            suggest: HashMap::default(),
            scratch: Scratch::default(),
            prefix_lists: false,
        }
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

    /// Size the model's vectors once, from the declarations: no vector is
    /// copied as it grows (a measurable share of resolving a large file),
    /// and none holds up to twice the room it needs.
    fn reserve(&mut self, counts: &[usize; ALL_KINDS.len()], total: usize) {
        let m = &mut self.model;
        for kind in ALL_KINDS {
            let n = counts[kind as usize];
            // Exhaustive: a new kind cannot be left out.
            match kind {
                Kind::Vpc => m.vpcs.reserve_exact(n),
                Kind::InternetGateway => m.internet_gateways.reserve_exact(n),
                Kind::Subnet => m.subnets.reserve_exact(n),
                Kind::RouteTable => m.route_tables.reserve_exact(n),
                Kind::Eip => m.eips.reserve_exact(n),
                Kind::NatGateway => m.nat_gateways.reserve_exact(n),
                Kind::SecurityGroup => m.security_groups.reserve_exact(n),
                Kind::NetworkAcl => m.network_acls.reserve_exact(n),
                Kind::Instance => m.instances.reserve_exact(n),
                Kind::Volume => m.volumes.reserve_exact(n),
                Kind::LoadBalancer => m.load_balancers.reserve_exact(n),
                Kind::TargetGroup => m.target_groups.reserve_exact(n),
                Kind::LaunchTemplate => m.launch_templates.reserve_exact(n),
                Kind::AutoScalingGroup => m.auto_scaling_groups.reserve_exact(n),
                Kind::EgressOnlyInternetGateway => m.egress_only_internet_gateways.reserve_exact(n),
                Kind::PrefixList => m.prefix_lists.reserve_exact(n),
                Kind::VpcEndpoint => m.vpc_endpoints.reserve_exact(n),
                Kind::FileSystem => m.file_systems.reserve_exact(n),
                Kind::VpcPeering => m.vpc_peerings.reserve_exact(n),
                Kind::TransitGateway => m.transit_gateways.reserve_exact(n),
            }
        }
        m.order.reserve_exact(total);
    }

    // ---- pass 2: blocks ----------------------------------------------------

    /// Check keys against the schema; group attributes; E003/E008/E009.
    fn attrs(&mut self, block: &'a Block<'a>, kind: Kind) -> (Attrs<'a, 'a>, bool) {
        let spec = kind.spec();
        // Slots as bits: every kind has far fewer than 64 attributes.
        debug_assert!(spec.attrs.len() <= 64);
        let bit = |i: usize| 1u64 << i;
        let mut tagged = std::mem::take(&mut self.scratch.tagged);
        tagged.clear();
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
                    Some(s) => did_you_mean(d, attr.key.span, s),
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
        let mut kept = std::mem::take(&mut self.scratch.kept);
        kept.clear();
        kept.extend(tagged.iter().map(|&(_, a)| a));
        self.scratch.tagged = tagged;
        (Attrs { spec, kept }, ok)
    }

    fn decl(&self, block: &Block<'a>) -> Decl {
        Decl {
            name: block.name.text.to_string(),
            name_span: block.name.span,
            kind_span: block.kind.span,
            span: block.span,
        }
    }

    /// Resolve blocks in turn and store them. Returns false when any had
    /// errors.
    fn blocks(&mut self, blocks: &[(&'a Block<'a>, Kind)]) -> bool {
        let mut ok = true;
        for &(block, kind) in blocks {
            ok &= self.block(block, kind);
        }
        ok
    }

    /// Resolve one block and store it. Returns false when it had errors.
    fn block(&mut self, block: &'a Block<'a>, kind: Kind) -> bool {
        let before = self.diags.len();
        let (attrs, ok) = self.attrs(block, kind);
        // When `attrs` found errors, the attributes that are present are
        // still typed, so that every independent value error is reported
        // in this run.
        let resolved = self.resolve_kind(block, kind, &attrs);
        self.scratch.kept = attrs.kept;
        ok && resolved && self.diags.len() == before
    }

    fn resolve_kind(&mut self, block: &Block<'a>, kind: Kind, a: &Attrs<'_, 'a>) -> bool {
        let decl = self.decl(block);
        macro_rules! push {
            ($field:ident, $variant:ident, $value:expr) => {{
                match $value {
                    Some(v) => {
                        let id = Id::new(self.base[kind as usize] + self.model.$field.len());
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
            Kind::EgressOnlyInternetGateway => push!(
                egress_only_internet_gateways,
                EgressOnlyInternetGateway,
                self.eigw(decl, a)
            ),
            Kind::PrefixList => push!(prefix_lists, PrefixList, self.prefix_list(decl, a)),
            Kind::VpcEndpoint => push!(vpc_endpoints, VpcEndpoint, self.vpc_endpoint(decl, a)),
            Kind::FileSystem => push!(file_systems, FileSystem, self.file_system(decl, a)),
            Kind::VpcPeering => push!(vpc_peerings, VpcPeering, self.vpc_peering(decl, a)),
            Kind::TransitGateway => {
                push!(
                    transit_gateways,
                    TransitGateway,
                    self.transit_gateway(decl, a)
                )
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
        let attrs = a.all(key);
        let mut out = Vec::with_capacity(attrs.len());
        for attr in attrs {
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
        let scalars = self.word_list(args, what)?;
        Some(
            scalars
                .iter()
                .filter_map(|s| match s {
                    Scalar::Word(w) => Some(*w),
                    Scalar::Str(_) => None,
                })
                .collect(),
        )
    }

    /// [`words`](Self::words) as the tree holds them: every scalar is a
    /// word (else E004 at the first string), nothing copied.
    fn word_list<'b>(
        &mut self,
        args: &mut Args<'b, 'a>,
        what: impl fmt::Display + Copy,
    ) -> Option<&'b [Scalar<'a>]> {
        let key = args.attr.key;
        let scalars: &'b [Scalar<'a>] = match args.next() {
            Some(Value::Scalar(s)) => std::slice::from_ref(s),
            Some(Value::List { items, .. }) => items,
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
        if let Some(st) = scalars.iter().find_map(|s| match s {
            Scalar::Str(st) => Some(st),
            Scalar::Word(_) => None,
        }) {
            self.invalid(
                st.span,
                format!("`{}` expects {what}, found a string", key.text),
                "write names without quotes",
            );
            return None;
        }
        Some(scalars)
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
            Some(s) => did_you_mean(d, w.span, s),
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
                let names = self.names(expected, None);
                d = match names.as_slice().first().copied() {
                    Some(first) => {
                        let hint = names.closest(w.text).unwrap_or(first);
                        d.with_help(format!("did you mean the {} `{hint}`?", expected.name()))
                            .with_suggestion(format!("replace with `{hint}`"), w.span, hint)
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
                let names = self.names(expected, None);
                d = match names.closest(w.text) {
                    Some(s) => did_you_mean(d, w.span, s),
                    None if w.text.starts_with("pl-") => d.with_help(format!(
                        "`{}` is the id of an existing prefix list, which security-group rules and route destinations take as it is; to manage a list in this file, declare it (`prefix-list <name> {{ family ipv4; entries <cidr>, … }}`) and name it",
                        w.text
                    )),
                    None if names.as_slice().is_empty() => d.with_help(format!(
                        "declare it: `{} {} {{ … }}`",
                        expected.name(),
                        w.text
                    )),
                    None => d.with_help(format!(
                        "the {}s in this file: {}",
                        expected.name(),
                        listed(names.as_slice())
                    )),
                };
                self.err(d);
                None
            }
        }
    }

    /// The names of `kind` (and `also`), for suggestions.
    pub(super) fn names(&mut self, kind: Kind, also: Option<Kind>) -> &mut suggest::Names<'a> {
        if !self.suggest.contains_key(&(kind, also)) {
            let mut v = self.names_of(kind);
            if let Some(k) = also {
                v.extend(self.names_of(k));
            }
            self.suggest.insert((kind, also), suggest::Names::new(v));
        }
        self.suggest.get_mut(&(kind, also)).expect("inserted")
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
            .word_list(&mut args, format_args!("{} names", kind.name()))
            .ok_or(())?;
        let mut items = Vec::with_capacity(words.len());
        let mut ok = true;
        for s in words {
            let Scalar::Word(w) = s else { continue };
            match self.reference(*w, kind) {
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
        // The path's characters are the AMI value type's (printable
        // ASCII): only its length can be over the limit.
        if let Ami::Ssm(path) = &ami.node
            && limits::SSM_PARAMETER
                .max
                .is_some_and(|max| path.len() > max)
        {
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
        if args.peek_word().is_some_and(|w| w != "kms-key") {
            let t = self.word(&mut args, "a volume type").ok_or(())?;
            volume_type = Some(Spanned::new(self.volume_type(t).ok_or(())?, t.span));
        }
        let mut kms_key = None;
        if args.peek_word() == Some("kms-key") {
            args.next();
            kms_key = Some(self.kms_key_option(&mut args).ok_or(())?);
        }
        let done = self.done(
            &args,
            "root-volume <size> [<volume-type>] [kms-key <arn|alias>]",
        );
        match size {
            Some(s) if done => Ok(Some(Spanned::new(
                RootVolume {
                    size_gib: Spanned::new(s, w.span),
                    volume_type,
                    kms_key,
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
            Some(self.ports_word(w, protocol.node)?)
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

    /// The ports position of a rule: a port or range for tcp/udp, an ICMP
    /// type for icmp/icmpv6, nothing for `all` (E004).
    fn ports_word(&mut self, w: Word<'a>, protocol: Protocol) -> Option<Spanned<PortRange>> {
        let range = match protocol {
            Protocol::All => {
                self.invalid(
                    w.span,
                    "protocol `all` takes no ports".into(),
                    "remove the ports, or name tcp or udp",
                );
                return None;
            }
            Protocol::Icmp | Protocol::Icmpv6 => PortRange::single(self.typed(
                w,
                |s| pv::count(s, 0, 255),
                "write an ICMP type number (0..255), or nothing for all types",
            )? as u16),
            Protocol::Tcp | Protocol::Udp => self.typed(
                w,
                pv::port_range,
                "write a port (`22`) or a range (`1024-65535`)",
            )?,
        };
        Some(Spanned::new(range, w.span))
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
}

fn article(kind: &str) -> String {
    Article(kind).to_string()
}

/// Names listed in a help line: the first few and how many more, so a
/// file of thousands of names and as many unknown references does not
/// print every name once per reference.
fn listed(names: &[&str]) -> String {
    const SHOWN: usize = 20;
    match names.len().checked_sub(SHOWN) {
        Some(more) if more > 0 => format!("{} and {more} more", names[..SHOWN].join(", ")),
        _ => names.join(", "),
    }
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
