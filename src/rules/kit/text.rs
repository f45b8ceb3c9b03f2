//! Words for messages: lists of names joined the way a sentence reads
//! them, percentages as written.

/// Names joined for a message, at most `max` of them: `a, b and 3 more`.
pub fn name_list<S: AsRef<str>>(names: &[S], max: usize) -> String {
    let shown: Vec<&str> = names.iter().take(max).map(AsRef::as_ref).collect();
    let rest = names.len().saturating_sub(max);
    match (shown.len(), rest) {
        (0, _) => String::new(),
        (1, 0) => shown[0].to_string(),
        (n, 0) => format!("{} and {}", shown[..n - 1].join(", "), shown[n - 1]),
        (_, r) => format!("{} and {r} more", shown.join(", ")),
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_and<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let head: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", head.join(", "), last.as_ref())
        }
    }
}

/// A percentage as written: `70%`, `72.5%`.
pub fn percent(p: f64) -> String {
    if p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_read_naturally() {
        assert_eq!(name_list::<&str>(&[], 3), "");
        assert_eq!(name_list(&["a"], 3), "a");
        assert_eq!(name_list(&["a", "b"], 3), "a and b");
        assert_eq!(name_list(&["a", "b", "c"], 3), "a, b and c");
        assert_eq!(
            name_list(&["a", "b", "c", "d", "e"], 3),
            "a, b, c and 2 more"
        );
    }

    #[test]
    fn joins_names() {
        assert_eq!(join_and::<&str>(&[]), "");
        assert_eq!(join_and(&["a"]), "a");
        assert_eq!(join_and(&["a", "b"]), "a and b");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn formats_percentages() {
        assert_eq!(percent(70.0), "70%");
        assert_eq!(percent(72.5), "72.5%");
    }
}
