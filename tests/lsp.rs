//! The language server in memory: a client over `Connection::memory`
//! drives `netlint::lsp::run` through the protocol, as an editor would.

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use netlint::settings::Settings;
use serde_json::{Value, json};
use std::time::Duration;

const URI: &str = "file:///nowhere/net.net";

struct Client {
    conn: Connection,
    next: i32,
    server: Option<std::thread::JoinHandle<bool>>,
    /// Notifications received while waiting for a response.
    notes: Vec<Notification>,
}

impl Client {
    fn start(init: Value) -> (Client, Value) {
        let (client, server) = Connection::memory();
        let handle = std::thread::spawn(move || {
            let settings = |_: &std::path::Path| Ok::<_, String>(Settings::default());
            netlint::lsp::run(&server, &settings)
        });
        let mut c = Client {
            conn: client,
            next: 0,
            server: Some(handle),
            notes: Vec::new(),
        };
        let result = c.ok("initialize", init);
        c.notify("initialized", json!({}));
        (c, result)
    }

    fn send_raw(&self, msg: Message) {
        self.conn.sender.send(msg).expect("server alive");
    }

    fn notify(&self, method: &str, params: Value) {
        self.send_raw(Notification::new(method.into(), params).into());
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("a message from the server")
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.send_raw(Request::new(id.clone(), method.into(), params).into());
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return r,
                Message::Notification(n) => self.notes.push(n),
                _ => {}
            }
        }
    }

    fn ok(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        match r.response_result {
            Ok(v) => v,
            Err(e) => panic!("{method} failed: {e:?}"),
        }
    }

    /// The next diagnostics published.
    fn diagnostics(&mut self) -> Value {
        if let Some(i) = self
            .notes
            .iter()
            .position(|n| n.method == "textDocument/publishDiagnostics")
        {
            return self.notes.remove(i).params;
        }
        loop {
            if let Message::Notification(n) = self.recv()
                && n.method == "textDocument/publishDiagnostics"
            {
                return n.params;
            }
        }
    }

    fn open(&mut self, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": URI, "languageId": "netlint", "version": 1, "text": text}}),
        );
        self.diagnostics()
    }

    fn stop(mut self) -> bool {
        assert_eq!(self.ok("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }
}

fn at(line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}})
}

/// The (line, character) of the `nth` occurrence of `needle`, plus `ahead`
/// characters (ASCII text).
fn pos(src: &str, needle: &str, nth: usize, ahead: u32) -> (u32, u32) {
    let offset = src.match_indices(needle).nth(nth).expect("needle").0;
    let line = src[..offset].matches('\n').count() as u32;
    let col = offset - src[..offset].rfind('\n').map_or(0, |i| i + 1);
    (line, col as u32 + ahead)
}

const NET: &str = "region eu-west-1
vpc main { cidr 10.0.0.0/16 }
internet-gateway igw { vpc main }
subnet web-a { vpc main; cidr 10.0.1.0/24; zone eu-west-1a; public-ip on }
route-table public-rt {
  vpc main
  subnets web-a
  route 0.0.0.0/0 -> igw
}
security-group web-sg {
  vpc main
  ingress tcp 443 from 0.0.0.0/0
  ingress deny tcp 443 from 198.51.100.0/24
  egress tcp 443 to 0.0.0.0/0
}
instance web {
  subnet web-a
  ami ami-0123456789abcdef0
  type t3.micro
  security-groups web-sg
}
";

