//! `netlint completions SHELL` and `netlint man`: generated from the clap
//! definitions of the binary that prints them, so they always match it.
//!
//! The man page is a subcommand rather than a build-script output: a build
//! script would have to compile the command-line definitions a second time
//! on every build, and `cargo install` installs the binary only, so a page
//! written at build time would not reach the user anyway. `netlint man >
//! netlint.1` gives the page of the very binary installed.

use super::{Cli, Io, output};
use clap::{Args, CommandFactory};

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {}

/// Print the completion script for a shell.
pub fn completions(args: &CompletionsArgs, io: &mut Io<'_>) -> i32 {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "netlint", &mut buf);
    match output::write_all(io.stdout, &buf) {
        Ok(()) => 0,
        Err(e) => output::write_failed(io.stderr, "the completion script", &e),
    }
}

/// Print the man page (roff) of netlint(1), its commands included.
pub fn man(_args: &ManArgs, io: &mut Io<'_>) -> i32 {
    let mut buf = Vec::new();
    let page = clap_mangen::Man::new(Cli::command());
    let rendered = page.render(&mut buf);
    // Rendering writes into memory: it cannot fail short of allocation.
    debug_assert!(rendered.is_ok());
    match output::write_all(io.stdout, &buf) {
        Ok(()) => 0,
        Err(e) => output::write_failed(io.stderr, "the man page", &e),
    }
}
