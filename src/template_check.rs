//! The `check` pipeline on a CloudFormation template.
//!
//! A template is read and resolved (`cfn`), lowered to `.net` text with a
//! source map (`lower`), and that text goes through the one pipeline
//! (`check::run_with`): every rule and the reachability engine, unchanged.
//! Each diagnostic's spans are then mapped back to the template text (the
//! property, else the resource's logical ID), suggestions (edits of the
//! generated text) dropped; the template's own problems and what the
//! lowering could not express join them with their `T` codes; suppressions
//! written in the template (`# netlint: allow …` comments in YAML,
//! `Metadata: {netlint: {allow: [...]}}` on a resource) apply last.
//!
//! With an existing network (`--network FILE.net`), its text is put before
//! the lowered text so the template's references to its names resolve;
//! diagnostics inside it are reported at the template's start, their
//! message naming the network file's line.

use crate::catalog::Code;
use crate::cfn::{self, Level, Problem, ProblemKind};
use crate::check::{self, Threads};
use crate::diagnostics::line_index::LineIndex;
use crate::diagnostics::{Diagnostic, Severity};
use crate::lower::{self, Finding, FindingKind, Lowered};
use crate::model::Model;
use crate::model::topology::Topology;
use crate::settings::Settings;
use crate::span::Span;
use crate::suppress::{self, Allow};
use standins::{NEEDS_NETWORK, StandIns};
use std::collections::HashSet;

mod standins;

/// What a template check needs beyond the template.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Parameters and pseudo parameters.
    pub cfn: cfn::Options,
    /// The existing network the template deploys into (`.net` text).
    pub network: Option<String>,
    /// The process exits once this check is done (`netlint check` of one
    /// input): the read tree and the resolved template are left to the
    /// exit to free. Freeing them node by node is a tenth of the work on
    /// a template of a few hundred resources, and a long-running caller
    /// (the language server, several inputs) leaves this `false`.
    pub one_shot: bool,
}

/// The largest template whose trees a one-shot check leaves to the exit.
const ONE_SHOT_MAX_BYTES: usize = 4 << 20;

/// A template checked.
pub struct Checked {
    /// Spans in the template text.
    pub diagnostics: Vec<Diagnostic>,
    pub suppressed: Vec<(Diagnostic, Option<String>)>,
    /// The model of the lowered network (with the existing one), when it
    /// had no E-errors.
    pub model: Option<(Model, Topology)>,
    /// The lowered text (the existing network not included), its source
    /// map and the logical ID → name table; `None` when the template could
    /// not be read.
    pub lowered: Option<Lowered>,
    /// Bytes of existing-network text before the lowered text in what the
    /// model was built from.
    pub offset: u32,
}

/// A problem of the template front end as a diagnostic.
pub fn problem_diagnostic(p: Problem) -> Diagnostic {
    let code = match p.kind {
        ProblemKind::Syntax | ProblemKind::TooDeep | ProblemKind::TooLarge => Code::T001,
        ProblemKind::Structure
        | ProblemKind::DuplicateKey
        | ProblemKind::YamlAlias
        | ProblemKind::UnknownTag => Code::T002,
        ProblemKind::BadArguments
        | ProblemKind::UnresolvedName
        | ProblemKind::Cycle
        | ProblemKind::BadValue => Code::T003,
        ProblemKind::ParameterValue
        | ProblemKind::UnknownParameter
        | ProblemKind::ParameterFile => Code::T004,
        ProblemKind::NotEvaluated => Code::T006,
    };
    let severity = match p.level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Note => Severity::Info,
    };
    let mut d = Diagnostic::new(code, p.span, p.message).with_severity(severity);
    for (span, label) in p.related {
        d = d.with_secondary(span, label);
    }
    if let Some(h) = p.help {
        d = d.with_help(h);
    }
    d
}

fn finding_diagnostic(f: Finding) -> Diagnostic {
    let code = match f.kind {
        FindingKind::Unknown => Code::T005,
        FindingKind::NotAnalysed => Code::T006,
        FindingKind::Unmapped => Code::T007,
    };
    let mut d = Diagnostic::new(code, f.span, f.message);
    for (span, label) in f.related {
        d = d.with_secondary(span, label);
    }
    if let Some(h) = f.help {
        d = d.with_help(h);
    }
    d
}

