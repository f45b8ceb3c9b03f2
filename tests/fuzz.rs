//! Property tests: random and mutated inputs through the whole check
//! pipeline (and the renderers) must never panic, and every span must stay
//! inside its file. Coverage-guided fuzzing of the same pipeline is in
//! tests/fuzz/ (cargo-fuzz).

mod common;

use common::*;
use proptest::prelude::*;

/// Pieces the language is made of, so random files get deep into the
/// resolver and the rules instead of stopping at the first token.
const PIECES: &[&str] = &[
    "vpc",
    "subnet",
    "route-table",
    "security-group",
    "network-acl",
    "instance",
    "volume",
    "load-balancer",
    "target-group",
    "launch-template",
    "auto-scaling-group",
    "nat-gateway",
    "internet-gateway",
    "eip",
    "main",
    "a",
    "b",
    "igw",
    "nat",
    "sg",
    "{",
    "}",
    ",",
    ";",
    "\n",
    "\r\n",
    "\t",
    " ",
    "\"x\"",
    "\"",
    "#",
    "# netlint: allow S302",
    "cidr",
    "10.0.0.0/16",
    "10.0.1.0/24",
    "0.0.0.0/0",
    "::/0",
    "10.0.1.5/24",
    "zone",
    "public-ip",
    "on",
    "off",
    "ingress",
    "egress",
    "inbound",
    "outbound",
    "100",
    "allow",
    "deny",
    "tcp",
    "udp",
    "icmp",
    "all",
    "22",
    "1024-65535",
    "from",
    "to",
    "self",
    "route",
    "->",
    "subnets",
    "type",
    "application",
    "network",
    "listener",
    "https",
    "443",
    "redirect",
    "min",
    "max",
    "2",
    "0",
    "scale-out",
    "cpu",
    ">",
    "<",
    "70%",
    "add",
    "size",
    "100GiB",
    "attach",
    "/dev/xvdf",
    "ami",
    "ami-0abc1234",
    "t3.micro",
    "role",
    "bastion",
    "region",
    "us-east-1",
    "description",
    "ünï",
    "65536",
    "-1",
    // The kinds and attributes of real networks.
    "egress-only-internet-gateway",
    "prefix-list",
    "vpc-endpoint",
    "file-system",
    "eigw",
    "ipv6",
    "ipv6-index",
    "ipv6-cidr",
    "ipv6-on-launch",
    "ipv6-addresses",
    "secondary-cidrs",
    "2600:1f00::/56",
    "2001:db8::/64",
    "100.64.0.0/16",
    "use1-az1",
    "flow-logs",
    "arn:aws:s3:::logs/vpc",
    "cloudwatch",
    "traffic",
    "reject",
    "family",
    "ipv4",
    "entries",
    "max-entries",
    "aws:s3",
    "aws:dynamodb",
    "pl-0a1b2c3d",
    "service",
    "s3",
    "ssm",
    "gateway",
    "interface",
    "route-tables",
    "private-dns",
    "policy",
    "\"{}\"",
    "mount-targets",
    "mounts",
    "encrypted",
    "performance",
    "throughput",
    "elastic",
    "provisioned",
    "backup",
    "rule",
    "path",
    "host",
    "/api/*",
    "access-logs",
    "deletion-protection",
    "idle-timeout",
    "cross-zone",
    "drop-invalid-headers",
    "60s",
    "access",
    "both",
    "instance-profile",
    "ssm-managed-instance",
];

fn random_file() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.join(" "))
}

/// The sources mutations start from: examples and fixtures.
fn corpus() -> &'static [String] {
    static CORPUS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(load_corpus)
}

fn load_corpus() -> Vec<String> {
    let mut v: Vec<String> = net_files(&root().join("examples"))
        .iter()
        .map(|p| read(p))
        .collect();
    for sub in ["tests/fixtures/errors", "tests/fixtures/cli"] {
        v.extend(net_files(&root().join(sub)).iter().map(|p| read(p)));
    }
    v
}

