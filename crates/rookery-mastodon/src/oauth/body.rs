//! Request bodies sent either as a form (`application/x-www-form-urlencoded`, what
//! most clients send) or as JSON.

use axum::body::Bytes;
use axum::http::HeaderMap;
use serde::de::DeserializeOwned;

/// Decodes `body` by its content type; `None` when it does not parse.
pub(crate) fn form_or_json<T: DeserializeOwned>(headers: &HeaderMap, body: &Bytes) -> Option<T> {
    let json = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/json"));
    if json {
        serde_json::from_slice(body).ok()
    } else {
        serde_urlencoded::from_bytes(body).ok()
    }
}
