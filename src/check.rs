//! The `check` pipeline: source → parse → resolve → rules → suppressions.
//!
//! Pure and in memory: no I/O, no rendering. The CLI, the emitter and the
//! tests all go through here, so what `build` refuses is exactly what
//! `check` reports.

use crate::analysis::Analysis;
use crate::catalog::Code;
use crate::diagnostics::Diagnostic;
use crate::model::topology::Topology;
use crate::model::{Model, resolve};
use crate::rules::{Context, RULES, Rule};
use crate::settings::Settings;
use crate::span::Span;
use crate::suppress;
use crate::syntax;

/// Everything a check found.
pub struct Checked {
    /// Reported diagnostics, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
    /// Silenced by a suppression comment, with its reason.
    pub suppressed: Vec<(Diagnostic, Option<String>)>,
    /// The model, when the file had no E-errors.
    pub model: Option<(Model, Topology)>,
}

/// Decode bytes as UTF-8, or explain where they are not.
pub fn decode(bytes: &[u8]) -> Result<&str, Box<Diagnostic>> {
    if bytes.len() > u32::MAX as usize {
        return Err(too_large());
    }
    std::str::from_utf8(bytes).map_err(not_utf8)
}

/// [`decode`] for bytes the caller owns: they become the string without a
/// copy and are validated once (given back with the diagnostic when they
/// are no text).
pub fn decode_owned(bytes: Vec<u8>) -> Result<String, (Vec<u8>, Box<Diagnostic>)> {
    if bytes.len() > u32::MAX as usize {
        return Err((bytes, too_large()));
    }
    String::from_utf8(bytes).map_err(|e| {
        let d = not_utf8(e.utf8_error());
        (e.into_bytes(), d)
    })
}

fn too_large() -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(Code::E001, Span::default(), "the file is larger than 4 GiB")
            .with_help("split the network into several files"),
    )
}

fn not_utf8(e: std::str::Utf8Error) -> Box<Diagnostic> {
    let at = e.valid_up_to() as u32;
    let len = e.error_len().unwrap_or(1) as u32;
    Box::new(
        Diagnostic::new(
            Code::E001,
            Span::new(at, at + len),
            "the file is not valid UTF-8",
        )
        .with_label("invalid byte sequence")
        .with_help("save the file as UTF-8"),
    )
}

/// The canonical layout of a source (`netlint fmt`), or the E001
/// diagnostics of its syntax errors: a file that does not parse is not
/// formatted.
pub fn format(src: &str) -> Result<String, Vec<Diagnostic>> {
    format_with(src, crate::format::Options::default())
}

/// [`format`] with the formatter's options (`netlint fmt --align-comments`).
pub fn format_with(src: &str, options: crate::format::Options) -> Result<String, Vec<Diagnostic>> {
    crate::format::format_with(src, options).map_err(|errors| {
        let mut diagnostics: Vec<Diagnostic> = errors.into_iter().map(syntax_diagnostic).collect();
        sort(&mut diagnostics);
        diagnostics
    })
}

/// A syntax error as users see it: E001 (the syntax layer knows no codes).
fn syntax_diagnostic(e: syntax::SyntaxError) -> Diagnostic {
    let mut d = Diagnostic::new(Code::E001, e.span, e.message).with_label(e.label);
    if let Some(help) = e.help {
        d = d.with_help(help);
    }
    if let Some((span, label)) = e.secondary {
        d = d.with_secondary(span, label);
    }
    if let Some(note) = e.note {
        d = d.with_note(note);
    }
    d
}

/// How many threads a run's rules may use, and from what model size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threads {
    /// At most this many at once, the calling thread included (1: it
    /// alone).
    pub max: usize,
    /// Only for a model of at least this many declarations: below it,
    /// starting threads costs more than the rules take.
    pub min_declarations: usize,
}

impl Threads {
    /// Where the rules start to take longer than starting threads: on a
    /// generated network, from about 500 declarations (2,000 lines) the
    /// rules take over a millisecond, and a thread costs some 20 µs.
    pub const MIN_DECLARATIONS: usize = 500;

