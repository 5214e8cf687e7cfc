//! Why a signature was refused, and the HTTP status each reason maps to (versia.md §3.5).

use http::StatusCode;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// One of the three Versia headers is absent (§3.5 step 1: 401).
    #[error("missing {0} header")]
    MissingHeader(&'static str),
    /// A header is repeated or not visible ASCII.
    #[error("malformed {0} header")]
    MalformedHeader(&'static str),
    /// `Versia-Signed-At` is not a decimal integer of seconds (§3.5 step 2: 422).
    #[error("Versia-Signed-At is not a whole number of seconds")]
    InvalidTimestamp,
    /// The signature is more than 300 s away from our clock (§3.5 step 2: 422).
    #[error("Versia-Signed-At {signed_at} is more than 300 s away from now ({now})")]
    ClockSkew { signed_at: i64, now: i64 },
    /// `Versia-Signed-By` is not a valid Domain (§3.5 step 3).
    #[error("Versia-Signed-By {0:?} is not a valid domain")]
    InvalidSigner(String),
    /// No key could be obtained for the signer.
    #[error("no public key known for {0}")]
    UnknownSigner(String),
    /// A response was signed by someone other than the host we fetched from (§3.5, last
    /// paragraph).
    #[error("response signed by {got}, expected {expected}")]
    UnexpectedSigner { expected: String, got: String },
    /// `Versia-Signature` is not base64 of 64 bytes.
    #[error("Versia-Signature is not base64 of a 64-byte Ed25519 signature")]
    MalformedSignature,
    /// The signature does not verify over our rebuilt string (§3.5 step 5: 401).
    #[error("signature does not verify")]
    BadSignature,
}

impl SignatureError {
    /// 422 for clock problems (§3.5 step 2), 401 for everything that fails to
    /// authenticate the sender (§3.5 steps 1, 3, 5; §12 decision 15).
    pub fn status(&self) -> StatusCode {
        match self {
            SignatureError::InvalidTimestamp | SignatureError::ClockSkew { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            _ => StatusCode::UNAUTHORIZED,
        }
    }
}