/// The names an existing network declares (`kind name {`), for the
/// lowering to resolve ids given as those names.
fn declared_names(net: &str) -> HashSet<String> {
    let mut names = HashSet::new();
    for line in net.lines() {
        let line = line.trim_start();
        if line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        if let (Some(_kind), Some(name), Some(brace)) = (words.next(), words.next(), words.next())
            && brace.starts_with('{')
        {
            names.insert(name.to_string());
        }
    }
    names
}

/// Reads, resolves and lowers a template: the lowering, and the
/// template's own diagnostics (T codes, spans in the template).
pub fn lower(src: &str, options: &Options) -> (Option<Lowered>, Vec<Diagnostic>) {
    let (lowered, diagnostics, _) = lower_with(src, options, false);
    (lowered, diagnostics)
}

/// [`lower`], and with `stand_in` the stand-ins for a network outside the
/// template that the lowering resolved against (see [`standins`]).
fn lower_with(
    src: &str,
    options: &Options,
    stand_in: bool,
) -> (Option<Lowered>, Vec<Diagnostic>, Option<StandIns>) {
    let (root, mut problems) = cfn::read(src);
    let read_problems = problems.len();
    let mut template = root
        .as_ref()
        .map(|root| cfn::build(src, root, &options.cfn, &mut problems));
    let mut existing = options
        .network
        .as_deref()
        .map(declared_names)
        .unwrap_or_default();
    let mut plan = None;
    if stand_in
        && let (Some(root), Some(t)) = (&root, &template)
        && let Some(p) = standins::plan(t, &existing)
    {
        // Resolved again with the stand-ins as the parameters' values
        // (the first pass's own problems are the second's).
        let mut cfn_options = options.cfn.clone();
        cfn_options.params.extend(p.params.iter().cloned());
        problems.truncate(read_problems);
        template = Some(cfn::build(src, root, &cfn_options, &mut problems));
        existing.extend(p.names().map(str::to_string));
        plan = Some(p);
    }
    let mut diagnostics: Vec<Diagnostic> = problems.into_iter().map(problem_diagnostic).collect();
    let lowered = template.as_ref().map(|t| {
        let lowered = lower::lower(src, t, &lower::Options { existing });
        diagnostics.extend(lowered.findings.iter().cloned().map(finding_diagnostic));
        lowered
    });
    // Deliberately not freed: see `Options::one_shot`. Above a few
    // megabytes the trees are freed all the same, so that the model and
    // the analysis reuse their memory (a 50 MB template's trees are
    // ~180 MB of peak memory for 0.2 s of CPU).
    if options.one_shot && src.len() <= ONE_SHOT_MAX_BYTES {
        std::mem::forget(template);
        std::mem::forget(root);
    }
    (lowered, diagnostics, plan)
}

