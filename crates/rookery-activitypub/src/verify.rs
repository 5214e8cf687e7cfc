//! Verifying the HTTP signature of an inbound request (a POST to an inbox, or a GET in
//! authorized-fetch mode) over its raw bytes, before anything is parsed (ARCHITECTURE.md
//! invariant 5; activitypub.md §4.1). A verified request also tells the delivery queue
//! that its host is alive (§6.2: "reset on any inbound signed request").

use std::time::SystemTime;

use axum::http::{HeaderMap, Method, Uri};
use rookery_core::Account;

use crate::adapter::ActivityPub;
use crate::error::ApError;
use crate::fetch::authority;
use crate::signatures::{parse_any, RequestParts};

/// A received request, as its signature covers it.
pub struct Inbound<'a> {
    pub method: &'a Method,
    pub uri: &'a Uri,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

impl ActivityPub {
    /// The account whose key signed `request`. A key that fails is fetched once more
    /// before refusing (key rotation, §4.1). Errors: [`ApError::Signature`] (401) for a
    /// missing or bad signature; `Fetch(Gone)` when the signer no longer exists.
    pub async fn verify_signed(&self, request: &Inbound<'_>) -> Result<Account, ApError> {
        let path_and_query = request
            .uri
            .path_and_query()
            .map_or(request.uri.path(), |p| p.as_str());
        let parts = RequestParts {
            method: request.method,
            path_and_query,
            headers: request.headers,
            body: request.body,
        };
        let signature = parse_any(&parts)?;
        let now = SystemTime::now();
        let scheme = self.config.scheme.as_str();
        let (key, signer) = self.actors.key(signature.key_id(), false).await?;
        let signer = match signature.verify(&parts, scheme, &key, now) {
            Ok(()) => signer,
            Err(first) => {
                // Perhaps the key was rotated: fetch it once more before refusing, but
                // at most once a minute per key id, so that forged requests cannot make
                // us fetch from the named server over and over.
                if !self.actors.may_refetch_key(signature.key_id()) {
                    return Err(first.into());
                }
                let (fresh, signer) = self.actors.key(signature.key_id(), true).await?;
                if fresh == key {
                    return Err(first.into());
                }
                signature.verify(&parts, scheme, &fresh, now)?;
                signer
            }
        };
        self.host_talked_to_us(&signer).await;
        Ok(signer)
    }

    /// The signer's host is evidently up: resume deliveries parked behind it.
    async fn host_talked_to_us(&self, signer: &Account) {
        let Some(host) = signer.federation().and_then(|f| authority(&f.uri)) else {
            return;
        };
        if let Err(error) = self.queue.host_recovered(&host).await {
            tracing::warn!(%host, %error, "could not record that a host is reachable");
        }
    }
}
