//! The receiver's signature check (versia.md §3.5 steps 1–5) with the signer's key
//! looked up from its own domain (§5.2) and fetched again once when the cached key fails
//! ([REC]). Runs over the raw path and raw body bytes, before any parsing.

use http::{HeaderMap, StatusCode};

use super::Rejection;
use crate::context::{now, Versia};
use crate::signature::{parse_signature_headers, SignatureError};

/// Returns the authenticated signer Domain (lowercase).
pub async fn authenticate(
    versia: &Versia,
    method: &str,
    raw_path: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<String, Rejection> {
    let pending = parse_signature_headers(headers, now(), versia.mode)?;
    let signer = pending.signed_by().to_owned();
    if versia.is_ours(&signer) {
        // Nobody else holds our key; a body "from us" arriving here is a replay.
        return Err(Rejection::new(
            StatusCode::UNAUTHORIZED,
            "signed by this instance",
        ));
    }
    let key = versia.keys.get(&signer).await.map_err(|error| {
        tracing::info!(%error, %signer, "versia: no key for the signer");
        Rejection::from(SignatureError::UnknownSigner(signer.clone()))
    })?;
    if pending.verify(&key, method, raw_path, body).is_ok() {
        return Ok(signer);
    }
    // The key may have rotated: fetch it once more before refusing.
    let fresh = versia
        .keys
        .refresh(&signer)
        .await
        .map_err(|_| Rejection::from(SignatureError::BadSignature))?;
    pending.verify(&fresh, method, raw_path, body)?;
    Ok(signer)
}
