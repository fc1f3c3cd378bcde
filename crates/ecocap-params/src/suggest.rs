//! Nearest-name suggestions for "did you mean ...?" hints.
//!
//! Every lookup by name in this crate (table names, ecosystem type ids,
//! service ids, CSV column names) answers a miss with the closest known
//! name, so a typo such as `dryland` points the user at `dry_land`.

/// Similarity below which no suggestion is offered: a far-fetched
/// suggestion is worse than none (the error also lists the valid names).
const MIN_SIMILARITY: f64 = 0.45;

/// Return the candidate closest to `input`, compared case-insensitively
/// with the normalised Damerau–Levenshtein similarity (0..1), or `None`
/// when nothing is reasonably close.
///
/// A candidate that contains the input (or is contained in it) scores at
/// least 0.6, so `forest` suggests `forest_land`-style ids.
pub fn nearest<'a, I, S>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + 'a + ?Sized,
{
    let needle = normalise(input);
    let mut best: Option<(f64, String)> = None;
    for candidate in candidates {
        let candidate = candidate.as_ref();
        let hay = normalise(candidate);
        if hay.is_empty() {
            continue;
        }
        let mut score = strsim::normalized_damerau_levenshtein(&needle, &hay);
        if !needle.is_empty() && (hay.contains(&needle) || needle.contains(&hay)) {
            score = score.max(0.6);
        }
        let better = match &best {
            Some((s, _)) => score > *s,
            None => true,
        };
        if better {
            best = Some((score, candidate.to_string()));
        }
    }
    best.filter(|(score, _)| *score >= MIN_SIMILARITY)
        .map(|(_, name)| name)
}

/// Lower-case, trimmed, BOM-free form used for comparisons.
pub fn normalise(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .to_lowercase()
}

/// Render an optional suggestion as ` did you mean `x`?` (or nothing).
pub(crate) fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" did you mean `{s}`?"),
        None => String::new(),
    }
}

/// Join names as `a`, `b`, `c` for messages.
pub(crate) fn quoted_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("`{}`", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids() {
        let ids = ["dry_land", "paddy", "broadleaf", "water_system"];
        assert_eq!(nearest("dryland", &ids).as_deref(), Some("dry_land"));
        assert_eq!(nearest("Broadleave", &ids).as_deref(), Some("broadleaf"));
        assert_eq!(nearest("water", &ids).as_deref(), Some("water_system"));
    }

    #[test]
    fn no_suggestion_when_far() {
        let ids = ["dry_land", "paddy"];
        assert_eq!(nearest("zzzzzzzzzzzz", &ids), None);
    }

    #[test]
    fn normalise_strips_bom_and_case() {
        assert_eq!(normalise("\u{feff} Class "), "class");
    }
}