    /// Up to `max` threads, for a model worth it.
    pub fn new(max: usize) -> Self {
        Threads {
            max: max.max(1),
            min_declarations: Self::MIN_DECLARATIONS,
        }
    }

    /// As many as the machine has cores.
    pub fn available() -> Self {
        Threads::new(available_cores())
    }

    /// The calling thread alone.
    pub fn one() -> Self {
        Threads::new(1)
    }
}

/// The cores this process may use (1 when unknown).
pub fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Run every selected check over one source text, the rules on as many
/// threads as the machine has cores when the model is large.
pub fn run(src: &str, settings: &Settings) -> Checked {
    run_with(src, settings, Threads::available())
}

/// [`run`] with the rules on at most `threads` (a caller checking several
/// files at once gives each its share of the cores). The result does not
/// depend on `threads`.
pub fn run_with(src: &str, settings: &Settings, threads: Threads) -> Checked {
    pipeline(src, settings, threads, Keep::Model)
}

/// [`run_with`] for a caller that only reports: the diagnostics are the
/// same, `model` is `None`, and the model is freed as soon as the rules
/// are done. When the settings select no rule (`--select E`), the topology
/// the rules would read is never built.
pub fn report_with(src: &str, settings: &Settings, threads: Threads) -> Checked {
    pipeline(src, settings, threads, Keep::Free)
}

/// [`report_with`] for a process that exits once this input is reported
/// (`netlint check` on one file): the model and topology are never freed.
/// Freeing walks every declaration's vectors and strings (about 3% of a
/// `--select E` run on 100,000 lines) only to hand memory back to a
/// process about to end, where the operating system takes it back whole.
/// A long-lived caller (the language server, a test) uses [`report_with`].
pub fn report_once(src: &str, settings: &Settings, threads: Threads) -> Checked {
    pipeline(src, settings, threads, Keep::Leak)
}

/// What the pipeline does with the model once the rules are done.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Return it (with its topology) in [`Checked::model`].
    Model,
    /// Free it before the diagnostics are sorted.
    Free,
    /// Neither: see [`report_once`].
    Leak,
}

fn pipeline(src: &str, settings: &Settings, threads: Threads, keep: Keep) -> Checked {
    let mut arena = syntax::Arena::new();
    // A large source is parsed in two halves at once when a second thread
    // is allowed (the result is the same).
    let split = if threads.max >= 2 {
        syntax::Split::AUTO
    } else {
        syntax::Split::Never
    };
    let syntax::Parse { file, errors } = syntax::parse_with(src, &mut arena, split);
    // Its blocks too are resolved in two halves at once (the same result).
    let halves = if threads.max >= 2 {
        resolve::Halves::AUTO
    } else {
        resolve::Halves::Never
    };
    let resolved = resolve::resolve_with(&file, halves);
    // The suppressions are all the tree is still needed for: read them now
    // and free the tree before the model's passes run.
    let lines = crate::diagnostics::line_index::LineIndex::new(src);
    let mut allows = suppress::collect(src, &file, &lines);
    drop(file);
    drop(arena);
    let mut diagnostics: Vec<Diagnostic> = errors.into_iter().map(syntax_diagnostic).collect();
    diagnostics.extend(resolved.diagnostics);
    // E010 (two resources with one CloudFormation logical id) is an error
    // in the file like E001-E009: no rules run past it.
    let mut rules_ran = false;
    let mut topo = None;
    if let (Some(m), true) = (&resolved.model, diagnostics.is_empty()) {
        let rules: Vec<&Rule> = RULES
            .iter()
            .copied()
            .filter(|r| settings.selected(r.code))
            .collect();
        let after = after_resolve(m, &rules, keep, threads);
        rules_ran = after.collisions.is_empty();
        diagnostics.extend(after.collisions);
        diagnostics.extend(after.found);
        topo = after.topo;
    }
    // A topology exists only when the rules ran on the model.
    let model = match keep {
        Keep::Model => resolved.model.zip(topo),
        Keep::Free => {
            drop((resolved.model, topo));
            None
        }
        Keep::Leak => {
            std::mem::forget((resolved.model, topo));
            None
        }
    };
    let (mut kept, suppressed) = suppress::apply(diagnostics, &mut allows, |code| {
        rules_ran && settings.selected(code)
    });
    kept.retain(|d| settings.selected(d.code));
    for d in &mut kept {
        d.severity = settings.severity_of(d.code, d.severity);
    }
    sort(&mut kept);
    Checked {
        diagnostics: kept,
        suppressed,
        model,
    }
}

