//! `netlint reach` refuses impossible traffic arguments with exit 2 and a
//! message that says what is wrong, before reading the file, instead of
//! answering "blocked" for traffic that cannot exist.

mod common;

use common::*;

fn reach(traffic: &[&str]) -> (i32, String, String) {
    let file = root().join("examples/lecture.net");
    let file = file.to_str().unwrap();
    let mut args = vec!["reach", file, "internet", "bastion"];
    args.extend(traffic);
    run_cli_text(&args, b"")
}

#[test]
fn impossible_arguments_exit_2_with_what_is_wrong() {
    for (traffic, expected) in [
        (
            &["icmp", "300"][..],
            "ICMP type 300 is out of range: icmp types are 0-255",
        ),
        (&["icmpv6", "1-999"], "ICMP type 999 is out of range"),
        (
            &["tcp", "65536"],
            "port 65536 is out of range: ports are 0-65535",
        ),
        (
            &["udp", "53-1"],
            "port range `53-1` runs backwards; write 1-53",
        ),
        (&["sctp", "9"], "`sctp` is not a protocol"),
        (&["tcp", ""], "an empty argument"),
        (&["all", "443"], "`443` follows `all`"),
    ] {
        let (code, out, err) = reach(traffic);
        assert_eq!(code, 2, "{traffic:?}: {err}");
        assert!(out.is_empty(), "{traffic:?}: no answer printed: {out}");
        assert!(err.contains(expected), "{traffic:?}: {err}");
    }
}

#[test]
fn bad_arguments_are_refused_before_the_file_is_read() {
    let (code, _, err) = run_cli_text(&["reach", "/nonexistent.net", "a", "b", "icmp", "256"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("ICMP type 256"), "{err}");
}

#[test]
fn possible_arguments_still_get_an_answer() {
    for traffic in [
        &["icmp", "255"][..],
        &["tcp", "0-65535"],
        &["all"],
        &["icmp", "8", "tcp", "22"],
    ] {
        let (code, out, err) = reach(traffic);
        assert!(code == 0 || code == 1, "{traffic:?}: {err}");
        assert!(out.contains("from internet"), "{traffic:?}: {out}");
    }
}
