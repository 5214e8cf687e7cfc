//! Mastodon's pagination: `max_id`, `since_id`, `min_id`, `limit` in, and a `Link`
//! header with `next` (older) and `prev` (newer) out.

use axum::http::{HeaderMap, HeaderValue};
use rookery_core::Page;
use serde::Deserialize;

use crate::error::ApiError;

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub max_id: Option<String>,
    pub since_id: Option<String>,
    pub min_id: Option<String>,
    pub limit: Option<String>,
}

impl PageQuery {
    pub fn page(&self) -> Result<Page, ApiError> {
        Page::from_query(
            self.max_id.as_deref(),
            self.since_id.as_deref(),
            self.min_id.as_deref(),
            self.limit.as_deref(),
        )
        .map_err(|e| ApiError::Invalid(e.to_string()))
    }
}

/// The `Link` header for a page whose items have `ids` (newest first), at `url`.
pub fn link_header(url: &str, ids: &[String]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let (Some(newest), Some(oldest)) = (ids.first(), ids.last()) {
        let value =
            format!("<{url}?max_id={oldest}>; rel=\"next\", <{url}?min_id={newest}>; rel=\"prev\"");
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert("link", value);
        }
    }
    headers
}
