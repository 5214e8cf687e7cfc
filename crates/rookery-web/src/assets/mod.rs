//! Static assets embedded in the binary and served at a content-hashed path, so browsers
//! may cache them for a year: a changed file gets a new URL.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;

/// The one stylesheet, compiled into the binary (no Node build step, no files on disk).
pub const STYLESHEET: &str = include_str!("rookery.css");

/// Where routes and pages find the stylesheet; the `{hash}` segment is ignored on
/// request, since only the current file is embedded.
pub const STYLESHEET_ROUTE: &str = "/assets/rookery-{hash}";

/// `/assets/rookery-<hash>.css`, the hash being FNV-1a of the stylesheet's bytes.
static STYLESHEET_PATH: LazyLock<String> =
    LazyLock::new(|| format!("/assets/rookery-{:016x}.css", fnv1a(STYLESHEET.as_bytes())));

/// The stylesheet's URL path, to put in `<link rel="stylesheet">`.
pub fn stylesheet_path() -> &'static str {
    STYLESHEET_PATH.as_str()
}

/// Answers the stylesheet with a year-long immutable cache lifetime.
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        STYLESHEET,
    )
}

/// 64-bit FNV-1a: a content fingerprint for cache busting, not a security hash.
const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_changes_with_content() {
        assert_ne!(fnv1a(b"a{}"), fnv1a(b"b{}"));
        assert!(stylesheet_path().starts_with("/assets/rookery-"));
        assert!(stylesheet_path().ends_with(".css"));
    }
}
