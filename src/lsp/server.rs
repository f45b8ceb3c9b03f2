//! The server loop: the initialize handshake (with the position encoding
//! agreed), then one message at a time until `exit`.
//!
//! Every request gets an answer: unknown methods `MethodNotFound`,
//! parameters that do not parse `InvalidParams`, a document that is not
//! open an empty answer, anything after `shutdown` `InvalidRequest`; a
//! handler that panics answers `InternalError` and the server goes on.
//! Unknown notifications are ignored, as the protocol asks.

use super::documents::{Document, Documents, SettingsFor};
use super::position::Encoding;
use super::{code_actions, completion, diagnostics, formatting, hover, navigation, symbols};
use lsp_server::{
    Connection, ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError,
};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    HoverProviderCapability, InitializeParams, InitializeResult, OneOf, PositionEncodingKind,
    RenameOptions, SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// How the session ended: `true` after `shutdown` then `exit` (exit code
/// 0), `false` for an `exit` without `shutdown` or a closed stream (1).
pub fn run(conn: &Connection, settings_for: &SettingsFor<'_>) -> bool {
    let Some(encoding) = initialize(conn) else {
        return false;
    };
    let mut server = Server {
        conn,
        docs: Documents::default(),
        encoding,
        settings_for,
        shut_down: false,
    };
    while let Ok(msg) = conn.receiver.recv() {
        match msg {
            Message::Request(r) => server.request(r),
            Message::Notification(n) if n.method == note::Exit::METHOD => return server.shut_down,
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => {}
        }
    }
    false
}

fn send(conn: &Connection, msg: impl Into<Message>) {
    // A closed channel means the client is gone: the loop ends on its own.
    let _ = conn.sender.send(msg.into());
}

fn error(code: ErrorCode, message: impl Into<String>) -> ResponseError {
    ResponseError {
        code: code as i32,
        message: message.into(),
        data: None,
    }
}

/// Wait for `initialize`, answer it; `None` if the client left first.
fn initialize(conn: &Connection) -> Option<Encoding> {
    loop {
        match conn.receiver.recv().ok()? {
            Message::Request(r) if r.method == req::Initialize::METHOD => {
                let params: InitializeParams = match serde_json::from_value(r.params) {
                    Ok(p) => p,
                    Err(e) => {
                        send(
                            conn,
                            Response {
                                id: r.id,
                                response_result: Err(error(
                                    ErrorCode::InvalidParams,
                                    e.to_string(),
                                )),
                            },
                        );
                        continue;
                    }
                };
                let utf8 = params
                    .capabilities
                    .general
                    .and_then(|g| g.position_encodings)
                    .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
                let (encoding, kind) = if utf8 {
                    (Encoding::Utf8, PositionEncodingKind::UTF8)
                } else {
                    (Encoding::Utf16, PositionEncodingKind::UTF16)
                };
                let result = InitializeResult {
                    capabilities: capabilities(kind),
                    server_info: Some(ServerInfo {
                        name: "netlint".into(),
                        version: Some(env!("CARGO_PKG_VERSION").into()),
                    }),
                };
                send(conn, Response::new_ok(r.id, result));
                return Some(encoding);
            }
            Message::Request(r) => send(
                conn,
                Response {
                    id: r.id,
                    response_result: Err(error(
                        ErrorCode::ServerNotInitialized,
                        "the server is not initialized yet",
                    )),
                },
            ),
            Message::Notification(n) if n.method == note::Exit::METHOD => return None,
            _ => {}
        }
    }
}

fn capabilities(encoding: PositionEncodingKind) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), ",".into()]),
            ..Default::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        ..Default::default()
    }
}

struct Server<'c> {
    conn: &'c Connection,
    docs: Documents,
    encoding: Encoding,
    settings_for: &'c SettingsFor<'c>,
    shut_down: bool,
}

type Answer<T> = Result<T, ResponseError>;

