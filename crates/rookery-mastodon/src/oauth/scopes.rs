//! OAuth scopes: parsing a requested list and checking it against an app's.

/// Used when a request names no scope (Mastodon's default).
pub(crate) const DEFAULT_SCOPES: &str = "read";

/// Every scope rookery knows: the top-level ones and their `:` children.
pub(crate) const SUPPORTED: &[&str] = &[
    "read",
    "write",
    "follow",
    "push",
    "profile",
    "read:accounts",
    "read:blocks",
    "read:bookmarks",
    "read:favourites",
    "read:filters",
    "read:follows",
    "read:lists",
    "read:mutes",
    "read:notifications",
    "read:search",
    "read:statuses",
    "write:accounts",
    "write:blocks",
    "write:bookmarks",
    "write:conversations",
    "write:favourites",
    "write:filters",
    "write:follows",
    "write:lists",
    "write:media",
    "write:mutes",
    "write:notifications",
    "write:reports",
    "write:statuses",
];

/// The scopes of a space-separated list (`+` also separates, as some clients send),
/// deduplicated in order; `None` when one is unknown. Empty means the default.
pub(crate) fn parse(requested: Option<&str>) -> Option<Vec<String>> {
    let text = requested.map(str::trim).filter(|s| !s.is_empty());
    let text = text.unwrap_or(DEFAULT_SCOPES);
    let mut out: Vec<String> = Vec::new();
    for scope in text.split(|c: char| c.is_whitespace() || c == '+') {
        if scope.is_empty() {
            continue;
        }
        if !SUPPORTED.contains(&scope) {
            return None;
        }
        if !out.iter().any(|s| s == scope) {
            out.push(scope.to_owned());
        }
    }
    Some(out)
}

/// Whether every requested scope is one the app registered (or a child of one).
pub(crate) fn within(requested: &[String], allowed: &str) -> bool {
    requested.iter().all(|scope| {
        let parent = scope.split(':').next().unwrap_or(scope);
        allowed
            .split_whitespace()
            .any(|a| a == scope || a == parent)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_and_subsets() {
        assert_eq!(parse(None), Some(vec!["read".to_owned()]));
        assert_eq!(
            parse(Some("read write read")),
            Some(vec!["read".to_owned(), "write".to_owned()])
        );
        assert_eq!(parse(Some("read+follow")).map(|s| s.len()), Some(2));
        assert_eq!(parse(Some("read admin:everything")), None);
        let table = [
            ("read", "read write", true),
            ("read:statuses", "read", true),
            ("read write", "read", false),
            ("read", "read:statuses", false),
            ("follow", "read write follow", true),
        ];
        for (requested, allowed, expected) in table {
            let requested = parse(Some(requested)).unwrap_or_default();
            assert_eq!(
                within(&requested, allowed),
                expected,
                "{requested:?} {allowed}"
            );
        }
    }
}
