//! E-codes: one fixture each under tests/fixtures/errors/, snapshots of the
//! human and JSON output, and recovery (every independent error reported).

mod common;

use common::*;

fn codes_and_lines(src: &str) -> Vec<(&'static str, usize)> {
    check(src)
        .iter()
        .map(|d| {
            (
                d.code.as_str(),
                src[..d.span.start as usize].matches('\n').count() + 1,
            )
        })
        .collect()
}

#[test]
fn each_error_fixture_fires_its_code() {
    for n in 1..=10 {
        let code = format!("E{n:03}");
        let path = root().join(format!("tests/fixtures/errors/{code}.net"));
        let src = read(&path);
        let diags = check(&src);
        assert_spans_inside(&code, &src, &diags);
        assert!(
            diags.iter().any(|d| d.code.as_str() == code),
            "{code}: got {:?}",
            diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>()
        );
        assert!(
            diags.iter().all(|d| d.code.is_error_in_file()),
            "{code}: rules must not run on a file with errors"
        );
        let name = format!("tests/fixtures/errors/{code}.net");
        let human = render_human(&name, &src, &diags);
        let json = render_json(&name, &src, &diags).trim_end().to_string();
        insta::with_settings!({snapshot_path => "../snapshots/errors", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(format!("{code}-human"), human);
            insta::assert_snapshot!(format!("{code}-json"), json);
        });
    }
}

#[test]
fn three_independent_mistakes_are_all_reported() {
    let src = read(&root().join("tests/fixtures/errors/three-mistakes.net"));
    assert_eq!(
        codes_and_lines(&src),
        [("E004", 3), ("E005", 8), ("E003", 13)]
    );
}

#[test]
fn syntax_errors_recover_at_the_next_line_and_the_next_block() {
    let src = read(&root().join("tests/fixtures/errors/E001.net"));
    assert_eq!(
        codes_and_lines(&src),
        [("E001", 4), ("E001", 7), ("E001", 9)]
    );
}

#[test]
fn references_may_precede_declarations() {
    let src = "route-table rt { vpc main; subnets a }\nsubnet a { vpc main; cidr 10.0.1.0/24; zone a }\nvpc main { cidr 10.0.0.0/16 }\n";
    assert!(check(src).is_empty(), "{:?}", check(src));
}

#[test]
fn edge_inputs_never_panic() {
    let long_line = format!(
        "vpc main {{ cidr 10.0.0.0/16 }} # {}\n",
        "x".repeat(1 << 20)
    );
    let inputs: Vec<String> = vec![
        String::new(),
        "\n\n\r\n".into(),
        "vpc main { cidr 10.0.0.0/16 }\r\nsubnet a {\r\n\tvpc main\r\n\tcidr 10.0.1.0/24\r\n\tzone a\r\n}\r\n".into(),
        "}}}{{{".into(),
        "vpc".into(),
        "vpc main".into(),
        "vpc main {".into(),
        "\"".into(),
        "region".into(),
        "description".into(),
        "vpc main { cidr 10.0.0.0/16 }\nsubnet a { vpc main; cidr 10.0.1.0/24; zone a; zone b }".into(),
        "ünïcödé ✓ { x y }".into(),
        long_line,
    ];
    for src in &inputs {
        let diags = check(src);
        assert_spans_inside("edge", src, &diags);
        let files = [netlint::render::FileReport::new(
            "edge",
            src.as_str(),
            &diags,
        )];
        let color = netlint::render::RenderOptions {
            color: true,
            ..Default::default()
        };
        let _ = netlint::render::to_string(netlint::render::Format::Human, &files, &color);
    }
    // CRLF and tabs: the same network as with LF is clean.
    let crlf: Vec<_> = check(&inputs[2])
        .into_iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(
        crlf,
        ["R207"],
        "the CRLF file must read exactly like its LF twin"
    );
}

#[test]
fn invalid_utf8_is_a_diagnostic() {
    let bytes = b"vpc main { cidr 10.0.0.0/16 }\n# caf\xe9\n";
    let d = netlint::check::decode(bytes).unwrap_err();
    assert_eq!(d.code.as_str(), "E001");
    assert_eq!(d.span.start, 35);
}

#[test]
fn suppression_comment_on_the_last_line_terminates() {
    // Regression: an own-line suppression at the end of a file without a
    // final newline once looped forever looking for "the next line".
    let diags = check("vpc main { cidr 10.0.0.0/16 }\n# netlint: allow S302");
    assert_eq!(
        diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        ["U001"]
    );
}

#[test]
fn ten_megabyte_file_checks_without_trouble() {
    // 10 MB of real blocks: every name unique, every subnet in its route
    // table, so the whole pipeline (rules included) runs over it.
    let mut src = String::from("vpc main { cidr 10.0.0.0/8 }\n");
    let mut i = 0u32;
    while src.len() < 10 << 20 {
        let (a, b) = (i / 256 % 256, i % 256);
        src.push_str(&format!(
            "subnet s{i} {{ vpc main; cidr 10.{a}.{b}.0/28; zone a }}\n\
             route-table rt{i} {{\n  vpc main\n  subnets s{i}\n}}\n\
             # a comment with some text to make the lines longer, as real files have\n"
        ));
        i += 1;
    }
    let diags = check(&src);
    assert_spans_inside("10MB", &src, &diags);
    assert!(
        diags.iter().all(|d| !d.code.is_error_in_file()),
        "{:?}",
        diags.first()
    );
}