#[test]
fn diagnostics_hover_navigation_and_fixes() {
    let (mut c, init) = Client::start(json!({"capabilities": {}}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    let published = c.open(NET);
    let diags = published["diagnostics"].as_array().unwrap();
    let s301 = diags
        .iter()
        .find(|d| d["code"] == "S301")
        .expect("S301 published");
    assert_eq!(s301["source"], "netlint");
    let (l, ch) = pos(NET, "deny", 0, 0);
    assert_eq!(s301["range"]["start"], json!({"line": l, "character": ch}));

    // Hover on a reference: the declaration and the derived facts.
    let (l, ch) = pos(NET, "web-a", 1, 2);
    let hover = c.ok("textDocument/hover", at(l, ch));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("subnet web-a {"), "{text}");
    assert!(text.contains("256 addresses, 251 usable"), "{text}");
    assert!(
        text.contains("**public**") && text.contains("`igw`"),
        "{text}"
    );
    assert!(text.contains("route table `public-rt`"), "{text}");
    // On a security group: its rules and who uses it.
    let (l, ch) = pos(NET, "web-sg", 1, 1);
    let text = c.ok("textDocument/hover", at(l, ch))["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.contains("ingress tcp 443 from 0.0.0.0/0") && text.contains("instance `web`"),
        "{text}"
    );
    // On a kind and an attribute: reference text or the schema's shape.
    let (l, ch) = pos(NET, "route-table", 0, 1);
    let text = c.ok("textDocument/hover", at(l, ch))["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(text.contains("route-table"), "{text}");
    let (l, ch) = pos(NET, "route 0", 0, 1);
    let text = c.ok("textDocument/hover", at(l, ch))["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(text.contains("`route`"), "{text}");
    // On a finding: the rule's documentation.
    let (l, ch) = pos(NET, "deny", 0, 1);
    let text = c.ok("textDocument/hover", at(l, ch))["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.contains("**S301**") && text.contains("sg-deny-rule"),
        "{text}"
    );

    // Definition and references.
    let (l, ch) = pos(NET, "main", 1, 0);
    let def = c.ok("textDocument/definition", at(l, ch));
    assert_eq!(def["range"]["start"], json!({"line": 1, "character": 4}));
    let mut params = at(l, ch);
    params["context"] = json!({"includeDeclaration": true});
    let refs = c.ok("textDocument/references", params);
    assert_eq!(refs.as_array().unwrap().len(), 5, "{refs}");

    // Rename: every occurrence; refused for a taken or invalid name, and
    // off a name.
    let (l, ch) = pos(NET, "web-sg", 0, 0);
    let mut params = at(l, ch);
    params["newName"] = json!("front-sg");
    let edit = c.ok("textDocument/rename", params.clone());
    assert_eq!(edit["changes"][URI].as_array().unwrap().len(), 2);
    params["newName"] = json!("main");
    assert!(
        c.request("textDocument/rename", params.clone())
            .response_result
            .is_err()
    );
    params["newName"] = json!("9lives");
    assert!(
        c.request("textDocument/rename", params)
            .response_result
            .is_err()
    );
    let (l, ch) = pos(NET, "ingress", 0, 1);
    assert!(
        c.request("textDocument/prepareRename", at(l, ch))
            .response_result
            .is_err()
    );
    let (l, ch) = pos(NET, "web-sg", 0, 1);
    let prep = c.ok("textDocument/prepareRename", at(l, ch));
    assert_eq!(prep["placeholder"], "web-sg");

    // Outline.
    let symbols = c.ok(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["main", "igw", "web-a", "public-rt", "web-sg", "web"]
    );

    // Quick fixes on the deny: delete the line, or suppress it.
    let (l, _) = pos(NET, "deny", 0, 0);
    let actions = c.ok(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": l, "character": 10}, "end": {"line": l, "character": 10}}, "context": {"diagnostics": []}}),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"delete this deny rule (S301)"),
        "{titles:?}"
    );
    assert!(titles.contains(&"Suppress S301 on this line"), "{titles:?}");
    let delete = &actions[0]["edit"]["changes"][URI][0];
    assert_eq!(delete["newText"], "");
    assert_eq!(
        delete["range"],
        json!({"start": {"line": l, "character": 0}, "end": {"line": l + 1, "character": 0}})
    );
    let suppress = &actions[1]["edit"]["changes"][URI][0];
    assert_eq!(suppress["newText"], "  # netlint: allow S301");
    assert!(c.stop(), "shutdown then exit is a clean end");
}

#[test]
fn suggestions_become_quick_fixes() {
    let (mut c, _) = Client::start(json!({"capabilities": {}}));
    let src = "vpc main { cidr 10.0.0.0/16 }\nsubnet a { vpc mian; cidr 10.0.1.0/24; zone a; publc-ip on }\nsubnt b { }\n";
    let diags = c.open(src)["diagnostics"].as_array().unwrap().clone();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["E005", "E003", "E002"]);
    for (needle, fix) in [
        ("mian", "main"),
        ("publc-ip", "public-ip"),
        ("subnt", "subnet"),
    ] {
        let (l, ch) = pos(src, needle, 0, 1);
        let actions = c.ok(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": {"start": {"line": l, "character": ch}, "end": {"line": l, "character": ch}}, "context": {"diagnostics": []}}),
        );
        let edit = &actions[0]["edit"]["changes"][URI][0];
        assert_eq!(edit["newText"], fix);
        // E-codes cannot be suppressed: no such action.
        assert_eq!(actions.as_array().unwrap().len(), 1, "{actions}");
    }
    // Formatting is refused, with no edit, while the file has syntax errors.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "vpc main {{ cidr"}]}),
    );
    c.diagnostics();
    let f = c.ok(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(f, Value::Null);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": "vpc   main {cidr 10.0.0.0/16}\n"}]}),
    );
    assert_eq!(c.diagnostics()["version"], 3);
    let f = c.ok(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(f[0]["newText"], "vpc main { cidr 10.0.0.0/16 }\n");
    assert!(c.stop());
}

#[test]
fn host_bits_and_completion() {
    let (mut c, init) = Client::start(
        json!({"capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let src = "vpc main { cidr 10.0.0.0/16 }\nsubnet a { vpc main; cidr 10.0.1.5/24; zone a }\nsecurity-group sg {\n  vpc main\n  \n}\ninstance i {\n  subnet \n}\n";
    let diags = c.open(src);
    assert!(
        diags["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "E008")
    );
    // Host bits need a model: fix the instance first.
    let fixed = src.replace(
        "  subnet \n",
        "  subnet a\n  ami ami-0123456789abcdef0\n  type t3.micro\n",
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let diags = c.diagnostics();
    let a104 = diags["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "A104")
        .expect("A104")
        .clone();
    let actions = c.ok(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": a104["range"], "context": {"diagnostics": [a104]}}),
    );
    assert_eq!(
        actions[0]["edit"]["changes"][URI][0]["newText"],
        "10.0.1.0/24"
    );
    assert_eq!(actions[0]["isPreferred"], true);

    // Completion: attributes a security group still lacks, on an empty line.
    let (l, _) = pos(&fixed, "  \n", 0, 0);
    let items = c.ok("textDocument/completion", at(l, 2));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"ingress") && labels.contains(&"description"),
        "{labels:?}"
    );
    assert!(!labels.contains(&"vpc"), "vpc is already given: {labels:?}");
    // Names of the right kind after a reference key.
    let (l, ch) = pos(&fixed, "subnet a\n", 0, 7);
    let items = c.ok("textDocument/completion", at(l, ch));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["a"]);
    // Kinds at the start of a top-level line.
    let last = fixed.lines().count() as u32;
    let items = c.ok("textDocument/completion", at(last, 0));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"security-group") && labels.contains(&"region"),
        "{labels:?}"
    );
    assert!(c.stop());
}

#[test]
fn protocol_errors_get_answers_not_crashes() {
    let (mut c, _) = Client::start(json!({"capabilities": {}}));
    // Unknown method.
    let r = c.request("netlint/nothing", json!({}));
    assert_eq!(
        r.response_result.unwrap_err().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    // Malformed parameters.
    let r = c.request("textDocument/hover", json!({"textDocument": 3}));
    assert_eq!(
        r.response_result.unwrap_err().code,
        lsp_server::ErrorCode::InvalidParams as i32
    );
    // A document that is not open: nothing.
    assert_eq!(c.ok("textDocument/hover", at(0, 0)), Value::Null);
    assert_eq!(c.ok("textDocument/definition", at(0, 0)), Value::Null);
    // Positions past the end and inside a surrogate pair.
    c.open("# 𝄞𝄞\nvpc main { cidr 10.0.0.0/16 }\n");
    for (line, ch) in [(0, 3), (0, 999), (99, 99), (1, 4)] {
        c.ok("textDocument/hover", at(line, ch));
        c.ok("textDocument/completion", at(line, ch));
    }
    // Unknown notifications are ignored; a change to an unopened document too.
    c.notify("netlint/whatever", json!(null));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///other.net", "version": 1}, "contentChanges": []}),
    );
    // A huge file is checked and answered.
    let mut big = String::from("vpc main { cidr 10.0.0.0/16 }\n");
    for i in 0..3000 {
        big.push_str(&format!(
            "security-group sg{i} {{ vpc main; ingress tcp 22 from 0.0.0.0/0 }}\n"
        ));
    }
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": big}]}),
    );
    assert!(c.diagnostics()["diagnostics"].as_array().unwrap().len() >= 3000);
    // After shutdown, requests are refused; exit then ends cleanly.
    assert_eq!(c.ok("shutdown", Value::Null), Value::Null);
    let r = c.request("textDocument/hover", at(0, 0));
    assert_eq!(
        r.response_result.unwrap_err().code,
        lsp_server::ErrorCode::InvalidRequest as i32
    );
    c.notify("exit", Value::Null);
    assert!(c.server.take().unwrap().join().unwrap());
}

#[test]
fn exit_without_shutdown_is_not_clean() {
    let (c, _) = Client::start(json!({"capabilities": {}}));
    c.notify("exit", Value::Null);
    let mut c = c;
    assert!(!c.server.take().unwrap().join().unwrap());
}

/// The edit of the "suppress" action for the finding `code` published on
/// the line holding `needle`.
fn suppress_edit(c: &mut Client, published: &Value, src: &str, needle: &str, code: &str) -> Value {
    let (l, _) = pos(src, needle, 0, 0);
    let d = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code && d["range"]["start"]["line"] == l)
        .expect("the finding");
    let actions = c.ok(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let title = format!("Suppress {code} on this line");
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == title.as_str())
        .unwrap_or_else(|| panic!("no {title:?} in {actions}"));
    action["edit"]["changes"][URI][0].clone()
}

#[test]
fn suppression_joins_the_comment_already_on_the_line() {
    let (mut c, _) = Client::start(json!({"capabilities": {}}));
    let src = "vpc main { cidr 10.0.0.0/16 }\nsecurity-group sg {\n  vpc main\n  ingress tcp 22 from 0.0.0.0/0  # office\n  ingress tcp 3389 from 0.0.0.0/0  # netlint: allow S301\n}\n";
    let published = c.open(src);
    let codes: Vec<String> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        codes.iter().filter(|c| *c == "S302").count() == 2,
        "{codes:?}"
    );
    // A plain comment becomes the reason.
    let edit = suppress_edit(&mut c, &published, src, "tcp 22", "S302");
    assert_eq!(edit["newText"], "# netlint: allow S302 -- office");
    // A suppression comment gets one more code.
    let edit = suppress_edit(&mut c, &published, src, "tcp 3389", "S302");
    assert_eq!(edit["newText"], " S302");
    let fixed = src
        .replace("# office", "# netlint: allow S302 -- office")
        .replace("allow S301", "allow S301 S302");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let codes: Vec<String> = c.diagnostics()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !codes.contains(&"S302".to_string()),
        "suppressed findings are hidden: {codes:?}"
    );
    assert!(c.stop());
}

