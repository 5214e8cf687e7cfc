//! The view of an incoming request that verification needs, and reading header values
//! from it the way both signature schemes combine repeated fields.

use http::{HeaderMap, Method};

use super::error::SignatureError;

/// The parts of a received request a signature covers. `path_and_query` is the request
/// target exactly as received (before any proxy rewrite, activitypub.md §4.1 pitfalls);
/// `headers` must include `Host` (for HTTP/2, put `:authority` there); `body` is the raw
/// bytes, verified before any JSON parsing (ARCHITECTURE.md invariant 5).
#[derive(Debug, Clone, Copy)]
pub struct RequestParts<'a> {
    pub method: &'a Method,
    pub path_and_query: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

impl RequestParts<'_> {
    /// The path without the query string.
    pub(crate) fn path(&self) -> &str {
        self.path_and_query
            .split_once('?')
            .map_or(self.path_and_query, |(path, _)| path)
    }

    /// The query string without `?`, when the target has one.
    pub(crate) fn query(&self) -> Option<&str> {
        self.path_and_query.split_once('?').map(|(_, query)| query)
    }

    /// All field lines of `name`, each trimmed, joined with `", "`: the combination rule of
    /// both draft-cavage-http-signatures-12 §2.3 and RFC 9421 §2.1. `None` when absent.
    pub(crate) fn header(&self, name: &str) -> Result<Option<String>, SignatureError> {
        let mut joined: Option<String> = None;
        for value in self.headers.get_all(name) {
            let text = std::str::from_utf8(value.as_bytes())
                .map_err(|_| SignatureError::malformed(format!("header {name} is not UTF-8")))?
                .trim();
            match joined.as_mut() {
                Some(all) => {
                    all.push_str(", ");
                    all.push_str(text);
                }
                None => joined = Some(text.to_owned()),
            }
        }
        Ok(joined)
    }
}
