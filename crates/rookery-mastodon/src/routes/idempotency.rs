//! `Idempotency-Key` on `POST /api/v1/statuses` (a header of that path in Mastodon's
//! OpenAPI schema): the same key from the same account within an hour answers with the
//! status the first request created and posts nothing new. Keys are stored as their
//! SHA-256 through core's `Idempotency` port, so every process agrees.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use rookery_core::ports::{KeyClaim, IDEMPOTENCY_CLAIM_MS, IDEMPOTENCY_TTL_MS};
use rookery_core::{NoteId, Timestamp};
use sha2::{Digest, Sha256};

use crate::auth::User;
use crate::entities::render_status;
use crate::entities::status::StatusJson;
use crate::error::ApiError;
use crate::state::ApiState;

/// `POST /api/v1/statuses`, answering a repeated key with its first status.
pub(super) async fn create(
    State(state): State<ApiState>,
    user: User,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<StatusJson>, ApiError> {
    let Some(key) = key(&headers) else {
        return super::statuses::create(State(state), user, headers, body).await;
    };
    user.require("write:statuses")?;
    let account = user.account;
    let now = state.services.now().as_millis();
    let claim = state
        .idempotency
        .claim_key(
            account,
            &key,
            Timestamp::from_millis(now),
            Timestamp::from_millis(now.saturating_sub(IDEMPOTENCY_TTL_MS)),
            Timestamp::from_millis(now.saturating_sub(IDEMPOTENCY_CLAIM_MS)),
        )
        .await?;
    match claim {
        KeyClaim::Claimed => {}
        KeyClaim::Done(id) => {
            if let Some(note) = state.services.repo().note(id).await? {
                return Ok(Json(render_status(&state, &note, Some(account)).await?));
            }
            // Deleted since: the key stands for nothing any more, so post afresh and
            // let it stand for the new status.
        }
        // Its twin is still posting: the client should try again shortly (503).
        KeyClaim::InProgress => {
            return Err(ApiError::Unavailable(
                "a request with this Idempotency-Key is still being processed".into(),
            ))
        }
    }
    let created = match super::statuses::create(State(state.clone()), user, headers, body).await {
        Ok(created) => created,
        Err(e) => {
            // A refused or failed post leaves the key free for the client's retry.
            state.idempotency.release_key(account, &key).await?;
            return Err(e);
        }
    };
    let id: NoteId = created
        .id
        .parse()
        .map_err(|_| ApiError::Unavailable("a new status has no valid id".into()))?;
    state.idempotency.complete_key(account, &key, id).await?;
    Ok(created)
}

/// The SHA-256 (hex) of the request's `Idempotency-Key`, if one was sent; hashing keeps
/// stored keys short whatever the client sends.
fn key(headers: &HeaderMap) -> Option<String> {
    let raw = headers.get("idempotency-key")?.as_bytes();
    let raw = raw.trim_ascii();
    if raw.is_empty() {
        return None;
    }
    Some(
        Sha256::digest(raw)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}
