//! E3 for our Like and Share entities (versia.md §4, §10.6, §10.11): the same entity,
//! id included, that was delivered when the local user liked or shared, served signed
//! only to requesters that may see the note (§9.4); 404 otherwise, so a hidden note's
//! likes do not reveal it.

use axum::response::Response;
use rookery_core::ports::{Event, InteractionEvent};
use rookery_core::social::{Like, Share};
use rookery_core::{Account, AccountId, LikeId, Note, NoteId, ShareId};

use super::respond::{not_found, signed};
use super::visibility::may_fetch;
use super::RouteState;
use crate::context::Versia;
use crate::entities::{Entity, LikeTag, ShareTag};
use crate::inbox::Rejection;
use crate::mapping::{interaction_target, render_event};

/// Whether `entity_type` names one of the interactions served here.
pub(super) fn is_interaction(entity_type: &str) -> bool {
    entity_type == LikeTag::NAME || entity_type == ShareTag::NAME
}

/// The Like or Share `id` (made by `interaction_id`), or 404.
pub(super) async fn interaction(
    state: &RouteState,
    path: &str,
    entity_type: &str,
    id: &str,
    requester: Option<&str>,
) -> Result<Response, Rejection> {
    let versia = &state.versia;
    // The id starts with the record id; the rest must name the record's note, checked
    // below by comparing the id we would render.
    let record = id
        .split_once('_')
        .and_then(|(record, _)| record.parse::<i64>().ok());
    let (Some(record), Some(_)) = (record, interaction_target(id)) else {
        return Ok(not_found());
    };
    let found = if entity_type == LikeTag::NAME {
        versia
            .repo
            .like(LikeId::from_i64(record))
            .await?
            .map(Found::Like)
    } else {
        versia
            .repo
            .share(ShareId::from_i64(record))
            .await?
            .map(Found::Share)
    };
    let Some(found) = found else {
        return Ok(not_found());
    };
    let (actor, note) = found.parties();
    let Some(actor) = versia.repo.account(actor).await?.filter(Account::is_local) else {
        return Ok(not_found());
    };
    let Some(note) = versia.repo.note(note).await? else {
        return Ok(not_found());
    };
    let Some(author) = versia.repo.account(note.author).await? else {
        return Ok(not_found());
    };
    if !may_fetch(versia, requester, &note, &author).await? {
        return Ok(not_found());
    }
    match found.render(versia, &actor, &note, &author) {
        Some(entity) if entity_id(&entity) == Some(id) => Ok(signed(versia, "get", path, &entity)),
        _ => Ok(not_found()),
    }
}

/// The stored record behind the id.
enum Found {
    Like(Like),
    Share(Share),
}

impl Found {
    /// (actor, note) of the record.
    fn parties(&self) -> (AccountId, NoteId) {
        match self {
            Found::Like(like) => (like.account, like.note),
            Found::Share(share) => (share.account, share.note),
        }
    }

    /// Reuses the outbound renderer so the served entity equals the delivered one.
    fn render(
        &self,
        versia: &Versia,
        actor: &Account,
        note: &Note,
        note_author: &Account,
    ) -> Option<Entity> {
        let event = match self {
            Found::Like(record) => Event::Liked(InteractionEvent {
                record,
                actor,
                note,
                note_author,
            }),
            Found::Share(record) => Event::Shared(InteractionEvent {
                record,
                actor,
                note,
                note_author,
            }),
        };
        render_event(versia, &event)
    }
}

fn entity_id(entity: &Entity) -> Option<&str> {
    match entity {
        Entity::Like(like) => Some(&like.id),
        Entity::Share(share) => Some(&share.id),
        _ => None,
    }
}