#[test]
fn every_word_of_every_example_answers() {
    let (mut c, _) = Client::start(json!({"capabilities": {}}));
    let mut dir: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "net"))
        .collect();
    dir.sort();
    let mut hovers = 0;
    for (version, path) in dir.iter().enumerate() {
        let src = std::fs::read_to_string(path).unwrap();
        c.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": URI, "languageId": "netlint", "version": version, "text": src}}),
        );
        c.diagnostics();
        for (l, line) in src.lines().enumerate() {
            let mut col = 0;
            for word in line.split(' ') {
                if !word.is_empty() {
                    let h = c.ok("textDocument/hover", at(l as u32, col + 1));
                    hovers += usize::from(!h.is_null());
                    c.ok(
                        "textDocument/completion",
                        at(l as u32, col + word.len() as u32),
                    );
                }
                col += word.chars().map(char::len_utf16).sum::<usize>() as u32 + 1;
            }
        }
        c.ok(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": URI}}),
        );
        c.ok(
            "textDocument/formatting",
            json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
        );
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": URI}}),
        );
        c.diagnostics();
    }
    assert!(hovers > 100, "{hovers}");
    assert!(c.stop());
}

/// Hover facts of the kinds the language gained after the lecture's:
/// the graph fixture of those kinds, with an Elastic IP, an EBS volume and
/// a prefix list a security group names.
#[test]
fn hover_facts_of_endpoints_file_systems_and_the_rest() {
    let mut src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/graph/grown.net"
    ))
    .unwrap();
    src.push_str(
        "eip spare {}\n\
         volume scratch { zone b; size 20GiB; attach worker-b /dev/xvdf }\n\
         security-group partners-sg { vpc core; description \"partners\"; ingress tcp 443 from partners }\n",
    );
    let (mut c, _) = Client::start(json!({"capabilities": {}}));
    c.open(&src);
    let mut hover = |needle: &str, nth: usize| -> String {
        let (l, ch) = pos(&src, needle, nth, 1);
        c.ok("textDocument/hover", at(l, ch))["contents"]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("no hover on {needle}"))
            .to_string()
    };
    for (needle, nth, wants) in [
        (
            "eigw",
            0,
            &[
                "- attached to VPC `core`",
                "- route tables sending to it: `app-rt`",
            ][..],
        ),
        ("nat-ip", 0, &["- used by: NAT gateway `nat-a`"][..]),
        ("spare", 0, &["- used by: nothing"][..]),
        (
            "scratch",
            0,
            &[
                "- 20 GiB gp3 in zone `b`",
                "- attached to: `worker-b` as `/dev/xvdf`",
            ][..],
        ),
        (
            "partners",
            0,
            &[
                "- 2 IPv4 entries; counts as 4 against a security group's rule quota",
                "- route tables routing it: `app-rt`",
                "- security groups whose rules name it: `partners-sg`",
            ][..],
        ),
        // Routes through a prefix list count as routes to their target.
        ("nat-a", 0, &["- route tables sending to it: `app-rt`"][..]),
        (
            "s3-gw",
            0,
            &[
                "- gateway endpoint for `s3` in VPC `core`",
                "- its route is on route tables: `app-rt`",
            ][..],
        ),
        (
            "logs",
            0,
            &[
                "- interface endpoint for `logs` in VPC `core`",
                "- an interface in subnets: `app-a`, `app-b`",
                "- private DNS off",
                "- security groups: `endpoint-sg`",
            ][..],
        ),
        (
            "media",
            1,
            &[
                "- mount targets in subnets: `app-a`",
                "- mounted by: instance `worker-b`, launch-template `app-lt`",
                "- security groups: `efs-sg`",
            ][..],
        ),
    ] {
        let text = hover(needle, nth);
        for want in wants {
            assert!(text.contains(want), "{needle}: {want}\n{text}");
        }
    }
    assert!(c.stop());
}

