//! The command line.
//!
//! Every command runs against in-memory readers and writers and returns its
//! exit code, so tests drive the real CLI without spawning processes.
//! Exit codes: 0 nothing at or above the threshold, 1 findings (or "not
//! reachable"), 2 netlint could not run.

pub mod build;
pub mod catalog;
pub mod check;
pub mod fmt;
pub mod graph;
pub mod lsp;
pub mod output;
pub mod reach;
pub mod shell;
pub mod sys;
pub mod template;
pub mod walk;

use crate::config::{self, Source};
use crate::render::text::{display_name, escape};
use crate::settings::{Choices, Settings};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "netlint",
    version,
    about = "Lint AWS network descriptions and build CloudFormation from them"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check .net files and report problems.
    Check(check::CheckArgs),
    /// Build a CloudFormation template.
    Build(build::BuildArgs),
    /// Rewrite .net files in the canonical layout.
    Fmt(fmt::FmtArgs),
    /// Can traffic get from FROM to TO? On which ports, through what?
    Reach(reach::ReachArgs),
    /// Turn a CloudFormation template into a `.net` file.
    Import(template::ImportArgs),
    /// List the rule catalog.
    Rules(catalog::RulesArgs),
    /// Print the documentation of a rule.
    Explain(catalog::ExplainArgs),
    /// Draw the network (Mermaid or Graphviz DOT), or the path of a reach
    /// answer.
    Graph(graph::GraphArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff): `netlint man > netlint.1`.
    Man(shell::ManArgs),
    /// Run the language server over stdin/stdout (for editors).
    Lsp(lsp::LspArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// The process's streams, or in-memory ones in tests.
pub struct Io<'a> {
    pub stdin: &'a mut dyn Read,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    /// Whether stdout is a terminal (for `--color auto`).
    pub stdout_is_terminal: bool,
}

impl Io<'_> {
    /// Whether to colour output to stdout (or stderr, for `build`): the
    /// `--color` choice, else the environment and the terminal.
    pub fn color(&self, choice: ColorChoice) -> bool {
        color_enabled(
            choice,
            self.stdout_is_terminal,
            std::env::var_os("NO_COLOR").as_deref(),
            std::env::var_os("FORCE_COLOR").as_deref(),
        )
    }
}

/// `--color always|never` decides; with `auto`, a non-empty `NO_COLOR`
/// turns colour off (no-color.org), else a non-empty `FORCE_COLOR` turns
/// it on whatever its value (force-color.org), else colour when the output
/// is a terminal. An empty variable counts as unset, as both conventions
/// say; with both set, `NO_COLOR` wins: asking for no colour is the safer
/// request to honour.
pub fn color_enabled(
    choice: ColorChoice,
    is_terminal: bool,
    no_color: Option<&std::ffi::OsStr>,
    force_color: Option<&std::ffi::OsStr>,
) -> bool {
    let set = |v: Option<&std::ffi::OsStr>| v.is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set(no_color) => false,
        ColorChoice::Auto if set(force_color) => true,
        ColorChoice::Auto => is_terminal,
    }
}

/// Parse arguments and run the command.
pub fn run<I, T>(args: I, io: &mut Io<'_>) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            return if e.use_stderr() {
                let _ = io.stderr.write_all(text.as_bytes());
                2
            } else {
                // --help, --version
                match output::write_all(io.stdout, text.as_bytes()) {
                    Ok(()) => 0,
                    Err(e) => output::write_failed(io.stderr, "the help", &e),
                }
            };
        }
    };
    match &cli.command {
        Command::Check(a) => check::run(a, io),
        Command::Build(a) => {
            let color = io.color(ColorChoice::Auto);
            build::run(a, io.stdin, io.stdout, io.stderr, color)
        }
        Command::Fmt(a) => fmt::run(a, io),
        Command::Reach(a) => reach::run(a, io.stdin, io.stdout, io.stderr),
        Command::Import(a) => template::import(a, io),
        Command::Rules(a) => catalog::rules(a, io),
        Command::Explain(a) => catalog::explain(a, io),
        Command::Graph(a) => graph::run(a, io),
        Command::Completions(a) => shell::completions(a, io),
        Command::Man(a) => shell::man(a, io),
        Command::Lsp(a) => lsp::run(a, io),
    }
}

/// Which configuration applies: shared by `check`, `build`, `reach` and
/// `import` (and the language server), so all find (and refuse) exactly
/// the same file.
#[derive(Args, Debug, Clone, Default)]
pub struct ConfigArgs {
    /// Use this configuration file instead of looking for netlint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Do not look for netlint.toml.
    #[arg(long)]
    pub no_config: bool,
    /// Say on standard error which configuration file was applied to each
    /// input (or that none was), and (`check`) which named YAML or JSON
    /// files were skipped as no CloudFormation template.
    #[arg(long)]
    pub verbose: bool,
}

