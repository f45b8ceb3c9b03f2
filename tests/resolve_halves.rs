//! Resolving a file's blocks in two halves on two threads gives exactly
//! what resolving them on one thread gives: the model (every declaration,
//! its id, `order`) and the diagnostics, in order, wherever the cut falls
//! and whichever half has errors.

mod common;

#[path = "bench/generate.rs"]
mod generate;

use common::*;
use netlint::model::resolve::{Halves, resolve_with};
use netlint::syntax::{Arena, parse};

/// The model (as `Debug` prints it: ids, spans, values) and the
/// diagnostics of one resolution.
fn resolved(src: &str, halves: Halves) -> (String, Vec<netlint::diagnostics::Diagnostic>) {
    let mut arena = Arena::new();
    let parsed = parse(src, &mut arena);
    let r = resolve_with(&parsed.file, halves);
    (format!("{:?}", r.model), r.diagnostics)
}

/// Every cut of `src`'s blocks (and one past them, which is no cut) gives
/// the one-thread result.
fn every_cut_is_whole(name: &str, src: &str) {
    let whole = resolved(src, Halves::Never);
    let blocks = {
        let mut arena = Arena::new();
        parse(src, &mut arena).file.items.len()
    };
    for at in 0..=blocks + 1 {
        let halves = resolved(src, Halves::At(at));
        assert!(
            halves.0 == whole.0,
            "{name}: the model differs, cut at {at}"
        );
        assert_eq!(halves.1, whole.1, "{name}: cut at {at}");
    }
    // Near the middle, as a large file is cut.
    assert!(
        resolved(src, Halves::From(0)) == whole,
        "{name}: cut in the middle"
    );
}

fn fixtures() -> Vec<(String, String)> {
    let mut dirs = vec![root().join("examples"), root().join("tests/fixtures")];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            }
        }
        files.extend(net_files(&dir));
    }
    files.sort();
    files
        .iter()
        .map(|p| (p.display().to_string(), read(p)))
        .collect()
}

#[test]
fn every_example_and_fixture_at_every_cut() {
    let all = fixtures();
    // The examples, the rule fixtures (good and bad) and the error ones.
    assert!(all.len() > 200, "{} files", all.len());
    assert!(all.iter().any(|(n, _)| n.contains("fixtures/errors")));
    for (name, src) in &all {
        every_cut_is_whole(name, src);
    }
}

/// A generated network over the size that is cut in two by default,
/// clean and with errors in the first half, the second or both: unknown
/// and mistyped names (whose "did you mean" depends on what was asked
/// before), invalid values, missing attributes, a bad IPv6 setting (found
/// after the blocks, on the whole model).
#[test]
fn a_large_network_with_errors_in_either_half() {
    let clean = generate::generate(3_000);
    let whole = resolved(&clean, Halves::Never);
    assert!(whole.1.is_empty(), "{:?}", whole.1);
    assert_eq!(resolved(&clean, Halves::AUTO), whole);
    let lines: Vec<&str> = clean.lines().collect();
    let (first, second) = (lines.len() / 5, lines.len() * 4 / 5);
    let errors = [
        ("{ vpc shop-", "{ vpc shp-"),
        ("cidr 10.", "cidr 300."),
        ("zone a", "zne a"),
        ("{ vpc shop-", "{ vpc alb-sg-"),
        ("-> nat-a-", "-> nta-a-"),
        ("{ cidr 10.", "{ "),
    ];
    let mut cases = Vec::new();
    for (from, to) in errors {
        for at in [first, second] {
            cases.push(vec![(at, from, to)]);
        }
        cases.push(vec![(first, from, to), (second, from, to)]);
    }
    cases.push(vec![
        (first, "{ vpc shop-", "{ vpc nope-"),
        (second, "-> nat-a-", "-> nta-a-"),
    ]);
    for edits in cases {
        let mut lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for &(at, from, to) in &edits {
            // The first line at or after `at` that holds `from`.
            let l = lines[at..].iter_mut().find(|l| l.contains(from));
            let l = l.unwrap_or_else(|| panic!("no `{from}` after line {at}"));
            *l = l.replacen(from, to, 1);
        }
        let src = lines.join("\n") + "\n";
        let whole = resolved(&src, Halves::Never);
        assert!(!whole.1.is_empty(), "{edits:?} made no error");
        assert!(resolved(&src, Halves::AUTO) == whole, "{edits:?}");
        for at in [1, 100, 400, 700] {
            assert!(
                resolved(&src, Halves::At(at)) == whole,
                "{edits:?}, cut at {at}"
            );
        }
    }
}

