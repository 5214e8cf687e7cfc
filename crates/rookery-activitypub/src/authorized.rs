//! Authorized fetch (activitypub.md §4.3): when `federation.authorized_fetch` is on, the
//! ActivityPub documents of actors, notes and collections are served only to requests
//! signed by some server's key; the instance actor stays public (it is how peers learn
//! the key that signs our own fetches). Unsigned requests get 401 `{"error":"Request not
//! signed"}`, as Mastodon answers.

use axum::http::{HeaderMap, Method, Uri};

use crate::error::ApError;
use crate::routes::ApState;
use crate::signatures::SignatureError;
use crate::verify::Inbound;

/// Lets the GET of `uri` through, or refuses it when authorized fetch requires a
/// signature it lacks or that fails.
pub async fn check(state: &ApState, uri: &Uri, headers: &HeaderMap) -> Result<(), ApError> {
    if !state.ap.config.authorized_fetch {
        return Ok(());
    }
    let request = Inbound {
        method: &Method::GET,
        uri,
        headers,
        body: &[],
    };
    match state.ap.verify_signed(&request).await {
        Ok(signer) => {
            tracing::debug!(
                signer = signer.federation().map_or("", |f| f.uri.as_str()),
                path = uri.path(),
                "signed fetch"
            );
            Ok(())
        }
        Err(ApError::Signature(SignatureError::Missing)) => Err(ApError::NotSigned),
        // A signer that no longer exists proves nothing.
        Err(ApError::Fetch(e)) if !e.is_transient() => Err(ApError::Signature(
            SignatureError::Malformed(format!("unusable key: {e}")),
        )),
        Err(e) => Err(e),
    }
}