/// What the passes after resolution found: E010's collisions and, when
/// there are none, the topology (if asked for) and the rules' findings.
struct AfterResolve {
    collisions: Vec<Diagnostic>,
    topo: Option<Topology>,
    /// Empty when there are collisions: the rules do not run past them.
    found: Vec<Diagnostic>,
}

/// E010, then the selected rules over the model: each rule's findings in
/// the order it reported them, the rules in registry order, however many
/// threads ran them. The rules are independent and share the analyses
/// (`Analysis` is `Sync`; what it computes on first use, it computes once).
/// The topology is built when a rule will read it or the caller keeps the
/// model ([`Keep::Model`]).
fn after_resolve(m: &Model, rules: &[&Rule], keep: Keep, threads: Threads) -> AfterResolve {
    let wants_topo = keep == Keep::Model || !rules.is_empty();
    let leak = keep == Keep::Leak;
    let workers = if m.order.len() < threads.min_declarations {
        1
    } else {
        threads.max
    };
    if workers >= 2 && wants_topo {
        return speculate(m, rules, workers.min(rules.len() + 1), leak);
    }
    let collisions = crate::model::logical_ids::collisions_on(m, workers);
    if !collisions.is_empty() || !wants_topo {
        return AfterResolve {
            collisions,
            topo: None,
            found: Vec::new(),
        };
    }
    let topo = Topology::new(m);
    let analysis = Analysis::new(m, &topo);
    let found = rules
        .iter()
        .flat_map(|rule| {
            let cx = Context::new(m, &topo, &analysis);
            (rule.check)(&cx);
            cx.into_diagnostics()
        })
        .collect();
    let_go(analysis, leak);
    AfterResolve {
        collisions,
        topo: Some(topo),
        found,
    }
}

/// Frees `x`, or for [`Keep::Leak`] leaves it to the process's exit (the
/// analysis's tables: some 2% of a whole check on 100,000 lines).
fn let_go<T>(x: T, leak: bool) {
    if leak {
        std::mem::forget(x);
    }
}

