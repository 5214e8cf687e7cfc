//! Acting on a verified activity: each type becomes a call of a core use case
//! (activitypub.md §5, Mastodon semantics). Unknown types and activities about things we
//! do not have are accepted and ignored, as Mastodon does (§5.0).

use rookery_core::{Account, AccountId, NoteId};

use crate::error::ApError;
use crate::fetch::same_host;
use crate::ingest::{ingest_note, MAX_THREAD_DEPTH};
use crate::routes::ApState;
use crate::wire::{Activity, ActivityType, AnyObject};

pub async fn dispatch(
    state: &ApState,
    signer: &Account,
    activity: &Activity,
) -> Result<(), ApError> {
    let services = &state.services;
    match activity.kind {
        ActivityType::Follow => {
            let followee = local_account(state, activity.object_id()).await?;
            services
                .receive_follow(signer, followee, activity.id.clone())
                .await?;
        }
        ActivityType::Accept | ActivityType::Reject => {
            let Some(follower) = our_follower(state, activity).await? else {
                return Ok(());
            };
            if activity.kind == ActivityType::Accept {
                services.receive_follow_accepted(signer, follower).await?;
            } else {
                services.receive_follow_rejected(signer, follower).await?;
            }
        }
        ActivityType::Undo => undo(state, signer, activity).await?,
        ActivityType::Create | ActivityType::Update => match activity.embedded_object() {
            Some(AnyObject::Object(object)) => {
                // A poll vote looks like a reply; it is counted, never stored as a note.
                let vote = activity.kind == ActivityType::Create
                    && crate::polls::receive_vote(state, signer, object).await?;
                if !vote {
                    ingest_note(state, signer, object, Some(activity), MAX_THREAD_DEPTH).await?;
                }
            }
            Some(AnyObject::Actor(actor)) if activity.kind == ActivityType::Update => {
                if Some(actor.id.as_str()) != signer.federation().map(|f| f.uri.as_str()) {
                    return Err(ApError::Forbidden("an actor may update only itself".into()));
                }
                state.ap.actors.store(actor).await?;
            }
            _ => tracing::debug!("Create/Update of something we do not store"),
        },
        ActivityType::Delete => {
            let Some(target) = activity.object_id() else {
                return Err(ApError::BadRequest("Delete without an object".into()));
            };
            if Some(target) == signer.federation().map(|f| f.uri.as_str()) {
                // `Delete(actor)`: the account goes with all its content (§5.9), and
                // from this process's memory of actors at once.
                services.receive_account_deleted(signer).await?;
                state.ap.actors.forget_remembered(target);
            } else {
                services.receive_note_deleted(signer, target).await?;
            }
        }
        ActivityType::Like => {
            if let Some(note) = known_note(state, activity.object_id()).await? {
                services.receive_like(signer, note).await?;
            }
        }
        ActivityType::Announce => {
            if let Some(note) = known_note(state, activity.object_id()).await? {
                services.receive_share(signer, note).await?;
            }
        }
        ActivityType::Block => {
            let blocked = local_account(state, activity.object_id()).await?;
            services.receive_block(signer, blocked).await?;
        }
        ActivityType::Flag => crate::report::receive_flag(state, signer, activity).await?,
        _ => tracing::debug!(kind = ?activity.kind, "activity type not handled; ignored"),
    }
    Ok(())
}

/// Undo of a Follow, Like, Announce or Block. The undone activity is usually embedded;
/// bovine sends only its id, which we can match for follows.
async fn undo(state: &ApState, signer: &Account, activity: &Activity) -> Result<(), ApError> {
    let services = &state.services;
    let Some(inner) = activity.embedded_object().and_then(AnyObject::as_activity) else {
        if let Some(id) = activity.object_id() {
            if let Some(follow) = state.ap.repo.follow_by_uri(id).await? {
                if follow.follower == signer.id {
                    services.receive_unfollow(signer, follow.followee).await?;
                }
            }
        }
        return Ok(());
    };
    if inner.actor_id() != signer.federation().map(|f| f.uri.as_str()) {
        return Err(ApError::Forbidden(
            "an actor may undo only its own activities".into(),
        ));
    }
    match inner.kind {
        ActivityType::Follow => {
            let followee = local_account(state, inner.object_id()).await?;
            services.receive_unfollow(signer, followee).await?;
        }
        ActivityType::Like => {
            if let Some(note) = known_note(state, inner.object_id()).await? {
                services.receive_unlike(signer, note).await?;
            }
        }
        ActivityType::Announce => {
            if let Some(note) = known_note(state, inner.object_id()).await? {
                services.receive_unshare(signer, note).await?;
            }
        }
        ActivityType::Block => {
            let blocked = local_account(state, inner.object_id()).await?;
            services.receive_unblock(signer, blocked).await?;
        }
        _ => tracing::debug!(kind = ?inner.kind, "Undo of an activity type not handled"),
    }
    Ok(())
}

/// The local account an activity is about (its object), or 404.
async fn local_account(state: &ApState, uri: Option<&str>) -> Result<AccountId, ApError> {
    let username = uri
        .and_then(|u| state.ap.urls.local_username(u))
        .ok_or(ApError::NotFound)?;
    state
        .ap
        .repo
        .local_account_by_username(username)
        .await?
        .map(|a| a.id)
        .ok_or(ApError::NotFound)
}

/// A note we have (ours, or stored from elsewhere).
async fn known_note(state: &ApState, uri: Option<&str>) -> Result<Option<NoteId>, ApError> {
    let Some(uri) = uri else {
        return Ok(None);
    };
    if let Some(id) = state.ap.urls.local_note(uri) {
        return Ok(Some(id));
    }
    // Also ours under the other protocol's id (FEDERATION.md, "Both protocols").
    Ok(state.services.note_by_uri(uri).await?.map(|n| n.id))
}

/// The local follower an Accept or Reject answers: from the embedded Follow's actor, or
/// from our Follow's id when only the id is sent (bovine).
async fn our_follower(state: &ApState, activity: &Activity) -> Result<Option<AccountId>, ApError> {
    if let Some(follow) = activity.embedded_object().and_then(AnyObject::as_activity) {
        if let Some(actor) = follow.actor_id() {
            if let Some(username) = state.ap.urls.local_username(actor) {
                return Ok(state
                    .ap
                    .repo
                    .local_account_by_username(username)
                    .await?
                    .map(|a| a.id));
            }
        }
    }
    let Some(id) = activity.object_id() else {
        return Ok(None);
    };
    let Some(follow_id) = state.ap.urls.local_follow(id) else {
        return Ok(None);
    };
    let follow = state.ap.repo.follow(follow_id).await?;
    Ok(follow
        .filter(|_| same_host(id, state.ap.urls.base()))
        .map(|f| f.follower))
}
