//! The one error type of signature handling; its messages are short enough for a log line
//! and for the body of a 401.

use thiserror::Error;

/// Why a request's signature was not accepted (or why a key or signature could not be
/// made). Every variant maps to "401 Unauthorized" at the inbox, except `InvalidKey`,
/// which means the key we were given (ours or the peer's `publicKeyPem`) is unusable.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SignatureError {
    /// No `Signature` (or `Signature-Input`) header at all.
    #[error("request not signed")]
    Missing,
    /// A header is present but cannot be parsed, or lacks a required parameter.
    #[error("malformed signature: {0}")]
    Malformed(String),
    /// An algorithm we do not verify (only RSASSA-PKCS1-v1_5 SHA-256 and Ed25519).
    #[error("unsupported signature algorithm: {0}")]
    UnsupportedAlgorithm(String),
    /// The signature does not cover something the policy requires (activitypub.md §4.1/§4.2).
    #[error("signature must cover {0}")]
    MissingCoverage(&'static str),
    /// The signature is older than its expiry plus the allowed clock skew.
    #[error("signature expired")]
    Expired,
    /// The signature claims to be made more than the allowed skew in the future.
    #[error("signature date is in the future")]
    FromTheFuture,
    /// `Digest` / `Content-Digest` is absent, unusable or not the hash of the body.
    #[error("body digest does not match")]
    DigestMismatch,
    /// The cryptographic check failed.
    #[error("signature does not verify")]
    BadSignature,
    /// The key's type does not fit the signature's algorithm (an RSA key for `ed25519`...).
    #[error("key type does not match the signature algorithm")]
    KeyMismatch,
    /// A key could not be parsed, generated or encoded.
    #[error("invalid key: {0}")]
    InvalidKey(String),
}

impl SignatureError {
    pub(crate) fn malformed(what: impl Into<String>) -> Self {
        Self::Malformed(what.into())
    }
}