impl Server<'_> {
    fn respond(&self, id: RequestId, answer: Answer<serde_json::Value>) {
        send(
            self.conn,
            Response {
                id,
                response_result: answer,
            },
        );
    }

    /// Parse the parameters of `R`, run `f`, answer; a panic in `f` is an
    /// internal error, not the end of the server.
    fn handle<R: req::Request>(
        &mut self,
        r: Request,
        f: impl FnOnce(&mut Self, R::Params) -> Answer<R::Result>,
    ) where
        R::Params: DeserializeOwned,
        R::Result: Serialize,
    {
        let answer = match serde_json::from_value::<R::Params>(r.params) {
            Err(e) => Err(error(
                ErrorCode::InvalidParams,
                format!("{}: {e}", R::METHOD),
            )),
            Ok(params) => match catch_unwind(AssertUnwindSafe(|| f(self, params))) {
                Ok(a) => a.and_then(|v| {
                    serde_json::to_value(v)
                        .map_err(|e| error(ErrorCode::InternalError, e.to_string()))
                }),
                Err(_) => Err(error(
                    ErrorCode::InternalError,
                    format!("netlint failed on {}", R::METHOD),
                )),
            },
        };
        self.respond(r.id, answer);
    }

    fn request(&mut self, r: Request) {
        if self.shut_down {
            let e = error(ErrorCode::InvalidRequest, "the server is shutting down");
            return self.respond(r.id, Err(e));
        }
        match r.method.as_str() {
            req::Shutdown::METHOD => {
                self.shut_down = true;
                self.respond(r.id, Ok(serde_json::Value::Null));
            }
            req::HoverRequest::METHOD => self.handle::<req::HoverRequest>(r, |s, p| {
                let at = &p.text_document_position_params;
                Ok(s.at(&at.text_document.uri, at.position, |doc, offset| {
                    hover::hover(doc, offset)
                })
                .flatten())
            }),
            req::GotoDefinition::METHOD => self.handle::<req::GotoDefinition>(r, |s, p| {
                let at = &p.text_document_position_params;
                let uri = &at.text_document.uri;
                Ok(s.at(uri, at.position, |doc, offset| {
                    navigation::definition(uri, doc, offset)
                })
                .flatten()
                .map(lsp_types::GotoDefinitionResponse::Scalar))
            }),
            req::References::METHOD => self.handle::<req::References>(r, |s, p| {
                let at = &p.text_document_position;
                let uri = &at.text_document.uri;
                Ok(s.at(uri, at.position, |doc, offset| {
                    navigation::references(uri, doc, offset, p.context.include_declaration)
                }))
            }),
            req::PrepareRenameRequest::METHOD => {
                self.handle::<req::PrepareRenameRequest>(r, |s, p| {
                    s.at(&p.text_document.uri, p.position, |doc, offset| {
                        navigation::prepare_rename(doc, offset)
                    })
                    .unwrap_or_else(|| Err("the document is not open".into()))
                    .map(Some)
                    .map_err(|e| error(ErrorCode::RequestFailed, e))
                })
            }
            req::Rename::METHOD => self.handle::<req::Rename>(r, |s, p| {
                let at = &p.text_document_position;
                let uri = &at.text_document.uri;
                s.at(uri, at.position, |doc, offset| {
                    navigation::rename(uri, doc, offset, &p.new_name)
                })
                .unwrap_or_else(|| Err("the document is not open".into()))
                .map(Some)
                .map_err(|e| error(ErrorCode::RequestFailed, e))
            }),
            req::DocumentSymbolRequest::METHOD => {
                self.handle::<req::DocumentSymbolRequest>(r, |s, p| {
                    Ok(s.docs
                        .get(&p.text_document.uri)
                        .map(|d| lsp_types::DocumentSymbolResponse::Nested(symbols::symbols(d))))
                })
            }
            req::Completion::METHOD => self.handle::<req::Completion>(r, |s, p| {
                let at = &p.text_document_position;
                Ok(
                    s.at(&at.text_document.uri, at.position, completion::complete)
                        .map(lsp_types::CompletionResponse::Array),
                )
            }),
            req::Formatting::METHOD => self.handle::<req::Formatting>(r, |s, p| {
                let Some(doc) = s.docs.get(&p.text_document.uri) else {
                    return Ok(None);
                };
                match formatting::format(doc) {
                    Ok(edits) => Ok(Some(edits)),
                    Err(why) => {
                        // Refused: no edit, and the reason where the user sees it.
                        let message = lsp_types::ShowMessageParams {
                            typ: lsp_types::MessageType::WARNING,
                            message: format!("netlint: {why}"),
                        };
                        send(
                            s.conn,
                            Notification::new(note::ShowMessage::METHOD.into(), message),
                        );
                        Ok(None)
                    }
                }
            }),
            req::CodeActionRequest::METHOD => self.handle::<req::CodeActionRequest>(r, |s, p| {
                let uri = &p.text_document.uri;
                Ok(s.docs
                    .get(uri)
                    .map(|doc| code_actions::code_actions(uri, doc, p.range)))
            }),
            _ => {
                let e = error(
                    ErrorCode::MethodNotFound,
                    format!("netlint does not answer {}", r.method),
                );
                self.respond(r.id, Err(e));
            }
        }
    }

    /// `f` at a position of an open document; `None` when it is not open.
    fn at<T>(
        &self,
        uri: &Uri,
        pos: lsp_types::Position,
        f: impl FnOnce(&Document, u32) -> T,
    ) -> Option<T> {
        let doc = self.docs.get(uri)?;
        Some(f(doc, doc.lines.offset(&doc.text, pos)))
    }

    fn notification(&mut self, n: Notification) {
        let result = catch_unwind(AssertUnwindSafe(|| self.notify(n)));
        if result.is_err() {
            let message = lsp_types::LogMessageParams {
                typ: lsp_types::MessageType::ERROR,
                message: "netlint failed on a notification".into(),
            };
            send(
                self.conn,
                Notification::new(note::LogMessage::METHOD.into(), message),
            );
        }
    }

    fn notify(&mut self, n: Notification) {
        fn params<P: DeserializeOwned>(n: Notification) -> Option<P> {
            serde_json::from_value(n.params).ok()
        }
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidOpenTextDocumentParams>(n) else {
                    return;
                };
                let item = p.text_document;
                self.open(item.uri, item.text, item.version);
            }
            note::DidChangeTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidChangeTextDocumentParams>(n) else {
                    return;
                };
                let uri = p.text_document.uri;
                let Some(doc) = self.docs.get(&uri) else {
                    return;
                };
                let mut text = doc.text.clone();
                for change in p.content_changes {
                    match change.range {
                        // A client that sends ranges despite full sync.
                        Some(range) => {
                            let lines = super::position::Lines::new(&text, self.encoding);
                            let span = lines.span(&text, range);
                            text.replace_range(span.range(), &change.text);
                        }
                        None => text = change.text,
                    }
                }
                self.open(uri, text, p.text_document.version);
            }
            note::DidSaveTextDocument::METHOD => {
                // A saved netlint.toml beside it may have changed: check again.
                let Some(p) = params::<lsp_types::DidSaveTextDocumentParams>(n) else {
                    return;
                };
                if let Some(doc) = self.docs.get(&p.text_document.uri) {
                    let (text, version) = (doc.text.clone(), doc.version);
                    self.open(p.text_document.uri, text, version);
                }
            }
            note::DidCloseTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidCloseTextDocumentParams>(n) else {
                    return;
                };
                let uri = p.text_document.uri;
                if self.docs.remove(&uri).is_some() {
                    let cleared = lsp_types::PublishDiagnosticsParams::new(uri, Vec::new(), None);
                    send(
                        self.conn,
                        Notification::new(note::PublishDiagnostics::METHOD.into(), cleared),
                    );
                }
            }
            _ => {}
        }
    }

    /// Check a document's text and publish what the check found.
    fn open(&mut self, uri: Uri, text: String, version: i32) {
        let doc = Document::new(&uri, text, version, self.encoding, self.settings_for);
        let published = diagnostics::publish(&uri, &doc);
        self.docs.insert(uri, doc);
        send(
            self.conn,
            Notification::new(note::PublishDiagnostics::METHOD.into(), published),
        );
    }
}
