//! LSP messages over standard input and output.
//!
//! lsp-server's own stdio transport stops at the first message it cannot
//! read and believes any `Content-Length`; this one skips a message that is
//! not JSON-RPC (its body is read whole first, so the stream stays in
//! step), refuses a length over [`MAX_MESSAGE`] before allocating it, and
//! ends only at the end of input or after `exit`.

use lsp_server::Message;
use std::io::{self, BufRead, Read, Write};

/// The largest message read (a document is sent whole on each change;
/// netlint reads files up to 4 GiB, editors send far less).
pub const MAX_MESSAGE: usize = 256 << 20;

/// Why a message could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Unreadable; the next one may be fine.
    Skipped(String),
    /// The stream ended or failed.
    End,
}

/// Read one framed message.
pub fn read(input: &mut impl BufRead) -> Result<Message, ReadError> {
    let mut length: Option<usize> = None;
    let mut line = String::new();
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) if line.is_empty() => return Err(ReadError::End),
            Ok(_) => {}
            Err(e) => return Err(ReadError::Skipped(format!("unreadable header: {e}"))),
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
            if length.is_none() {
                return Err(ReadError::Skipped(format!("bad Content-Length: {value}")));
            }
        }
    }
    let length = length.unwrap_or(0);
    if length > MAX_MESSAGE {
        // Skip it without holding it.
        let skipped = io::copy(&mut input.take(length as u64), &mut io::sink())
            .map_err(|_| ReadError::End)?;
        if (skipped as usize) < length {
            return Err(ReadError::End);
        }
        return Err(ReadError::Skipped(format!(
            "a message of {length} bytes is over the limit of {MAX_MESSAGE}"
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).map_err(|_| ReadError::End)?;
    serde_json::from_slice(&body)
        .map_err(|e| ReadError::Skipped(format!("not a JSON-RPC message: {e}")))
}

/// Write one framed message.
pub fn write(output: &mut impl Write, message: &Message) -> io::Result<()> {
    let body = serde_json::to_vec(&Framed {
        jsonrpc: "2.0",
        message,
    })?;
    write!(output, "Content-Length: {}\r\n\r\n", body.len())?;
    output.write_all(&body)?;
    output.flush()
}

#[derive(serde::Serialize)]
struct Framed<'a> {
    jsonrpc: &'static str,
    #[serde(flatten)]
    message: &'a Message,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_messages_are_skipped_and_the_stream_stays_in_step() {
        let good = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let text = format!(
            "Content-Length: 5\r\n\r\n{{nope\
             Content-Length: {}\r\n\r\n{good}\
             Content-Length: 999999999999\r\n\r\n",
            good.len()
        );
        let mut input = io::Cursor::new(text.into_bytes());
        assert!(matches!(read(&mut input), Err(ReadError::Skipped(_))));
        assert!(matches!(read(&mut input), Ok(Message::Notification(n)) if n.method == "exit"));
        // Over the limit and cut short: the end.
        assert!(matches!(read(&mut input), Err(ReadError::End)));
        assert!(matches!(read(&mut input), Err(ReadError::End)));
    }
}
