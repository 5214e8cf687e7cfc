//! The request and response values that cross the client's boundary.

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use url::Url;

/// A request in its general form; [`crate::HttpClient::get`] and
/// [`crate::HttpClient::post`] are shorthands for the common cases.
#[derive(Debug, Clone)]
pub struct OutboundRequest {
    pub method: Method,
    pub url: String,
    pub headers: HeaderMap,
    /// `None` sends no body at all (not even `Content-Length: 0`), as GET expects.
    pub body: Option<Bytes>,
}

impl OutboundRequest {
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        OutboundRequest {
            method,
            url: url.into(),
            headers: HeaderMap::new(),
            body: None,
        }
    }

    pub fn with_headers(mut self, headers: HeaderMap) -> Self {
        self.headers = headers;
        self
    }

    pub fn with_body(mut self, body: Bytes) -> Self {
        self.body = Some(body);
        self
    }
}

/// A fully read response. Any status is a successful exchange at this layer; deciding
/// what a 404 or 410 means is the caller's business.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// Where the body came from after redirects; callers check it against the expected
    /// origin (an object must be served by the instance that owns its id).
    pub final_url: Url,
}