impl ConfigArgs {
    fn source(&self) -> Source<'_> {
        match (&self.config, self.no_config) {
            (_, true) => Source::Nothing,
            (Some(path), false) => Source::File(path),
            (None, false) => Source::Discover,
        }
    }

    /// The configuration that applies to one input (found, named or
    /// none): the one discovery every command shares. With `--verbose`,
    /// says which on `err`.
    pub fn find(
        &self,
        input: &Path,
        err: &mut dyn Write,
    ) -> Result<Option<config::Config>, String> {
        let home = std::env::home_dir();
        let (found, line) =
            config::for_input(input, self.source(), home.as_deref()).map_err(|e| e.to_string())?;
        if self.verbose {
            let _ = writeln!(
                err,
                "netlint: {}: {}",
                display_name(input),
                escape(&line, false)
            );
        }
        Ok(found)
    }

    /// The settings for one input: its configuration (found, named or
    /// none) with the command line's `choices` on top, and the file that
    /// was applied. With `--verbose`, says which on `err`.
    pub fn settings_for(
        &self,
        input: &Path,
        choices: &Choices,
        err: &mut dyn Write,
    ) -> Result<(Settings, Option<PathBuf>), String> {
        let (settings, found) = self.settings_and_config(input, choices, err)?;
        Ok((settings, found.map(|c| c.path)))
    }

    /// [`Self::settings_for`], with the whole configuration found (its
    /// `[cloudformation]` table too).
    pub fn settings_and_config(
        &self,
        input: &Path,
        choices: &Choices,
        err: &mut dyn Write,
    ) -> Result<(Settings, Option<config::Config>), String> {
        let found = self.find(input, err)?;
        let file_choices = found.as_ref().map(|c| &c.choices);
        let merged = match file_choices {
            Some(file) => choices.over(file),
            None => choices.clone(),
        };
        Ok((Settings::new(&merged), found))
    }
}

/// Refuse a `--select`/`--ignore` entry that names no code (exit 2), with
/// a did-you-mean: shared by `check` and `build`.
pub fn known_codes(select: &[String], ignore: &[String], err: &mut dyn Write) -> Result<(), i32> {
    for code in select.iter().chain(ignore) {
        if crate::catalog::Code::with_prefix(code).next().is_none() {
            let hint = crate::suggest::code(code)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            let _ = writeln!(
                err,
                "error: `{code}` is not a code or prefix of any rule{hint}"
            );
            return Err(2);
        }
    }
    Ok(())
}

/// Print diagnostics for a person on stderr (the refusals of `build` and
/// `reach`); a failed write to stderr has nowhere left to be reported.
pub fn print_diagnostics(
    err: &mut dyn Write,
    name: &std::path::Path,
    src: &str,
    diagnostics: &[crate::diagnostics::Diagnostic],
    color: bool,
    summary: bool,
) {
    let files = [crate::render::FileReport::new(name, src, diagnostics)];
    let options = crate::render::RenderOptions {
        color,
        summary,
        ..crate::render::RenderOptions::default()
    };
    let _ = crate::render::write(crate::render::Format::Human, &files, &options, err);
}

/// The UTF-8 byte order mark some Windows editors put first.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Read a file argument (`-` = standard input) as bytes, without a leading
/// UTF-8 byte order mark: it is not part of the text, and positions are
/// counted after it, as an editor shows them.
pub fn read_input(path: &std::path::Path, stdin: &mut dyn Read) -> std::io::Result<Vec<u8>> {
    let mut buf = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        stdin.read_to_end(&mut buf)?;
        buf
    } else {
        std::fs::read(path)?
    };
    if buf.starts_with(BOM) {
        buf.drain(..BOM.len());
    }
    Ok(buf)
}

/// A file argument's text ([`read_input`], then UTF-8), or the exit code
/// once stderr says why there is none: 2 when it cannot be read,
/// `not_text` when it is not UTF-8 (its E001 shown): commands document
/// different codes for that.
pub fn read_text(
    path: &Path,
    stdin: &mut dyn Read,
    err: &mut dyn Write,
    color: bool,
    not_text: i32,
) -> Result<String, i32> {
    let bytes = match read_input(path, stdin) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(err, "error: cannot read {}: {e}", display_name(path));
            return Err(2);
        }
    };
    if let Err(d) = crate::check::decode(&bytes) {
        let lossy = String::from_utf8_lossy(&bytes);
        print_diagnostics(err, path, &lossy, &[*d], color, false);
        return Err(not_text);
    }
    // Valid UTF-8 (just decoded): the bytes become the string without a
    // copy.
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

/// A standard stream the process was started without (`<&-`, `>&-`).
///
/// Before `main`, Rust's runtime opens /dev/null in place of a closed
/// descriptor 0, 1 or 2, so reading a closed stdin would look like an empty
/// file, "checked: no problems", and output to a closed stdout would vanish.
/// `main` puts this in their place instead, and every use fails loudly.
pub struct Closed(pub &'static str);

impl Closed {
    fn error(&self) -> std::io::Error {
        std::io::Error::other(format!("{} is closed", self.0))
    }
}

impl Read for Closed {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(self.error())
    }
}

impl Write for Closed {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(self.error())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Err(self.error())
    }
}