/// The text with one LSP edit applied (ASCII text).
fn apply_edit(src: &str, edit: &Value) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = src.split_inclusive('\n').take(line).map(str::len).sum();
        start + p["character"].as_u64().unwrap() as usize
    };
    let (a, b) = (
        offset(&edit["range"]["start"]),
        offset(&edit["range"]["end"]),
    );
    format!(
        "{}{}{}",
        &src[..a],
        edit["newText"].as_str().unwrap(),
        &src[b..]
    )
}

#[test]
fn an_unused_suppression_is_taken_out_of_its_comment() {
    let (mut c, _) = Client::start(json!({"capabilities": {}}));
    let src = "vpc main { cidr 10.0.0.0/16 }  # netlint: allow S302 -- nothing here\nsecurity-group sg {\n  vpc main\n  description \"x\"\n  ingress tcp 22 from 0.0.0.0/0  # netlint: allow S301, S302 A104\n  # netlint: allow S303\n  ingress tcp 443 from 10.0.0.0/8\n}\n";
    let published = c.open(src);
    let u001: Vec<Value> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "U001")
        .cloned()
        .collect();
    assert_eq!(u001.len(), 4, "{published}");
    let mut results = Vec::new();
    for d in &u001 {
        let actions = c.ok(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": d["range"], "context": {"diagnostics": [d]}}),
        );
        let actions = actions.as_array().unwrap();
        // U001 is never suppressed: the removal is the one action.
        assert_eq!(actions.len(), 1, "{actions:?}");
        let a = &actions[0];
        assert_eq!(a["isPreferred"], true, "{a}");
        let edits = a["edit"]["changes"][URI].as_array().unwrap();
        assert_eq!(edits.len(), 1);
        results.push((
            a["title"].as_str().unwrap().to_string(),
            apply_edit(src, &edits[0]),
        ));
    }
    let want = [
        // The comment's only code: the comment goes, with the spaces
        // before it.
        (
            "S302",
            src.replace("  # netlint: allow S302 -- nothing here", ""),
        ),
        // The first of three: with the separator after it.
        (
            "S301",
            src.replace("allow S301, S302 A104", "allow S302 A104"),
        ),
        // The last: with the separator before it.
        (
            "A104",
            src.replace("allow S301, S302 A104", "allow S301, S302"),
        ),
        // A comment alone on its line: the line goes.
        ("S303", src.replace("  # netlint: allow S303\n", "")),
    ];
    for (code, text) in want {
        let title = format!("remove `{code}` from the suppression (U001)");
        let got = results
            .iter()
            .find(|(t, _)| *t == title)
            .unwrap_or_else(|| panic!("no {title:?} in {results:?}"));
        assert_eq!(got.1, text, "{code}");
    }
    // With every removal made, nothing is left to report.
    let fixed = src
        .replace("  # netlint: allow S302 -- nothing here", "")
        .replace("allow S301, S302 A104", "allow S302")
        .replace("  # netlint: allow S303\n", "");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let after = c.diagnostics();
    assert!(
        !after["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "U001" || d["code"] == "S302"),
        "{after}"
    );
    assert!(c.stop());
}
