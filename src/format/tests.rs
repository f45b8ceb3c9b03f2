//! The layout rules, one small case each. The properties over every
//! example, fixture and generated file are in `tests/fmt.rs`.

use super::format;

fn fmt(src: &str) -> String {
    let out = format(src).unwrap_or_else(|e| panic!("syntax errors: {e:?}"));
    assert_eq!(format(&out).unwrap(), out, "not idempotent:\n{out}");
    out
}

#[test]
fn spacing_and_indentation_are_normalised() {
    assert_eq!(
        fmt("vpc   main{\n\t\tcidr    10.0.0.0/16\n dns on ;\n}\n"),
        "vpc main {\n  cidr 10.0.0.0/16\n  dns on\n}\n"
    );
    assert_eq!(
        fmt("route-table rt {\n route 0.0.0.0/0   ->   igw\n subnets a ,b,   c\n}"),
        "route-table rt {\n  route 0.0.0.0/0 -> igw\n  subnets a, b, c\n}\n"
    );
}

#[test]
fn one_line_blocks_stay_on_one_line_while_they_fit() {
    assert_eq!(
        fmt("subnet a  {vpc main;cidr 10.0.1.0/24 ;zone a;}\n"),
        "subnet a { vpc main; cidr 10.0.1.0/24; zone a }\n"
    );
    assert_eq!(fmt("eip e { }\nvpc v {\n}\n"), "eip e {}\nvpc v {}\n");
    let long = format!(
        "subnet a {{ vpc main; description \"{}\" }}\n",
        "x".repeat(90)
    );
    assert_eq!(
        fmt(&long),
        format!(
            "subnet a {{\n  vpc main\n  description \"{}\"\n}}\n",
            "x".repeat(90)
        )
    );
    // A multi-line block is not folded, however short.
    assert_eq!(
        fmt("vpc v {\n  cidr 10.0.0.0/16 }\n"),
        "vpc v {\n  cidr 10.0.0.0/16\n}\n"
    );
}

#[test]
fn items_sharing_a_line_are_split() {
    assert_eq!(
        fmt("region us-east-1; vpc v { cidr 10.0.0.0/16 } eip e {}\n"),
        "region us-east-1\nvpc v { cidr 10.0.0.0/16 }\neip e {}\n"
    );
    assert_eq!(
        fmt("vpc v { cidr 10.0.0.0/16\n dns on; ipv6 on }\n"),
        "vpc v {\n  cidr 10.0.0.0/16\n  dns on\n  ipv6 on\n}\n"
    );
}

#[test]
fn blank_lines_are_kept_one_at_most() {
    assert_eq!(
        fmt(
            "\n\n# top\n\n\n\nvpc v {\n\n  cidr 10.0.0.0/16\n\n\n  dns on\n\n}\n\n\neip e {}\neip f {}\n\n\n"
        ),
        "# top\n\nvpc v {\n  cidr 10.0.0.0/16\n\n  dns on\n}\n\neip e {}\neip f {}\n"
    );
    assert_eq!(fmt(""), "");
    assert_eq!(fmt("\n \n\t\n"), "");
    assert_eq!(fmt("# only\n\n\n# comments   \n"), "# only\n\n# comments\n");
}

#[test]
fn a_multi_line_block_stands_one_blank_line_from_its_neighbours() {
    // Two multi-line blocks side by side.
    assert_eq!(
        fmt("vpc main {\n  cidr 10.0.0.0/16\n}\nsubnet a {\n  vpc main\n}\n"),
        "vpc main {\n  cidr 10.0.0.0/16\n}\n\nsubnet a {\n  vpc main\n}\n"
    );
    // Beside a one-line block or a setting, on either side; a one-line
    // block opened because it is too long counts as multi-line.
    let long = format!(
        "subnet s {{ vpc main; description \"{}\" }}",
        "x".repeat(90)
    );
    assert_eq!(
        fmt(&format!(
            "region us-east-1\nvpc v {{\n  cidr 10.0.0.0/16\n}}\neip e {{}}\n{long}\neip f {{}}\n"
        )),
        format!(
            "region us-east-1\n\nvpc v {{\n  cidr 10.0.0.0/16\n}}\n\neip e {{}}\n\nsubnet s {{\n  vpc main\n  description \"{}\"\n}}\n\neip f {{}}\n",
            "x".repeat(90)
        )
    );
    // Three blank lines become one, wherever they are.
    assert_eq!(
        fmt(
            "vpc v {\n  cidr 10.0.0.0/16\n\n\n\n  dns on\n}\n\n\n\nvpc w {\n  cidr 10.1.0.0/16\n}\n\n\n\neip e {}\n"
        ),
        "vpc v {\n  cidr 10.0.0.0/16\n\n  dns on\n}\n\nvpc w {\n  cidr 10.1.0.0/16\n}\n\neip e {}\n"
    );
    // Blank lines inside a block are the user's: none added, none after
    // `{` or before `}`.
    assert_eq!(
        fmt("vpc v {\n\n  cidr 10.0.0.0/16\n  dns on\n\n}\n"),
        "vpc v {\n  cidr 10.0.0.0/16\n  dns on\n}\n"
    );
}

