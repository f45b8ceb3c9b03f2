//! `netlint.toml` (placeholder until the configuration module lands).

/// Whether `code` is selected: the longest matching prefix between
/// `select` (empty = everything) and `ignore` decides.
pub fn selected(code: &str, select: &[String], ignore: &[String]) -> bool {
    let longest = |list: &[String]| {
        list.iter()
            .filter(|p| code.starts_with(p.as_str()))
            .map(|p| p.len())
            .max()
    };
    let sel = if select.is_empty() {
        Some(0)
    } else {
        longest(select)
    };
    match (sel, longest(ignore)) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(s), Some(i)) => s > i,
    }
}