#[derive(Clone, Debug)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    DeleteByte(usize),
    InsertPiece(usize, &'static str),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::DeleteByte),
        (any::<usize>(), prop::sample::select(PIECES))
            .prop_map(|(a, p)| Mutation::InsertPiece(a, p)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn boundary(s: &str, i: usize) -> usize {
    let mut i = i % (s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(src: &str, muts: &[Mutation]) -> String {
    let mut s = src.to_string();
    for m in muts {
        let mut lines: Vec<String> = s.split_inclusive('\n').map(str::to_string).collect();
        let n = lines.len().max(1);
        match m {
            Mutation::DeleteLine(i) if !lines.is_empty() => {
                lines.remove(i % n);
                s = lines.concat();
            }
            Mutation::DuplicateLine(i) if !lines.is_empty() => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
                s = lines.concat();
            }
            Mutation::SwapLines(a, b) if !lines.is_empty() => {
                lines.swap(a % n, b % n);
                s = lines.concat();
            }
            Mutation::DeleteByte(i) if !s.is_empty() => {
                let at = boundary(&s, *i);
                if at < s.len() {
                    s.remove(at);
                }
            }
            Mutation::InsertPiece(i, p) => {
                let at = boundary(&s, *i);
                s.insert_str(at, p);
            }
            Mutation::Truncate(i) => {
                let at = boundary(&s, *i);
                s.truncate(at);
            }
            _ => {}
        }
    }
    s
}

fn check_everything(src: &str) {
    let diags = check(src);
    assert_spans_inside("fuzz", src, &diags);
    let _ = render_human("fuzz.net", src, &diags);
    let _ = render_json("fuzz.net", src, &diags);
    // Whatever a valid model holds, its diagram is drawn and every string
    // in it closed on its line.
    if let Ok((model, topo)) = netlint::check::load(src) {
        let options = netlint::analysis::graph::Options {
            security_groups: true,
        };
        let g = netlint::analysis::graph::network(&model, &topo, options);
        let dot = netlint::render::graph_dot::to_dot(&g);
        let mermaid = netlint::render::graph_mermaid::to_mermaid(&g);
        for line in dot.lines() {
            assert!(strings_closed(line, true), "unbalanced: {line}");
        }
        // The title is JSON (backslash escapes); labels have none.
        for line in mermaid.lines().filter(|l| !l.starts_with("title: ")) {
            assert!(strings_closed(line, false), "unbalanced: {line}");
        }
        ask_reach(&model, &topo);
    }
}

/// Questions about every kind of endpoint of a valid model — subnets
/// (`subnet:<name>`), services, file systems, instances and the internet
/// (both families) — answered and worded.
fn ask_reach(model: &netlint::model::Model, topo: &netlint::model::topology::Topology) {
    use netlint::analysis::Analysis;
    use netlint::analysis::path::{Mode, Traffic};
    use netlint::analysis::reach::{Item, Query};
    let an = Analysis::new(model, topo);
    let mut words: Vec<String> = vec!["internet".into(), "service:s3".into(), "service:ssm".into()];
    words.extend(
        model
            .subnets
            .iter()
            .take(2)
            .map(|s| format!("subnet:{}", s.decl.name)),
    );
    words.extend(model.instances.iter().take(2).map(|i| i.decl.name.clone()));
    words.extend(
        model
            .file_systems
            .iter()
            .take(1)
            .map(|f| f.decl.name.clone()),
    );
    words.extend(
        model
            .load_balancers
            .iter()
            .take(1)
            .map(|l| l.decl.name.clone()),
    );
    let items = [
        Item {
            label: "tcp 443".into(),
            traffic: Traffic::tcp(&[443]),
        },
        Item {
            label: "tcp 22".into(),
            traffic: Traffic::tcp(&[22]),
        },
    ];
    let ends: Vec<_> = words.iter().filter_map(|w| an.endpoint(w).ok()).collect();
    for from in &ends {
        for to in &ends {
            let q = Query {
                from,
                to,
                items: &items,
                mode: Mode::Normal,
            };
            let Ok(answer) = an.reach(&q) else { continue };
            for item in &answer.items {
                for leg in &item.legs {
                    let _ = (an.place_text(&leg.from), an.place_text(&leg.to));
                    if let Some(b) = leg.first_blocker() {
                        let _ = an.blocker_sentence(b);
                    }
                }
            }
        }
    }
}

/// Whether every `"…"` string on a line is closed (`\\` escapes the next
/// character when `backslash`).
fn strings_closed(line: &str, backslash: bool) -> bool {
    let mut inside = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if inside && backslash => {
                chars.next();
            }
            '"' => inside = !inside,
            _ => {}
        }
    }
    !inside
}

/// The template fixtures (tests/fixtures/cfn), for the template mutations.
fn templates() -> &'static [String] {
    static TEMPLATES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let dir = root().join("tests/fixtures/cfn");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && !p.to_string_lossy().ends_with(".params.json"))
            .collect();
        paths.sort();
        paths.iter().map(|p| read(p)).collect()
    })
}