/// [`after_resolve`] on `workers` threads, the E010 check speculatively
/// beside the rules: one helper thread checks the logical ids while the
/// calling thread builds the topology and starts the rules, then joins
/// them; the other helpers wait for the topology. Collisions are rare, and
/// when there are some the rules stop taking jobs and every finding of
/// theirs is dropped, so the result is exactly the sequential one (the
/// rules never ran). The rules are handed out longest first (an estimate
/// per rule), so that no long rule is left to run alone at the end, and
/// their findings are put back in registry order.
fn speculate(m: &Model, rules: &[&Rule], workers: usize, leak: bool) -> AfterResolve {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
    let mut order: Vec<usize> = (0..rules.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(rule_cost(rules[i].code)));
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let topo: OnceLock<Topology> = OnceLock::new();
    let analysis: OnceLock<Analysis<'_>> = OnceLock::new();
    // Set once the analysis is (true), or once the calling thread gave up
    // building it (false: it panicked), so a waiting helper never hangs.
    let ready: OnceLock<bool> = OnceLock::new();
    let work = |an: &Analysis<'_>| {
        let mut mine = Vec::new();
        while !stop.load(Relaxed) {
            let i = next.fetch_add(1, Relaxed);
            let Some(&k) = order.get(i) else { break };
            let cx = Context::new(m, an.topo, an);
            (rules[k].check)(&cx);
            mine.push((k, cx.into_diagnostics()));
        }
        mine
    };
    let collide = || {
        let c = crate::model::logical_ids::collisions(m);
        if !c.is_empty() {
            stop.store(true, Relaxed);
        }
        c
    };
    let helper = |first: bool| {
        let (work, collide, ready, analysis) = (&work, &collide, &ready, &analysis);
        move || {
            let collisions = first.then(collide);
            let found = match (ready.wait(), analysis.get()) {
                (true, Some(an)) => work(an),
                _ => Vec::new(),
            };
            (collisions, found)
        }
    };
    let (collisions, mut found) = std::thread::scope(|scope| {
        struct GiveUp<'r>(&'r OnceLock<bool>);
        impl Drop for GiveUp<'_> {
            fn drop(&mut self) {
                let _ = self.0.set(false);
            }
        }
        let _give_up = GiveUp(&ready);
        let helpers: Vec<_> = (1..workers)
            .filter_map(|h| {
                std::thread::Builder::new()
                    .stack_size(8 << 20)
                    .spawn_scoped(scope, helper(h == 1))
                    .ok()
            })
            .collect();
        let t = topo.get_or_init(|| Topology::new(m));
        let an = analysis.get_or_init(|| Analysis::new(m, t));
        let _ = ready.set(true);
        let mut found = work(an);
        let mut collisions = None;
        for h in helpers {
            let (c, f) = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            collisions = collisions.or(c);
            found.extend(f);
        }
        // No helper to check the ids: the calling thread does, last.
        (collisions.unwrap_or_else(collide), found)
    });
    let_go(analysis, leak);
    let topo = topo.into_inner();
    if !collisions.is_empty() {
        let_go(topo, leak);
        return AfterResolve {
            collisions,
            topo: None,
            found: Vec::new(),
        };
    }
    found.sort_unstable_by_key(|(k, _)| *k);
    AfterResolve {
        collisions,
        topo,
        found: found.into_iter().flat_map(|(_, d)| d).collect(),
    }
}

/// A rule's rough cost, for the order [`speculate`] hands rules out in:
/// millions of instructions on the generated 100k-line benchmark network
/// (callgrind), 1 for the many rules below that. Only the order depends on
/// it, never the findings.
fn rule_cost(code: Code) -> u32 {
    match code {
        Code::N401 => 57,
        Code::X905 => 24,
        Code::X903 => 21,
        Code::X904 => 15,
        Code::X907 => 13,
        Code::I511 => 8,
        Code::N407 => 7,
        Code::X902 | Code::A105 => 5,
        Code::R216 | Code::N404 | Code::A102 | Code::I504 | Code::A101 | Code::S308 => 2,
        _ => 1,
    }
}

/// `f` over every job on `workers` threads, the calling thread one of
/// them (a shared queue), the results in the jobs' order, exactly as a
/// sequential run gives them. Each spawned thread gets the main thread's
/// stack size (8 MiB), so work runs the same there as alone; a thread that
/// cannot be had leaves its share to the others.
pub fn in_parallel<J: Sync, R: Send>(
    jobs: &[J],
    workers: usize,
    f: impl Fn(&J) -> R + Sync,
) -> Vec<R> {
    let workers = workers.min(jobs.len());
    if workers <= 1 {
        return jobs.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let work = || {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                mine.push((i, f(job)));
            }
            mine
        };
        let helpers: Vec<_> = (1..workers)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(8 << 20)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut done = work();
        for h in helpers {
            done.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        done
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Sort by position, then code (the order every output format keeps).
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.code.as_str(), a.span.end).cmp(&(
            b.span.start,
            b.code.as_str(),
            b.span.end,
        ))
    });
}

/// All diagnostics of a source.
pub fn check_source(src: &str, settings: &Settings) -> Vec<Diagnostic> {
    run(src, settings).diagnostics
}

/// The model of a source, or its errors. Runs no rule: a model exists
/// exactly when the file has no error of its own.
pub fn load(src: &str) -> Result<(Model, Topology), Vec<Diagnostic>> {
    let checked = run(src, &Settings::errors_in_file_only());
    let errors: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code.is_error_in_file())
        .cloned()
        .collect();
    match checked.model {
        Some(m) if errors.is_empty() => Ok(m),
        _ => Err(errors),
    }
}
