//! `netlint lsp`: the language server over stdio, with each document's
//! settings found exactly as `check` finds them ([`ConfigArgs`]).

use super::{ConfigArgs, Io};
use crate::settings::Choices;
use clap::Args;

#[derive(Args, Debug)]
pub struct LspArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Serve until the client says `exit`; 0 after `shutdown`, else 1. The
/// protocol owns standard input and output; `--verbose` lines go to
/// standard error.
pub fn run(args: &LspArgs, io: &mut Io<'_>) -> i32 {
    let _ = io;
    let settings_for = |path: &std::path::Path| {
        let mut err = std::io::stderr();
        args.config
            .settings_for(path, &Choices::default(), &mut err)
            .map(|(settings, _)| settings)
    };
    crate::lsp::stdio(&settings_for)
}