/// What templates are made of: YAML and JSON punctuation, short-form tags,
/// intrinsics, names the fixtures use.
const TEMPLATE_PIECES: &[&str] = &[
    "\n",
    "  ",
    "- ",
    ": ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    "'",
    "&a ",
    "*a",
    "<<: ",
    "---\n",
    "|\n",
    "!Ref ",
    "!GetAtt ",
    "!Sub ",
    "!Join ",
    "!Select ",
    "!Split ",
    "!GetAZs ",
    "!Cidr ",
    "!If ",
    "!FindInMap ",
    "!Equals ",
    "!Not ",
    "!And ",
    "!Or ",
    "!Condition ",
    "!Base64 ",
    "!ImportValue ",
    "{\"Ref\": \"Vpc\"}",
    "{\"Fn::GetAtt\": [\"Vpc\", \"CidrBlock\"]}",
    "{\"Fn::If\": [\"C\", 1, 2]}",
    "${AWS::Region}",
    "${Vpc}",
    "AWS::NoValue",
    "Vpc",
    "Type: ",
    "Properties:",
    "DependsOn: ",
    "Condition: ",
    // Parameter patterns: compiled and matched, or noted as not checked.
    "AllowedPattern: ",
    "'(\\d{1,3})\\.[a-z]++(?=x)\\p{L}'",
    "0.0.0.0/0",
    "10.0.0.0/16",
    "-1",
    "65535",
    "\u{feff}",
    "\t",
];

fn template_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::DeleteByte),
        (any::<usize>(), prop::sample::select(TEMPLATE_PIECES))
            .prop_map(|(a, p)| Mutation::InsertPiece(a, p)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// A template through the reader (spans inside the text) and through
/// `check` on standard input in JSON (which must parse). On a build
/// whose `check` does not read templates yet, the `.net` front end
/// rejects it: still no panic.
fn check_template(src: &str) {
    let options = netlint::cfn::Options {
        pseudo: netlint::cfn::Pseudo {
            region: Some("us-east-1".into()),
            ..Default::default()
        },
        params: Vec::new(),
    };
    let (_, problems) = netlint::cfn::load(src, &options);
    for p in &problems {
        assert!(
            p.span.start <= p.span.end
                && (p.span.end as usize) <= src.len()
                && src.is_char_boundary(p.span.start as usize)
                && src.is_char_boundary(p.span.end as usize),
            "{p:?}"
        );
    }
    let (code, out, err) = run_cli(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--region",
            "us-east-1",
            "-",
        ],
        src.as_bytes(),
    );
    assert!(
        (0..=2).contains(&code),
        "exit {code}: {}",
        String::from_utf8_lossy(&err)
    );
    if code != 2 {
        let json: Result<serde_json::Value, _> = serde_json::from_slice(&out);
        assert!(json.is_ok(), "check printed invalid JSON");
    }
}

// The case count is proptest's: 256 by default, or `PROPTEST_CASES` (CI
// sets 3000). Unoptimised, these cases are most of `cargo test`'s time.
proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_token_soup_never_panics(src in random_file()) {
        check_everything(&src);
    }

    #[test]
    fn mutated_examples_never_panic(pick in any::<usize>(), muts in prop::collection::vec(mutation(), 1..6)) {
        let corpus = corpus();
        let src = apply(&corpus[pick % corpus.len()], &muts);
        check_everything(&src);
    }

    #[test]
    fn arbitrary_text_never_panics(src in "\\PC{0,300}") {
        check_everything(&src);
    }

    #[test]
    fn mutated_templates_never_panic(pick in any::<usize>(), muts in prop::collection::vec(template_mutation(), 1..6)) {
        let templates = templates();
        let src = apply(&templates[pick % templates.len()], &muts);
        check_template(&src);
    }
}

/// One block of a generated file: its text (for block number `n`), how many
/// syntax errors it must cause, and whether it still parses as a block. The
/// last four recover at the next block header, so one follows them.
const BLOCKS: &[(&str, usize, bool)] = &[
    ("vpc v{n} {{\n  cidr 10.0.0.0/16\n}}\n", 0, true),
    ("subnet s{n} {{ vpc v; zone a }}\n", 0, true),
    (
        "vpc v{n} {{\n  cidr {{ 10.0.0.0/16\n  dns on\n}}\n",
        1,
        true,
    ),
    ("subnet s{n} {{\n  zone a,\n}}\n", 1, true),
    ("subnet s{n} {{ zone a, ; vpc v }}\n", 1, true),
    ("vpc v{n} {{\n  description \"open\n}}\n", 1, true),
    (
        "vpc v{n} {{\n  description \"bad \\q escapes \\w\"\n}}\n",
        1,
        true,
    ),
    ("vpc v{n} {{\n  , x\n}}\n", 1, true),
    ("vpc 9v{n} {{\n}}\n", 1, true),
    ("vpc v{n} {{ cidr 10.0.0.0/16 }}\n}} }}\n", 1, true),
    ("subnet {{\n  vpc v\n}}\n", 1, false),
    ("vpc v{n}\n  cidr 10.0.0.0/16\n}}\n", 1, false),
    ("{{ x }}\n", 1, false),
    ("vpc v{n} {{\n  cidr 10.0.0.0/16\n", 1, true),
];

