//! Inbound emoji reactions (versia.md §10.9) and dislikes (§10.6), and the `Delete`s
//! that undo them (§8.5, §9.3 "a deleted Like, Share or Reaction → undo that
//! interaction"). Both are remembered by their federation id, which the Delete names.

use rookery_core::service::Services;
use rookery_core::Account;

use super::authors::remote_author;
use super::{accept_missing, Rejection};
use crate::context::Versia;
use crate::entities::{Delete, Dislike, DislikeTag, Reaction, ReactionTag, Reference};
use crate::mapping::note_id;

/// A Reaction to a note we store; reactions to notes we never stored are dropped.
pub async fn apply_reaction(
    versia: &Versia,
    services: &Services,
    signer: &str,
    reaction: &Reaction,
) -> Result<(), Rejection> {
    let Some(note) = note_id(versia, &reaction.object, signer).await? else {
        return Ok(());
    };
    let author = remote_author(versia, services, signer, &reaction.author).await?;
    let uri = Reference::new(signer, reaction.id.as_str()).to_string();
    accept_missing(
        services
            .receive_reaction(&author, note, &reaction.content, &uri)
            .await,
    )
}

/// A Dislike of a note we store: it replaces the author's like of it (§10.6).
pub async fn apply_dislike(
    versia: &Versia,
    services: &Services,
    signer: &str,
    dislike: &Dislike,
) -> Result<(), Rejection> {
    let Some(note) = note_id(versia, &dislike.disliked, signer).await? else {
        return Ok(());
    };
    let author = remote_author(versia, services, signer, &dislike.author).await?;
    let uri = Reference::new(signer, dislike.id.as_str()).to_string();
    accept_missing(services.receive_dislike(&author, note, &uri).await)
}

/// Handles a Delete of a Reaction or Dislike; `None` when the Delete names another type.
/// Core checks that the target is the author's own (§8.5).
pub async fn undo(
    services: &Services,
    signer: &str,
    author: &Account,
    delete: &Delete,
) -> Option<Result<(), Rejection>> {
    let uri = delete.deleted.resolve(signer).to_string();
    match delete.deleted_type.as_str() {
        ReactionTag::NAME => Some(accept_missing(
            services.receive_unreaction(author, &uri).await,
        )),
        DislikeTag::NAME => Some(accept_missing(
            services.receive_undislike(author, &uri).await,
        )),
        _ => None,
    }
}
