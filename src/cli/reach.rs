//! `netlint reach` (stub until the engine lands).
use clap::Args;
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct ReachArgs {
    pub file: PathBuf,
    pub from: String,
    pub to: String,
    pub rest: Vec<String>,
}

pub fn run(
    _args: &ReachArgs,
    _stdin: &mut dyn Read,
    _out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let _ = writeln!(err, "error: reach is not available yet");
    2
}
