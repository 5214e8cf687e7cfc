//! The inbox pipeline (activitypub.md §6, issue contract): size cap (a router layer) →
//! verify the HTTP signature over the raw bytes → parse → origin checks → deduplicate by
//! activity id → act → 202. Acting happens before the answer, so a crash loses nothing:
//! the sender retries whatever we did not acknowledge.

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};

use crate::dispatch::dispatch;
use crate::error::ApError;
use crate::fetch::{same_host, FetchError};
use crate::routes::ApState;
use crate::stats::InboxKind;
use crate::verify::Inbound;
use crate::wire::{Activity, ActivityType};

pub async fn shared(
    State(state): State<ApState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApError> {
    receive(&state, InboxKind::Shared, &uri, &headers, &body).await
}

pub async fn personal(
    State(state): State<ApState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApError> {
    receive(&state, InboxKind::Personal, &uri, &headers, &body).await
}

pub async fn instance(
    State(state): State<ApState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApError> {
    receive(&state, InboxKind::Instance, &uri, &headers, &body).await
}

async fn receive(
    state: &ApState,
    kind: InboxKind,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<StatusCode, ApError> {
    state.ap.stats.received(kind);
    let answer = accept(state, uri, headers, body).await;
    if answer.is_err() {
        state.ap.stats.refused();
    }
    answer
}

async fn accept(
    state: &ApState,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<StatusCode, ApError> {
    crate::blocked::refuse_blocked(state.services.instance_blocks(), headers, body)?;
    let request = Inbound {
        method: &Method::POST,
        uri,
        headers,
        body,
    };
    let signer = match state.ap.verify_signed(&request).await {
        Ok(signer) => signer,
        // An actor that is gone may still announce its own deletion; there is nothing
        // left to verify it with, and nothing for us to do (Mastodon answers 202).
        Err(ApError::Fetch(FetchError::Gone)) => return Ok(StatusCode::ACCEPTED),
        Err(e) => return Err(e),
    };
    let activity: Activity = serde_json::from_slice(body)
        .map_err(|e| ApError::BadRequest(format!("not an activity: {e}")))?;
    let signer_uri = signer
        .federation()
        .map(|f| f.uri.as_str())
        .unwrap_or_default();
    // The HTTP signer must be the actor (§4.4) and ids must live on its origin (§5.0).
    if activity.actor_id() != Some(signer_uri) {
        return Err(ApError::Forbidden(
            "the activity's actor did not sign it".into(),
        ));
    }
    if let Some(id) = &activity.id {
        if !same_host(id, signer_uri) {
            return Err(ApError::Forbidden(
                "the activity id is not on its actor's server".into(),
            ));
        }
        if state.ap.repo.inbox_seen(id).await? {
            return Ok(StatusCode::ACCEPTED);
        }
    }
    if !activity.is_known() {
        tracing::debug!(kind = ?activity.kind, "unknown activity type ignored");
        return Ok(StatusCode::ACCEPTED);
    }
    match dispatch(state, &signer, &activity).await {
        Ok(()) => {}
        // About something we do not have (a note never seen, a user not here, a note
        // deleted for good): nothing to do, and nothing the sender should retry.
        Err(e) if e.status() == StatusCode::NOT_FOUND && activity.kind != ActivityType::Follow => {}
        Err(e) => return Err(e),
    }
    if let Some(id) = &activity.id {
        let mut tx = state.ap.repo.begin().await?;
        tx.mark_inbox_seen(id, crate::actors::now()).await?;
        tx.commit().await?;
    }
    Ok(StatusCode::ACCEPTED)
}
