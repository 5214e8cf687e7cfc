//! The receiver's verification procedure (versia.md §3.5), split in two so the caller can
//! look up the signer's key (possibly over the network) between the steps.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::Signature;
use http::HeaderMap;
use rookery_core::Timestamp;

use super::error::SignatureError;
use super::string::signed_string;
use super::{MAX_CLOCK_SKEW_SECS, SIGNATURE_HEADER, SIGNED_AT_HEADER, SIGNED_BY_HEADER};
use crate::keys::InstancePublicKey;
use crate::validate::{check_domain, ValidationMode};

/// Headers that passed steps 1–3 of §3.5; the signature itself is not checked yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSignature {
    signature: [u8; 64],
    signed_by: String,
    signed_at: i64,
    /// The header text, used verbatim in the signed string (§3.3 step 3).
    signed_at_text: String,
}

impl PendingSignature {
    /// The claimed signer: look its key up from this domain and from nowhere else.
    pub fn signed_by(&self) -> &str {
        &self.signed_by
    }

    /// Unix seconds from `Versia-Signed-At`.
    pub fn signed_at(&self) -> i64 {
        self.signed_at
    }

    /// The 64 signature bytes, for a verifier that checks them with another Ed25519
    /// implementation (the benchmark fleet does).
    pub fn signature(&self) -> &[u8; 64] {
        &self.signature
    }

    /// Step 4: the string the signature must cover for this message (§3.3).
    pub fn signed_string(&self, method: &str, raw_path: &str, body: &[u8]) -> String {
        signed_string(method, raw_path, &self.signed_at_text, body)
    }

    /// Steps 4–5: rebuilds the string from our own view of the message (method, raw path
    /// as on the wire, raw body bytes before any parsing) and checks it strictly.
    pub fn verify(
        &self,
        key: &InstancePublicKey,
        method: &str,
        raw_path: &str,
        body: &[u8],
    ) -> Result<(), SignatureError> {
        let text = self.signed_string(method, raw_path, body);
        key.verifying_key()
            .verify_strict(text.as_bytes(), &Signature::from_bytes(&self.signature))
            .map_err(|_| SignatureError::BadSignature)
    }
}

/// Steps 1–3 of §3.5: all three headers present (else 401), the timestamp an integer
/// within ±300 s of `now`, inclusive (else 422), `Versia-Signed-By` a valid Domain
/// (`host:port` only when `mode.allow_port`), the signature 64 bytes of base64.
pub fn parse_signature_headers(
    headers: &HeaderMap,
    now: Timestamp,
    mode: ValidationMode,
) -> Result<PendingSignature, SignatureError> {
    let signature = header(headers, SIGNATURE_HEADER)?;
    let signed_by = header(headers, SIGNED_BY_HEADER)?;
    let signed_at_text = header(headers, SIGNED_AT_HEADER)?;

    let signed_at = parse_seconds(signed_at_text).ok_or(SignatureError::InvalidTimestamp)?;
    // Compare in milliseconds like the docs' example (reject when the difference
    // exceeds 300 000 ms), so exactly ±300 s passes.
    let skew_ms = now
        .as_millis()
        .saturating_sub(signed_at.saturating_mul(1000));
    if skew_ms.unsigned_abs() > (MAX_CLOCK_SKEW_SECS as u64) * 1000 {
        return Err(SignatureError::ClockSkew {
            signed_at,
            now: now.as_secs(),
        });
    }

    if check_domain(signed_by, mode).is_err() {
        return Err(SignatureError::InvalidSigner(signed_by.to_owned()));
    }

    let signature = STANDARD
        .decode(signature)
        .ok()
        .and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
        .ok_or(SignatureError::MalformedSignature)?;

    Ok(PendingSignature {
        signature,
        signed_by: signed_by.to_ascii_lowercase(),
        signed_at,
        signed_at_text: signed_at_text.to_owned(),
    })
}

/// The whole §3.5 procedure (steps 1–5) for a request whose signer key can be looked up
/// synchronously (a cache). `lookup` gets the claimed signer domain; `None` means no key
/// is known (401). Returns the authenticated signer domain.
pub fn verify_request(
    method: &str,
    raw_path: &str,
    headers: &HeaderMap,
    body: &[u8],
    now: Timestamp,
    mode: ValidationMode,
    lookup: impl FnOnce(&str) -> Option<InstancePublicKey>,
) -> Result<String, SignatureError> {
    let pending = parse_signature_headers(headers, now, mode)?;
    let key = lookup(pending.signed_by())
        .ok_or_else(|| SignatureError::UnknownSigner(pending.signed_by().to_owned()))?;
    pending.verify(&key, method, raw_path, body)?;
    Ok(pending.signed_by)
}

/// Verifies a signed response to our own request (§3.5, last paragraph): our request's
/// method and raw path, the response body bytes, and a signer that must be the host we
/// fetched from.
#[allow(clippy::too_many_arguments)]
pub fn verify_response(
    request_method: &str,
    request_path: &str,
    response_headers: &HeaderMap,
    response_body: &[u8],
    fetched_host: &str,
    key: &InstancePublicKey,
    now: Timestamp,
    mode: ValidationMode,
) -> Result<(), SignatureError> {
    let pending = parse_signature_headers(response_headers, now, mode)?;
    if !pending.signed_by().eq_ignore_ascii_case(fetched_host) {
        return Err(SignatureError::UnexpectedSigner {
            expected: fetched_host.to_owned(),
            got: pending.signed_by().to_owned(),
        });
    }
    pending.verify(key, request_method, request_path, response_body)
}

/// Exactly one occurrence, visible ASCII.
fn header<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<&'h str, SignatureError> {
    let mut values = headers.get_all(name).iter();
    let value = values.next().ok_or(SignatureError::MissingHeader(name))?;
    if values.next().is_some() {
        return Err(SignatureError::MalformedHeader(name));
    }
    let text = value
        .to_str()
        .map_err(|_| SignatureError::MalformedHeader(name))?;
    // A header present with an empty value carries nothing to verify: treat as missing.
    if text.trim().is_empty() {
        return Err(SignatureError::MissingHeader(name));
    }
    Ok(text)
}

/// Decimal digits only: no sign, no spaces, no fraction (§3.2: whole seconds).
fn parse_seconds(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 15 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}
