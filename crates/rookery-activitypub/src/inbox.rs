//! The inbox pipeline (activitypub.md §6, issue contract): size cap (a router layer) →
//! verify the HTTP signature over the raw bytes → parse → origin checks → append to the
//! durable inbox queue → 202. The 202 follows the queue's commit, so a crash loses
//! nothing acknowledged; the inbox processor then deduplicates by activity id and acts
//! (`inbox_apply`). Everything a sender could be told is wrong (signature, shape,
//! origin) is decided here, before the answer.

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};

use rookery_core::ports::InboxJob;
use rookery_core::Protocol;

use crate::error::ApError;
use crate::fetch::{same_host, FetchError};
use crate::routes::ApState;
use crate::stats::InboxKind;
use crate::verify::Inbound;
use crate::wire::{Activity, ActivityType, AnyObject};

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
    check_origin(&activity, signer_uri)?;
    if !activity.is_known() {
        tracing::debug!(kind = ?activity.kind, "unknown activity type ignored");
        return Ok(StatusCode::ACCEPTED);
    }
    // Valid JSON is UTF-8 (RFC 8259 §8.1), so this only fails for bytes serde refused.
    let text = std::str::from_utf8(body)
        .map_err(|_| ApError::BadRequest("the body is not UTF-8".into()))?;
    state
        .ap
        .inbox
        .append(InboxJob {
            protocol: Protocol::ActivityPub,
            signer: signer_uri.to_owned(),
            body: text.to_owned(),
            received_at: crate::actors::now(),
        })
        .await?;
    Ok(StatusCode::ACCEPTED)
}

/// The origin rules a sender must follow, checked before we acknowledge: the HTTP
/// signer is the actor (§4.4), ids live on its origin (§5.0), and an embedded note is
/// its own and on its server (§5.0, the same rules `ingest` applies to fetched notes).
fn check_origin(activity: &Activity, signer_uri: &str) -> Result<(), ApError> {
    if activity.actor_id() != Some(signer_uri) {
        return Err(ApError::Forbidden(
            "the activity's actor did not sign it".into(),
        ));
    }
    if activity
        .id
        .as_ref()
        .is_some_and(|id| !same_host(id, signer_uri))
    {
        return Err(ApError::Forbidden(
            "the activity id is not on its actor's server".into(),
        ));
    }
    let creates = matches!(activity.kind, ActivityType::Create | ActivityType::Update);
    if let (true, Some(AnyObject::Object(object))) = (creates, activity.embedded_object()) {
        if object
            .id
            .as_ref()
            .is_some_and(|id| !same_host(id, signer_uri))
        {
            return Err(ApError::Forbidden(
                "the note is not on its author's server".into(),
            ));
        }
        if object.author().is_some_and(|a| a != signer_uri) {
            return Err(ApError::Forbidden(
                "the note is attributed to someone else".into(),
            ));
        }
    }
    Ok(())
}
