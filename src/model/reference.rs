//! The user-facing language reference, `grammar/reference.md`, as data.
//!
//! The reference is written for people (it is the project's documentation of
//! the language); editors show the same text on hover, so it is compiled in
//! and cut into sections here rather than written twice. A kind is a level-2
//! heading whose text is the kind in backticks (`` ## `subnet` ``), an
//! attribute a level-3 heading in backticks under its kind
//! (`` ### `zone` ``); any other heading ends the section before it and is
//! not a kind or attribute.

const TEXT: &str = include_str!("../../grammar/reference.md");

/// The reference text of a block kind (what stands between its heading and
/// its first attribute), without the heading.
pub fn kind_doc(kind: &str) -> Option<&'static str> {
    sections(TEXT)
        .find(|s| s.kind == kind && s.attribute.is_none())
        .map(|s| s.body)
}

/// The reference text of one attribute of a kind, without the heading.
pub fn attribute_doc(kind: &str, attribute: &str) -> Option<&'static str> {
    sections(TEXT)
        .find(|s| s.kind == kind && s.attribute == Some(attribute))
        .map(|s| s.body)
}

/// Every kind and attribute the reference documents, in its order.
pub fn documented() -> impl Iterator<Item = (&'static str, Option<&'static str>)> {
    sections(TEXT).map(|s| (s.kind, s.attribute))
}

struct Section<'a> {
    kind: &'a str,
    attribute: Option<&'a str>,
    body: &'a str,
}

/// `` `word` `` → `word`; anything else is not a kind or attribute heading.
fn code_word(heading: &str) -> Option<&str> {
    let w = heading.trim().strip_prefix('`')?.strip_suffix('`')?;
    (!w.is_empty() && !w.contains(['`', ' '])).then_some(w)
}

fn sections(text: &str) -> impl Iterator<Item = Section<'_>> {
    // Headings with their byte offsets (start of line, end of line).
    let mut headings = Vec::new();
    let mut offset = 0;
    let mut fenced = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            let level = line.bytes().take_while(|&b| b == b'#').count();
            headings.push((offset, offset + line.len(), level, line[level..].trim()));
        }
        offset += line.len();
    }
    let mut out = Vec::new();
    let mut kind: Option<&str> = None;
    for (i, &(_, body_start, level, title)) in headings.iter().enumerate() {
        let body_end = headings.get(i + 1).map_or(text.len(), |h| h.0);
        let body = text[body_start..body_end].trim();
        match (level, code_word(title)) {
            (2, Some(k)) => {
                kind = Some(k);
                out.push(Section {
                    kind: k,
                    attribute: None,
                    body,
                });
            }
            (3, Some(a)) if kind.is_some() => out.push(Section {
                kind: kind.unwrap_or_default(),
                attribute: Some(a),
                body,
            }),
            (l, _) if l <= 2 => kind = None,
            _ => {}
        }
    }
    out.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# Reference\n\n## Values\n\n### `ignored`\nno kind above\n\n## `vpc`\nA network.\n\n```\n## `not-a-heading`\n```\n\n### `cidr`\nThe block.\n\n### `dns`\nDNS.\n\n## Out of scope\n\n### `x`\nnot vpc's\n";

    #[test]
    fn kinds_and_attributes_are_cut_at_their_headings() {
        let got: Vec<_> = sections(SAMPLE)
            .map(|s| (s.kind, s.attribute, s.body))
            .collect();
        assert_eq!(
            got,
            [
                ("vpc", None, "A network.\n\n```\n## `not-a-heading`\n```"),
                ("vpc", Some("cidr"), "The block."),
                ("vpc", Some("dns"), "DNS."),
            ]
        );
    }
}