/// Checks a template: every selected rule on the network it describes,
/// its own problems, its suppressions.
pub fn run(src: &str, settings: &Settings, options: &Options, threads: Threads) -> Checked {
    let (lowered, mut diagnostics, stand_ins) = lower_with(src, options, true);
    let mut model = None;
    let mut rules_ran = false;
    let mut offset = 0;
    if let Some(l) = &lowered {
        let mut text = String::new();
        if let Some(net) = &options.network {
            text.push_str(net);
            if !text.ends_with('\n') {
                text.push('\n');
            }
        }
        // The stand-ins' text, between the given network and the lowering.
        let stood = text.len() as u32;
        if let Some(p) = &stand_ins {
            text.push_str(&p.text);
        }
        offset = text.len() as u32;
        text.push_str(&l.text);
        let c = check::run_with(&text, settings, threads);
        rules_ran = c.model.is_some();
        model = c.model;
        let net_lines = options.network.as_deref().map(LineIndex::new);
        let made_up = |d: &Diagnostic| {
            let on_stand_in = |s: Span| stood <= s.start && s.start < offset;
            NEEDS_NETWORK.contains(&d.code)
                || on_stand_in(d.span)
                || d.secondary.iter().any(|l| on_stand_in(l.span))
        };
        for d in c.diagnostics {
            if stand_ins.is_some() && made_up(&d) {
                continue;
            }
            diagnostics.push(remap(d, &l.map, offset, net_lines.as_ref()));
        }
        if let Some(p) = &stand_ins {
            diagnostics.extend(stand_in_notes(p, &l.text));
        }
    }
    diagnostics.retain(|d| settings.selected(d.code));
    for d in &mut diagnostics {
        d.severity = settings.severity_of(d.code, d.severity);
    }
    let mut allows = allows(src, &lowered);
    let (mut kept, suppressed) = suppress::apply(diagnostics, &mut allows, |code| {
        (rules_ran || code.area().origin() == crate::catalog::Origin::Template)
            && settings.selected(code)
            && !(stand_ins.is_some() && NEEDS_NETWORK.contains(&code))
    });
    check::sort(&mut kept);
    Checked {
        diagnostics: kept,
        suppressed,
        model,
        lowered,
        offset,
    }
}

