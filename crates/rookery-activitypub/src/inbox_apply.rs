//! Applying a queued inbox delivery (core's `InboxApplier`): the inbox checked the
//! signature and the origin rules before queueing, so here the activity is deduplicated
//! by id and acted on (activitypub.md §6: Mastodon and GoToSocial do the same in their
//! job queues).

use async_trait::async_trait;
use axum::http::StatusCode;
use rookery_core::ports::{ApplyError, InboxApplier};

use crate::dispatch::dispatch;
use crate::error::ApError;
use crate::fetch::FetchError;
use crate::routes::ApState;
use crate::wire::{Activity, ActivityType, AnyObject};

/// The ActivityPub side of the inbox processor.
pub struct ApInboxApplier {
    state: ApState,
}

impl ApInboxApplier {
    pub fn new(state: ApState) -> Self {
        ApInboxApplier { state }
    }
}

#[async_trait]
impl InboxApplier for ApInboxApplier {
    async fn apply(&self, signer: &str, body: &str) -> Result<(), ApplyError> {
        apply(&self.state, signer, body).await.map_err(classify)
    }
}

async fn apply(state: &ApState, signer_uri: &str, body: &str) -> Result<(), ApError> {
    let activity: Activity = serde_json::from_str(body)
        .map_err(|e| ApError::BadRequest(format!("not an activity: {e}")))?;
    let signer = match state.ap.actors.account(signer_uri, false).await {
        Ok(signer) => signer,
        // Gone since it sent this: nothing left to act for.
        Err(ApError::Fetch(FetchError::Gone)) => return Ok(()),
        Err(e) => return Err(e),
    };
    // A Create's object is deduplicated by its own id downstream (a stored note is not
    // stored twice, a counted vote not counted twice), so its activity id is neither
    // looked up nor written down: that saves a read and a write transaction for the
    // commonest activity (issue 7, B1).
    let remembered_id = activity.id.as_ref().filter(|_| {
        !(activity.kind == ActivityType::Create
            && matches!(activity.embedded_object(), Some(AnyObject::Object(_))))
    });
    if let Some(id) = remembered_id {
        if state.ap.repo.inbox_seen(id).await? {
            return Ok(());
        }
    }
    match dispatch(state, &signer, &activity).await {
        Ok(()) => {}
        // About something we do not have (a note never seen, a user not here, a note
        // deleted for good): nothing to do, and nothing to retry.
        Err(e) if e.status() == StatusCode::NOT_FOUND && activity.kind != ActivityType::Follow => {}
        Err(e) => return Err(e),
    }
    if let Some(id) = remembered_id {
        let mut tx = state.ap.repo.begin().await?;
        tx.mark_inbox_seen(id, crate::actors::now()).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Transient failures (the store, a peer that timed out) are retried; the rest never
/// succeed and are dropped.
fn classify(error: ApError) -> ApplyError {
    let status = error.status();
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        ApplyError::Retry(error.to_string())
    } else {
        ApplyError::Drop(format!("{status}: {error}"))
    }
}
