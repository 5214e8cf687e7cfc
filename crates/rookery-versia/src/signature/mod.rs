//! Versia request and response signatures (versia.md §3): the signed string, signing with
//! the instance key, and the receiver's verification procedure.
//!
//! Verification is two-step so the caller can fetch the signer's key in between:
//! [`parse_signature_headers`] (headers present, clock window, signer domain), then
//! [`PendingSignature::verify`] with the key for [`PendingSignature::signed_by`].
//! [`verify_request`] chains both when the key is at hand synchronously.

mod error;
mod sign;
mod string;
mod verify;

pub use error::SignatureError;
pub use sign::{sign_request, sign_request_digested, sign_response, SignatureHeaders};
pub use string::{
    body_digest, encode_uri, signed_string, signed_string_digested, EMPTY_BODY_DIGEST,
};
pub use verify::{parse_signature_headers, verify_request, verify_response, PendingSignature};

/// Base64 of the 64-byte Ed25519 signature (versia.md §3.2).
pub const SIGNATURE_HEADER: &str = "Versia-Signature";
/// Domain of the signing instance (versia.md §3.2).
pub const SIGNED_BY_HEADER: &str = "Versia-Signed-By";
/// Unix time in whole seconds (versia.md §3.2).
pub const SIGNED_AT_HEADER: &str = "Versia-Signed-At";
/// A signature may be at most this many seconds old or in the future, inclusive
/// (versia.md §3.5 step 2).
pub const MAX_CLOCK_SKEW_SECS: i64 = 300;
