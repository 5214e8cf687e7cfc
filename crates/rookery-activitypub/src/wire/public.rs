//! The Public collection (activitypub.md §5.2). Mastodon accepts three spellings and
//! so do we; bovine writes `as:Public`. Everything is normalized to the full IRI, which
//! is also the only form we emit.

/// The one form we emit.
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// Whether `id` names the Public collection in any accepted spelling.
pub fn is_public(id: &str) -> bool {
    matches!(id, PUBLIC | "as:Public" | "Public")
}

/// `id`, with any spelling of Public replaced by the full IRI.
pub fn normalize_public(id: &str) -> &str {
    if is_public(id) {
        PUBLIC
    } else {
        id
    }
}