#[test]
fn no_did_you_mean_for_a_word_longer_than_any_name() {
    // Names stop at 64 characters, so nothing longer is worth an edit
    // distance (for a 1 MiB name and a typo of it, that would take
    // minutes); the reference is still reported, without a guess.
    const { assert!(netlint::suggest::MAX_WORD >= netlint::syntax::structural::MAX_NAME_LEN) };
    let name = "v".repeat(1 << 20);
    let typo = format!("{}x", &name[1..]);
    let src = format!(
        "vpc {name} {{ cidr 10.0.0.0/16 }}\nsubnet s {{ vpc {typo}; cidr 10.0.1.0/24; zone a }}\n"
    );
    let diags = check(&src);
    let e005 = diags
        .iter()
        .find(|d| d.code.as_str() == "E005")
        .expect("the typo is an unknown reference");
    assert!(
        !e005.help.as_deref().unwrap_or("").contains("did you mean"),
        "{:?}",
        e005.help
    );
    // A short typo still gets its guess.
    let diags =
        check("vpc main { cidr 10.0.0.0/16 }\nsubnet s { vpc mian; cidr 10.0.1.0/24; zone a }\n");
    assert!(
        diags
            .iter()
            .any(|d| d.help.as_deref().is_some_and(|h| h.contains("`main`")))
    );
}

/// Load-balancer attributes, listener rules, health checks and rule lines
/// refuse what AWS refuses (E004), each at the offending words, with a
/// help line that says what to write.
#[test]
fn load_balancer_settings_and_rule_lines_are_checked() {
    const NET: &str = "vpc main { cidr 10.0.0.0/16 }\n\
        subnet a { vpc main; cidr 10.0.1.0/24; zone a }\n\
        subnet c { vpc main; cidr 10.0.2.0/24; zone c }\n\
        instance i { subnet a; ami ami-0c55b159cbfafe1f0; type t3.micro }\n\
        target-group t { vpc main; protocol http; port 80 }\n";
    let cases: &[(&str, &str, &str)] = &[
        (
            "load-balancer n { type network; subnets a, c; rule 80 10 path /a -> t }",
            "rule",
            "application",
        ),
        (
            "load-balancer w { type application; subnets a, c; cross-zone on }",
            "cross-zone",
            "always balances across zones",
        ),
        (
            "load-balancer w { type application; subnets a, c; idle-timeout 5000s }",
            "5000s",
            "between 1s and 4000s",
        ),
        (
            "load-balancer w { type application; subnets a, c; rule 80 0 path /a -> t }",
            "0",
            "between 1 and 50000",
        ),
        (
            "load-balancer w { type application; subnets a, c; rule 80 1 path api -> t }",
            "api",
            "/api/*",
        ),
        (
            "load-balancer w { type application; subnets a, c; rule 80 1 path /a, /b, /c, /d -> t }",
            "/d",
            "several rules",
        ),
        (
            "load-balancer w { type application; subnets a, c; access-logs arn:aws:s3:::logs/x }",
            "arn:aws:s3:::logs/x",
            "arn:aws:s3:::my-lb-logs",
        ),
        (
            "load-balancer w { type application; subnets a, c; access-logs arn:aws:s3:::my-logs prefix /web }",
            "/web",
            "without slashes",
        ),
        (
            "target-group u { vpc main; protocol http; port 80; health-check http /h interval 10s timeout 10s }",
            "10s",
            "under 10s",
        ),
        (
            "target-group u { vpc main; protocol tcp; port 80; health-check tcp matcher 200 }",
            "matcher",
            "remove `matcher`",
        ),
        (
            "target-group u { vpc main; protocol http; port 80; health-check http /h healthy 11 }",
            "11",
            "between 2 and 10",
        ),
        (
            "target-group u { vpc main; protocol http; port 80; target-type ip; targets i }",
            "targets i",
            "target-type instance",
        ),
        (
            "security-group g { vpc main; ingress -1 from 10.0.0.0/8 }",
            "-1",
            "write `all`",
        ),
        (
            "security-group g { vpc main; ingress TCP 22 from 10.0.0.0/8 }",
            "TCP",
            "write `tcp`",
        ),
        (
            "network-acl n { vpc main; inbound 100 allow tcp 80, 443 from 0.0.0.0/0 }",
            "80, 443",
            "one numbered rule per",
        ),
        (
            "security-group g { vpc main; ingress tcp 22 from 10.0.0.0/8 \"caf\u{e9}\" }",
            "\u{e9}",
            "use letters, digits",
        ),
    ];
    for (block, at, help) in cases {
        let src = format!("{NET}{block}\n");
        let diags = check(&src);
        assert_spans_inside(block, &src, &diags);
        let d = diags
            .iter()
            .find(|d| d.code.as_str() == "E004")
            .unwrap_or_else(|| panic!("{block}: no E004 in {diags:?}"));
        assert_eq!(d.span.text(&src), *at, "{block}: {d:?}");
        let h = d.help.as_deref().unwrap_or_default();
        assert!(h.contains(help), "{block}: help `{h}` lacks `{help}`");
    }
}