/// A small file is resolved on one thread by default; the result is the
/// same either way (what `check` prints is covered by the cut tests).
#[test]
fn below_the_threshold_there_is_no_cut() {
    let src = read(&root().join("examples/three-tier.net"));
    assert_eq!(resolved(&src, Halves::AUTO), resolved(&src, Halves::Never));
}

/// A transit gateway attached twice to a VPC declared after it (or after
/// a VPC with errors) is reported with the VPC's name: the message once
/// read the name from the part of the model resolved so far, and
/// panicked when the VPC was not in it yet.
#[test]
fn attached_twice_to_a_vpc_declared_later() {
    let later = "region us-east-1
transit-gateway corp {
  id tgw-0123456789abcdef0
  networks 172.20.0.0/16
  attach hub subnets tgw-a
  attach hub subnets tgw-a
}
vpc hub { cidr 10.0.0.0/16 }
subnet tgw-a { vpc hub; cidr 10.0.250.0/28; zone a }
";
    let after_a_bad_vpc = "region us-east-1
vpc bad { cidr 10.0.0.0/99 }
vpc hub { cidr 10.0.0.0/16 }
subnet tgw-a { vpc hub; cidr 10.0.250.0/28; zone a }
transit-gateway corp {
  id tgw-0123456789abcdef0
  networks 172.20.0.0/16
  attach hub subnets tgw-a
  attach hub subnets tgw-a
}
";
    for src in [later, after_a_bad_vpc] {
        let (_, diags) = resolved(src, Halves::Never);
        assert!(
            diags
                .iter()
                .any(|d| d.message == "transit gateway `corp` is attached to vpc `hub` twice"),
            "{diags:?}"
        );
        every_cut_is_whole("tgw", src);
    }
}

/// What "did you mean" answers depends on what was asked before: the
/// edit-distance budget of a kind's names is spent over the whole file.
/// Here the first half spends it on words far from every name, so that the
/// one-thread run has none left for the second half's word two edits from
/// a name; the halves must agree (the second half is resolved again after
/// the first when the first asked for suggestions).
#[test]
fn a_suggestion_budget_spent_in_the_first_half() {
    // Permutations of one set of letters: every name passes the cheap
    // letter-count filter, so every comparison is charged.
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut shuffled = || {
        let mut letters: Vec<u8> = (b'a'..=b's').collect();
        for i in (1..letters.len()).rev() {
            letters.swap(i, (next() % (i as u64 + 1)) as usize);
        }
        String::from_utf8(letters).unwrap()
    };
    let names: Vec<String> = (0..2_000).map(|_| shuffled()).collect();
    let mut src = String::from("region us-east-1\n");
    for i in 0..60 {
        src += &format!("internet-gateway far-{i} {{ vpc {} }}\n", shuffled());
    }
    for n in &names {
        src += &format!("vpc {n} {{ cidr 10.0.0.0/16 }}\n");
    }
    // Two transpositions from the first name: two edits away.
    let mut near = names[0].clone().into_bytes();
    near.swap(0, 1);
    near.swap(5, 6);
    let near = String::from_utf8(near).unwrap();
    src += &format!("internet-gateway near {{ vpc {near} }}\n");
    let whole = resolved(&src, Halves::Never);
    let last = whole.1.last().unwrap();
    assert!(last.message.contains(&near), "{last:?}");
    // The budget was spent: no suggestion for the last word.
    assert!(last.suggestions.is_empty(), "{last:?}");
    assert!(resolved(&src, Halves::AUTO) == whole);
    // Without the first half's questions, the word gets its suggestion.
    let alone = src.replace("internet-gateway far-", "# ");
    let (_, diags) = resolved(&alone, Halves::Never);
    assert!(!diags[0].suggestions.is_empty(), "{:?}", diags[0]);
}