/// The parse split in two halves (wherever the split cuts, whatever the
/// size) is the whole parse on one thread: items, spans, comments, errors.
fn split_is_whole(src: &str) -> Result<(), TestCaseError> {
    use netlint::syntax::{Arena, Split, parse_with};
    let mut one = Arena::new();
    let whole = parse_with(src, &mut one, Split::Never);
    let mut two = Arena::new();
    let halves = parse_with(src, &mut two, Split::From(0));
    prop_assert_eq!(&halves.file, &whole.file, "{}", src);
    prop_assert_eq!(&halves.errors, &whole.errors, "{}", src);
    Ok(())
}

/// The blocks resolved in two halves (cut before block `at`, and near the
/// middle) are the blocks resolved on one thread: model and diagnostics.
fn split_resolve_is_whole(src: &str, at: usize) -> Result<(), TestCaseError> {
    use netlint::model::resolve::{Halves, resolve_with};
    let mut arena = netlint::syntax::Arena::new();
    let parsed = netlint::syntax::parse(src, &mut arena);
    let whole = resolve_with(&parsed.file, Halves::Never);
    let whole_model = format!("{:?}", whole.model);
    let blocks = parsed.file.items.len().max(1);
    for halves in [Halves::At(at % blocks), Halves::From(0)] {
        let r = resolve_with(&parsed.file, halves);
        prop_assert!(
            format!("{:?}", r.model) == whole_model,
            "{:?}\n{}",
            halves,
            src
        );
        prop_assert_eq!(&r.diagnostics, &whole.diagnostics, "{:?}\n{}", halves, src);
    }
    Ok(())
}

// 256 cases by default, `PROPTEST_CASES` in CI, as above.
proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_split_parse_is_the_whole_parse(
        pick in any::<usize>(),
        muts in prop::collection::vec(mutation(), 0..6),
        soup in random_file(),
        blocks in prop::collection::vec(0..BLOCKS.len(), 0..30),
    ) {
        let corpus = corpus();
        split_is_whole(&apply(&corpus[pick % corpus.len()], &muts))?;
        split_is_whole(&soup)?;
        let blocks: String = blocks
            .iter()
            .enumerate()
            .map(|(n, &b)| BLOCKS[b].0.replace("{n}", &n.to_string()).replace("{{", "{").replace("}}", "}"))
            .collect();
        split_is_whole(&blocks)?;
    }

    #[test]
    fn a_split_resolve_is_the_whole_resolve(
        pick in any::<usize>(),
        muts in prop::collection::vec(mutation(), 0..6),
        at in any::<usize>(),
    ) {
        let corpus = corpus();
        split_resolve_is_whole(&apply(&corpus[pick % corpus.len()], &muts), at)?;
    }

    /// Recovery keeps mistakes independent: each block's mistake is one
    /// syntax error, whatever stands around it, and every block with a
    /// header is still parsed.
    #[test]
    fn every_independent_mistake_is_reported_once(picks in prop::collection::vec(0..BLOCKS.len(), 0..30)) {
        let mut src = String::new();
        let (mut errors, mut blocks) = (0, 0);
        for (n, &pick) in picks.iter().enumerate() {
            let (template, e, parsed) = BLOCKS[pick];
            src.push_str(&template.replace("{n}", &n.to_string()).replace("{{", "{").replace("}}", "}"));
            errors += e;
            blocks += usize::from(parsed);
            if pick + 4 >= BLOCKS.len() {
                src.push_str(&format!("vpc after{n} {{ cidr 10.0.0.0/16 }}\n"));
                blocks += 1;
            }
        }
        let mut arena = netlint::syntax::Arena::new();
        let parsed = netlint::syntax::parse(&src, &mut arena);
        let messages: Vec<&str> = parsed.errors.iter().map(|e| e.message.as_str()).collect();
        prop_assert_eq!(parsed.errors.len(), errors, "{}\n{:?}", src, messages);
        prop_assert_eq!(parsed.file.items.len(), blocks, "{}", src);
    }

    /// Junk costs output in proportion to lines, not bytes: a line reports
    /// a bounded number of errors, and no message echoes a long word whole.
    #[test]
    fn errors_per_line_and_message_length_are_bounded(line in random_file(), repeat in 1usize..200) {
        let line = line.replace('\n', " ");
        let src = format!("{}\n", line.repeat(repeat));
        let mut arena = netlint::syntax::Arena::new();
        let parsed = netlint::syntax::parse(&src, &mut arena);
        let mut per_line = std::collections::HashMap::new();
        for e in &parsed.errors {
            let line = src[..e.span.start as usize].matches('\n').count();
            *per_line.entry(line).or_insert(0) += 1;
            prop_assert!(e.message.len() < 300, "{}", e.message);
        }
        // Five per line, plus an unclosed block found at the end of the file.
        prop_assert!(per_line.values().all(|&n| n <= 6), "{:?}", per_line);
    }
}
