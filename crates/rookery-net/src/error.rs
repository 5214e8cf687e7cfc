//! [`NetError`], the one error type of the outbound client, and how reqwest's errors
//! (and our own refusals carried through reqwest) map onto it.

use std::error::Error as StdError;
use std::fmt;

/// Why an outbound request failed.
#[derive(Debug, thiserror::Error)]
pub enum NetError {
    /// Not an absolute http(s) URL with a host.
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    /// The SSRF guard refused the target (loopback, private, link-local, ...).
    #[error("forbidden address: {0}")]
    ForbiddenAddress(String),
    #[error("DNS resolution failed: {0}")]
    Dns(String),
    #[error("connection failed: {0}")]
    Connect(String),
    #[error("request timed out")]
    Timeout,
    #[error("response body exceeds {limit} bytes")]
    TooLarge { limit: usize },
    #[error("too many redirects")]
    TooManyRedirects,
    /// Any other transport or protocol failure (reset, malformed response, TLS, ...).
    #[error("HTTP error: {0}")]
    Http(String),
}

impl NetError {
    /// Whether trying again later may succeed. Network trouble is transient; a bad URL,
    /// a refused address, an oversized body or a redirect loop will fail the same way.
    pub fn is_retryable(&self) -> bool {
        match self {
            NetError::Dns(_) | NetError::Connect(_) | NetError::Timeout | NetError::Http(_) => true,
            NetError::InvalidUrl(_)
            | NetError::ForbiddenAddress(_)
            | NetError::TooLarge { .. }
            | NetError::TooManyRedirects => false,
        }
    }
}

/// A refusal raised inside reqwest's machinery (our resolver or redirect policy). It
/// travels as the source of a `reqwest::Error` and is recovered by [`from_reqwest`], so
/// the caller sees `ForbiddenAddress` rather than a generic connect error.
#[derive(Debug, Clone)]
pub(crate) enum Refusal {
    Forbidden(String),
    Lookup(String),
    InvalidUrl(String),
    TooManyRedirects,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Forbidden(why) => write!(f, "forbidden address: {why}"),
            Refusal::Lookup(why) => write!(f, "lookup failed: {why}"),
            Refusal::InvalidUrl(why) => write!(f, "invalid URL: {why}"),
            Refusal::TooManyRedirects => f.write_str("too many redirects"),
        }
    }
}

impl StdError for Refusal {}

impl From<Refusal> for NetError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Forbidden(why) => NetError::ForbiddenAddress(why),
            Refusal::Lookup(why) => NetError::Dns(why),
            Refusal::InvalidUrl(why) => NetError::InvalidUrl(why),
            Refusal::TooManyRedirects => NetError::TooManyRedirects,
        }
    }
}

/// Classifies a reqwest error. Our own refusals win over reqwest's classification,
/// because reqwest reports a resolver failure merely as "error trying to connect".
pub(crate) fn from_reqwest(err: reqwest::Error) -> NetError {
    if let Some(refusal) = find_refusal(&err) {
        return refusal.clone().into();
    }
    if err.is_timeout() {
        NetError::Timeout
    } else if err.is_connect() {
        NetError::Connect(chain(&err))
    } else if err.is_builder() {
        NetError::InvalidUrl(chain(&err))
    } else {
        NetError::Http(chain(&err))
    }
}

fn find_refusal<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a Refusal> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(refusal) = e.downcast_ref::<Refusal>() {
            return Some(refusal);
        }
        current = e.source();
    }
    None
}

/// reqwest's top-level message is vague ("error sending request"); the causes say what
/// actually happened, which is what an operator reading the log needs.
fn chain(err: &(dyn StdError + 'static)) -> String {
    let mut out = err.to_string();
    let mut current = err.source();
    while let Some(e) = current {
        out.push_str(": ");
        out.push_str(&e.to_string());
        current = e.source();
    }
    out
}