#[test]
fn the_blank_line_goes_above_the_comments_of_the_block_below() {
    // The comments right above a block are its own: the blank line goes
    // above them, and a comment that ends the line above stays there.
    assert_eq!(
        fmt(
            "vpc v {\n  cidr 10.0.0.0/16\n} # the VPC\n# the subnet\n# more\nsubnet a {\n  vpc v\n}\n"
        ),
        "vpc v {\n  cidr 10.0.0.0/16\n} # the VPC\n\n# the subnet\n# more\nsubnet a {\n  vpc v\n}\n"
    );
    // A gap that has a blank line already keeps it, and gains no other.
    let spaced =
        "vpc v {\n  cidr 10.0.0.0/16\n}\n# about v\n\n# the subnet\nsubnet a {\n  vpc v\n}\n";
    assert_eq!(fmt(spaced), spaced);
    // A comment after a lone `;` stays on its line, below the blank one.
    assert_eq!(
        fmt("vpc v {\n  cidr 10.0.0.0/16\n}\n; # netlint: allow X\neip e {}\n"),
        "vpc v {\n  cidr 10.0.0.0/16\n}\n\n; # netlint: allow X\neip e {}\n"
    );
    // Items that share a commented line keep sharing it.
    assert_eq!(
        fmt("vpc v {\n  cidr 10.0.0.0/16\n}; eip e {} # netlint: allow X\n"),
        "vpc v {\n  cidr 10.0.0.0/16\n}; eip e {} # netlint: allow X\n"
    );
}

#[test]
fn stacked_one_line_blocks_keep_their_blank_lines() {
    // A table of one-line blocks and settings: none added, one kept.
    let table = "region us-east-1\ndescription \"d\"\nsubnet a { vpc v; zone a }\nsubnet b { vpc v; zone b }\n\nsubnet c { vpc v; zone c }\n# d\nsubnet d { vpc v; zone a }\n";
    assert_eq!(fmt(table), table);
    assert_eq!(
        fmt("subnet a { vpc v }\n\n\n\nsubnet b { vpc v }\n"),
        "subnet a { vpc v }\n\nsubnet b { vpc v }\n"
    );
}

#[test]
fn long_lists_wrap_after_commas() {
    let names: Vec<String> = (0..30).map(|i| format!("subnet-{i:02}")).collect();
    let src = format!("route-table rt {{\n  subnets {}\n}}\n", names.join(","));
    let out = fmt(&src);
    assert!(
        out.lines().all(|l| l.chars().count() <= super::WIDTH),
        "{out}"
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[1].starts_with("  subnets subnet-00, subnet-01,"));
    assert!(lines[2].starts_with("    subnet-"), "{out}");
    assert!(
        lines
            .iter()
            .skip(1)
            .take(lines.len() - 2)
            .all(|l| l.ends_with(',') || l.ends_with("subnet-29"))
    );
    // A short list broken in the source is joined.
    assert_eq!(
        fmt("route-table rt {\n  subnets a,\n       b,\n   c\n}\n"),
        "route-table rt {\n  subnets a, b, c\n}\n"
    );
}

#[test]
fn comments_stay_where_they_are() {
    let src = "\
# head
vpc v { # after the brace
  # before cidr
  cidr 10.0.0.0/16   # after cidr
  subnets a, # in the list
    # own line in the list
    b
  # before the close
} # after the close
# tail
";
    let expected = "\
# head
vpc v { # after the brace
  # before cidr
  cidr 10.0.0.0/16 # after cidr
  subnets a, # in the list
    # own line in the list
    b
  # before the close
} # after the close
# tail
";
    assert_eq!(fmt(src), expected);
}

#[test]
fn a_commented_line_keeps_its_tokens() {
    // A trailing suppression silences its line: the line is not split...
    assert_eq!(
        fmt("vpc v {\n  cidr 10.0.0.0/8;  dns off   # netlint: allow A103\n}\n"),
        "vpc v {\n  cidr 10.0.0.0/8; dns off # netlint: allow A103\n}\n"
    );
    // ... nor a one-line block opened, however long ...
    let long = format!(
        "subnet a {{ vpc main; description \"{}\" }} # c\n",
        "x".repeat(90)
    );
    assert_eq!(fmt(&long), long);
    // ... and so for a line after a comment on its own line.
    assert_eq!(
        fmt("# netlint: allow X\nregion us-east-1; eip e {}\neip f {}; eip g {}\n"),
        "# netlint: allow X\nregion us-east-1; eip e {}\neip f {}\neip g {}\n"
    );
    // The header line of a block keeps what shares it with a comment.
    assert_eq!(
        fmt("vpc v { cidr 10.0.0.0/16 # c\n dns on }\n"),
        "vpc v { cidr 10.0.0.0/16 # c\n  dns on\n}\n"
    );
    // A comment after a lone `;` stays off the line above.
    assert_eq!(
        fmt("eip e {}\n; # c\neip f {}\n"),
        "eip e {}\n; # c\neip f {}\n"
    );
}

#[test]
fn strings_and_words_are_kept_byte_for_byte() {
    let src = "description \"a  \\\"b\\\"\\t # not a comment\"\nvpc v { tags ünï,\"x y\" }\n";
    assert_eq!(
        fmt(src),
        "description \"a  \\\"b\\\"\\t # not a comment\"\nvpc v { tags ünï, \"x y\" }\n"
    );
}

#[test]
fn crlf_becomes_lf() {
    assert_eq!(
        fmt("vpc v {\r\n  cidr 10.0.0.0/16 # c\r\n}\r\n"),
        "vpc v {\n  cidr 10.0.0.0/16 # c\n}\n"
    );
}

#[test]
fn syntax_errors_are_returned_not_formatted() {
    let errors = format("vpc v {\n  cidr { x\n}\n").unwrap_err();
    assert_eq!(errors.len(), 1);
}
