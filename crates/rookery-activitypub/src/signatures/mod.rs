//! HTTP signatures: draft-cavage and RFC 9421, with the Digest headers they cover.
//!
//! Verification is two steps because the key must be fetched in between:
//! [`parse_any`] (or `cavage::parse` / `rfc9421::parse`) gives the key id, the caller
//! fetches and caches the [`PublicKey`], then `verify(..., now)` checks coverage, time
//! window, body digest and signature. No clock is read here: the caller passes `now`.

pub mod cavage;
pub mod digest;
pub mod error;
pub mod keys;
pub mod rfc9421;

mod pem;
mod request;
mod window;

use std::time::SystemTime;

use url::Url;

pub use error::SignatureError;
pub use keys::{generate_rsa_key_pair, Algorithm, GeneratedKeyPair, PublicKey, SigningKey};
pub use request::RequestParts;
pub use window::{CLOCK_SKEW_SECS, DEFAULT_VALIDITY_SECS, MAX_VALIDITY_SECS};

/// Which signature scheme a request used (activitypub.md §4.1 vs §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// draft-cavage-http-signatures-12 `Signature` header.
    DraftCavage,
    /// RFC 9421 `Signature-Input` + `Signature`.
    Rfc9421,
}

/// A parsed signature of either scheme.
#[derive(Debug, Clone, PartialEq)]
pub enum AnySignature {
    DraftCavage(cavage::ParsedSignature),
    Rfc9421(rfc9421::ParsedSignature),
}

/// Parses the signature of `req`: RFC 9421 when `Signature-Input` is present (Mastodon
/// selects by that header too, activitypub.md §4.2), else draft-cavage.
pub fn parse_any(req: &RequestParts<'_>) -> Result<AnySignature, SignatureError> {
    if req.headers.contains_key("signature-input") {
        rfc9421::parse(req).map(AnySignature::Rfc9421)
    } else {
        cavage::parse(req).map(AnySignature::DraftCavage)
    }
}

impl AnySignature {
    /// The key to fetch.
    pub fn key_id(&self) -> &str {
        match self {
            Self::DraftCavage(sig) => sig.key_id(),
            Self::Rfc9421(sig) => sig.key_id(),
        }
    }

    /// The scheme used.
    pub fn scheme(&self) -> Scheme {
        match self {
            Self::DraftCavage(sig) => sig.scheme(),
            Self::Rfc9421(sig) => sig.scheme(),
        }
    }

    /// Verifies with `key` at `now`. `public_scheme` (`https` in production) builds RFC 9421's
    /// `@target-uri`; draft-cavage ignores it.
    pub fn verify(
        &self,
        req: &RequestParts<'_>,
        public_scheme: &str,
        key: &PublicKey,
        now: SystemTime,
    ) -> Result<(), SignatureError> {
        match self {
            Self::DraftCavage(sig) => sig.verify(req, key, now),
            Self::Rfc9421(sig) => sig.verify(req, public_scheme, key, now),
        }
    }
}

/// Path plus `?query` when the URL has one: what `(request-target)` and `@target-uri` cover
/// (activitypub.md §4.1 "include the query string").
pub(crate) fn path_and_query(url: &Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// The `Host` we send: host, plus `:port` unless it is the scheme's default (the `url`
/// crate already drops default ports), so it matches what the peer reconstructs.
pub(crate) fn authority(url: &Url) -> Result<String, SignatureError> {
    let host = url
        .host_str()
        .ok_or_else(|| SignatureError::malformed("URL has no host"))?;
    Ok(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}
