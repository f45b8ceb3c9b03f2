//! Is this JSON or YAML file a CloudFormation template?
//!
//! `netlint check infra/` meets workflow files, Kubernetes manifests and
//! compose files beside templates. Deciding by content, not by name, means
//! a template called `network.yml` is checked and a `values.yaml` is not.
//! The test is cheap first: a top-level `AWSTemplateFormatVersion` key
//! settles it with a text scan; a file without a top-level `Resources` key
//! or any `::` is not a template, also by text scan. Only a file that has
//! `Resources` but no version line is read, to confirm that `Resources`
//! maps names to typed resources.

/// Whether `src` is a CloudFormation template by its content.
pub fn is_template(src: &str) -> bool {
    if has_top_key(src, "AWSTemplateFormatVersion") {
        return true;
    }
    if !has_top_key(src, "Resources") || !src.contains("::") {
        return false;
    }
    let (root, _) = super::read(src);
    let Some(resources) = root
        .as_ref()
        .and_then(|r| r.get("Resources"))
        .and_then(|r| r.as_map())
    else {
        return false;
    };
    !resources.is_empty()
        && resources.iter().all(|e| {
            e.value
                .get("Type")
                .and_then(|t| t.as_text())
                .is_some_and(|t| t.contains("::"))
        })
}

/// Whether `key` appears as a key at the top of a YAML file (at the start
/// of a line, maybe quoted, followed by `:`) or as a JSON key (in double
/// quotes followed by `:`). Text only: a false positive costs a full read
/// in [`is_template`], never a wrong answer.
fn has_top_key(src: &str, key: &str) -> bool {
    let b = src.as_bytes();
    for (i, _) in src.match_indices(key) {
        let before = if i == 0 { None } else { Some(b[i - 1]) };
        let mut j = i + key.len();
        let quoted = matches!(before, Some(b'"' | b'\''));
        if quoted {
            if b.get(j) != before.as_ref() {
                continue;
            }
            j += 1;
        }
        let line_start = {
            let k = if quoted { i - 1 } else { i };
            k == 0 || b[k - 1] == b'\n' || (k == 3 && src.starts_with('\u{feff}'))
        };
        let json_key = before == Some(b'"');
        if !line_start && !json_key {
            continue;
        }
        while matches!(b.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        if b.get(j) == Some(&b':') {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_recognised() {
        assert!(is_template("AWSTemplateFormatVersion: 2010-09-09\n"));
        assert!(is_template(
            "\u{feff}AWSTemplateFormatVersion: '2010-09-09'\n"
        ));
        assert!(is_template(
            "{\n  \"AWSTemplateFormatVersion\" : \"2010-09-09\"}"
        ));
        assert!(is_template("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n"));
        assert!(is_template(
            r#"{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC"}}}"#
        ));
    }

    #[test]
    fn other_files_are_not() {
        assert!(!is_template("name: CI\non: push\njobs: {}\n"));
        assert!(!is_template(
            "apiVersion: v1\nkind: Pod\nspec:\n  resources:\n    limits: {}\n"
        ));
        assert!(!is_template("Resources:\n  - a\n  - b\n"));
        assert!(!is_template(
            "Resources:\n  X:\n    Type: thing::x\n  Y: {}\n"
        ));
        assert!(!is_template(
            "description: AWSTemplateFormatVersion is a key\n"
        ));
        assert!(!is_template("{\"a\": \"Resources\"}"));
        assert!(!is_template(""));
    }
}
