//! `netlint lsp`: a language server over standard input and output.
//!
//! An edge, like the renderers: it turns what the check pipeline and the
//! model know into the Language Server Protocol and never reads the text
//! its own way. Each open document is checked by `check::run` under the
//! settings its `netlint.toml` gives (found as the command line finds it:
//! the caller passes that lookup in), and its syntax tree is kept as an
//! [`outline`] for positions, names and completion.
//!
//! - [`server`]: the loop, the handshake, dispatch and shutdown;
//!   [`transport`]: framing over stdio; [`documents`]: the open documents;
//!   [`position`]: byte offsets ↔ LSP positions (UTF-16, or UTF-8 when the
//!   client offers it).
//! - One file per feature: [`diagnostics`], [`hover`] (with [`facts`]),
//!   [`navigation`] (definition, references, rename), [`symbols`],
//!   [`completion`], [`formatting`], [`code_actions`].

pub mod code_actions;
pub mod completion;
pub mod diagnostics;
pub mod documents;
pub mod facts;
pub mod formatting;
pub mod hover;
pub mod navigation;
pub mod outline;
pub mod position;
pub mod server;
pub mod symbols;
pub mod transport;

pub use documents::SettingsFor;
pub use server::run;

use lsp_server::{Connection, Message};
use std::io::{BufReader, Write};

/// Serve over the process's standard input and output until `exit` or the
/// end of input; the exit code (0 after `shutdown` and `exit`, else 1).
pub fn stdio(settings_for: &SettingsFor<'_>) -> i32 {
    let (client, server) = Connection::memory();
    let Connection {
        sender: to_server,
        receiver: from_server,
    } = client;
    // Reader: stdin → the server. A message that cannot be read is
    // skipped with a line on stderr; the end of input ends the session.
    std::thread::spawn(move || {
        let mut input = BufReader::new(std::io::stdin().lock());
        loop {
            match transport::read(&mut input) {
                Ok(msg) => {
                    let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                    if to_server.send(msg).is_err() || exit {
                        break;
                    }
                }
                Err(transport::ReadError::Skipped(why)) => {
                    let _ = writeln!(std::io::stderr(), "netlint lsp: skipped a message: {why}");
                }
                Err(transport::ReadError::End) => break,
            }
        }
    });
    // Writer: the server → stdout.
    let writer = std::thread::spawn(move || {
        let mut out = std::io::stdout().lock();
        for msg in from_server {
            if transport::write(&mut out, &msg).is_err() {
                break;
            }
        }
    });
    let clean = run(&server, settings_for);
    drop(server);
    let _ = writer.join();
    if clean { 0 } else { 1 }
}
