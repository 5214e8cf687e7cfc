//! Signing outgoing requests and responses with the instance key (versia.md §3.3, §3.4).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http::header::{HeaderName, HeaderValue, InvalidHeaderValue};
use http::HeaderMap;
use rookery_core::Timestamp;

use super::string::{body_digest, signed_string_digested};
use super::{SIGNATURE_HEADER, SIGNED_AT_HEADER, SIGNED_BY_HEADER};
use crate::keys::InstanceKey;

/// The three header values that carry a Versia signature (versia.md §3.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeaders {
    /// Base64 of the 64-byte signature.
    pub signature: String,
    /// Our Domain.
    pub signed_by: String,
    /// Unix seconds.
    pub signed_at: i64,
}

impl SignatureHeaders {
    /// `(name, value)` pairs in the order `Signature`, `Signed-By`, `Signed-At`.
    pub fn pairs(&self) -> [(&'static str, String); 3] {
        [
            (SIGNATURE_HEADER, self.signature.clone()),
            (SIGNED_BY_HEADER, self.signed_by.clone()),
            (SIGNED_AT_HEADER, self.signed_at.to_string()),
        ]
    }

    /// Sets (replaces) the three headers on `headers`. Fails only if the domain holds
    /// bytes a header cannot carry.
    pub fn insert_into(&self, headers: &mut HeaderMap) -> Result<(), InvalidHeaderValue> {
        // `HeaderName::from_static` wants the lowercase spelling of the §3.2 names.
        headers.insert(
            HeaderName::from_static("versia-signature"),
            HeaderValue::from_str(&self.signature)?,
        );
        headers.insert(
            HeaderName::from_static("versia-signed-by"),
            HeaderValue::from_str(&self.signed_by)?,
        );
        headers.insert(
            HeaderName::from_static("versia-signed-at"),
            HeaderValue::from(self.signed_at),
        );
        Ok(())
    }
}

/// Signs a request: `raw_path` is the path we put on the wire (percent-encoded as sent),
/// `body` the exact bytes we send (empty for GET). `signer` is our Domain.
pub fn sign_request(
    key: &InstanceKey,
    signer: &str,
    method: &str,
    raw_path: &str,
    body: &[u8],
    now: Timestamp,
) -> SignatureHeaders {
    sign_request_digested(key, signer, method, raw_path, &body_digest(body), now)
}

/// [`sign_request`] for a body whose [`body_digest`] the caller already has (a fan-out
/// signs one body for many inboxes; only the path and time differ between them).
pub fn sign_request_digested(
    key: &InstanceKey,
    signer: &str,
    method: &str,
    raw_path: &str,
    body_digest: &str,
    now: Timestamp,
) -> SignatureHeaders {
    let signed_at = now.as_secs();
    let text = signed_string_digested(method, raw_path, &signed_at.to_string(), body_digest);
    SignatureHeaders {
        signature: STANDARD.encode(key.sign(text.as_bytes()).to_bytes()),
        signed_by: signer.to_owned(),
        signed_at,
    }
}

/// Signs a response: method and path are those *of the request being answered*, the
/// body is the response body, the time is ours (versia.md §3.3, vector V4).
pub fn sign_response(
    key: &InstanceKey,
    signer: &str,
    request_method: &str,
    request_path: &str,
    response_body: &[u8],
    now: Timestamp,
) -> SignatureHeaders {
    sign_request(
        key,
        signer,
        request_method,
        request_path,
        response_body,
        now,
    )
}