/// One T005 for each parameter stood in for that the lowering used: what
/// was checked, what was not, and how to check it all.
fn stand_in_notes(p: &StandIns, lowered: &str) -> Vec<Diagnostic> {
    let used = |name: &str| {
        lowered.match_indices(name).any(|(at, _)| {
            !lowered[at + name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    let skipped = code_ranges(NEEDS_NETWORK);
    let mut first: Option<&str> = None;
    p.stood
        .iter()
        .filter(|s| s.blocks.iter().any(|b| used(b)))
        .map(|s| {
            let note = match first {
                None => {
                    first = Some(&s.name);
                    format!("not run: {skipped}")
                }
                Some(f) => format!("not run: the rules named for `{f}`"),
            };
            let what = match s.type_name.as_str() {
                "AWS::EC2::VPC::Id" => "a VPC",
                "List<AWS::EC2::VPC::Id>" => "VPCs",
                "AWS::EC2::Subnet::Id" => "a subnet",
                _ => "subnets",
            };
            Diagnostic::new(
                Code::T005,
                s.name_span,
                format!(
                    "`{}` ({}) names {what} outside the template: what the template places there is checked against a stand-in, without the rules that need the real network",
                    s.name, s.type_name
                ),
            )
            .with_help(format!(
                "describe the existing network with `--network FILE.net` (or `network` in netlint.toml's `[cloudformation]`) and pass its names (`--param {}=NAME`) to run them",
                s.name
            ))
            .with_note(note)
        })
        .collect()
}

/// Codes in catalog order as ranges: `A101–A102, R201, X901–X908`.
fn code_ranges(codes: &[Code]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut run: Option<(&str, &str, u32)> = None; // first, last, last's number
    let number = |c: &str| c[1..].parse::<u32>().unwrap_or(0);
    let mut flush = |run: Option<(&str, &str, u32)>| {
        if let Some((a, b, _)) = run {
            out.push(if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            });
        }
    };
    for c in codes.iter().map(|c| c.as_str()) {
        run = match run {
            Some((a, b, n)) if b[..1] == c[..1] && number(c) == n + 1 => Some((a, c, n + 1)),
            other => {
                flush(other);
                Some((c, c, number(c)))
            }
        };
    }
    flush(run);
    out.join(", ")
}

/// A diagnostic of the lowered text (after `offset` bytes of the existing
/// network, whose lines `net` indexes), its spans in the template.
pub fn remap(
    mut d: Diagnostic,
    map: &lower::SourceMap,
    offset: u32,
    net: Option<&LineIndex<'_>>,
) -> Diagnostic {
    let at = |s: Span| -> Option<Span> {
        if s.start < offset {
            return None;
        }
        map.lookup(Span::new(s.start - offset, s.end - offset))
    };
    match at(d.span) {
        Some(s) => d.span = s,
        None => {
            if d.span.start < offset
                && let Some(lines) = net
            {
                let line = lines.line(d.span.start as usize);
                d.notes.push(format!(
                    "in the existing network (`--network`), line {line}"
                ));
            }
            d.span = Span::new(0, 0);
        }
    }
    d.secondary = std::mem::take(&mut d.secondary)
        .into_iter()
        .filter_map(|mut label| {
            label.span = at(label.span)?;
            Some(label)
        })
        .collect();
    d.suggestions.clear();
    if d.code.is_error_in_file() {
        d.notes.push(
            "netlint reads the template as the network `netlint import` writes; this error is in that network"
                .to_string(),
        );
    }
    d
}

/// The template's suppressions: `# netlint: allow …` comments (YAML) and
/// `Metadata: {netlint: {allow: [...]}}` on a resource.
fn allows(src: &str, lowered: &Option<Lowered>) -> Vec<Allow> {
    let mut out = Vec::new();
    let resources = lowered.as_ref().map_or(&[][..], |l| &l.resources[..]);
    // Each resource's extent, from its logical ID to the end of its body.
    let starts: Vec<(u32, Span)> = resources
        .iter()
        .map(|(id, body)| (id.start, Span::new(id.start, body.end.max(id.end))))
        .collect();
    let mut offset = 0usize;
    // A text without `#` has no comment: a 30 MB JSON template is not
    // split into lines for nothing.
    let lines: Vec<(usize, &str)> = if memchr::memchr(b'#', src.as_bytes()).is_none() {
        Vec::new()
    } else {
        src.split_inclusive('\n')
            .map(|l| {
                let at = offset;
                offset += l.len();
                (at, l)
            })
            .collect()
    };
    for (k, &(at, line)) in lines.iter().enumerate() {
        let Some(hash) = comment_start(line) else {
            continue;
        };
        let comment = &line[hash + 1..];
        let Some((codes, reason)) = suppress::parse_comment(comment) else {
            continue;
        };
        let own_line = line[..hash].trim().is_empty();
        let scope = if own_line {
            // The next line that is not blank or a comment; the whole
            // resource when a resource starts there.
            let next = lines[k + 1..].iter().find(|(_, l)| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#')
            });
            match next {
                Some(&(n_at, n_line)) => {
                    let n_end = (n_at + n_line.trim_end().len()) as u32;
                    let line_span = Span::new(n_at as u32, n_end);
                    starts
                        .iter()
                        .find(|(s, _)| line_span.start <= *s && *s <= line_span.end)
                        .map_or(line_span, |(_, full)| *full)
                }
                None => Span::new(at as u32, at as u32),
            }
        } else {
            // The line, and the start of the YAML list item or mapping it
            // belongs to (a rule's `CidrIp` line silences the rule).
            let indent = |l: &str| l.len() - l.trim_start().len();
            let mine = indent(line);
            let mut start = at;
            if !line.trim_start().starts_with("- ") {
                for &(p_at, p_line) in lines[..k].iter().rev() {
                    let t = p_line.trim_start();
                    if t.is_empty() || t.starts_with('#') {
                        continue;
                    }
                    let pi = indent(p_line);
                    if t.starts_with("- ") && pi + 2 == mine {
                        start = p_at;
                        break;
                    }
                    if pi != mine || t.starts_with("- ") {
                        break;
                    }
                    start = p_at;
                }
            }
            Span::new(start as u32, (at + line.trim_end().len()) as u32)
        };
        let base = (at + hash + 1) as u32;
        for (code, off) in codes {
            out.push(Allow {
                code: code.to_string(),
                span: Span::new(base + off as u32, base + (off + code.len()) as u32),
                scope,
                reason: reason.map(str::to_string),
                used: false,
            });
        }
    }
    if let Some(l) = lowered {
        for (code, span, scope) in &l.metadata_allows {
            out.push(Allow {
                code: code.clone(),
                span: *span,
                scope: *scope,
                reason: None,
                used: false,
            });
        }
    }
    out
}

/// Where a YAML comment starts on a line: a `#` at the line's start or
/// after a blank, outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), c) if c == q => quote = None,
            (None, b'#') if i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' => {
                return Some(i);
            }
            _ => {}
        }
    }
    None
}
