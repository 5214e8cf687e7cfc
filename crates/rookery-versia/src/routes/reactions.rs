//! The Note collection `pub.versia:reactions/Reactions` (versia.md §10.9): the
//! Reactions to one of our notes, for instances that may see the note (§9.4), paged by
//! `offset`/`limit` (§4 E4).

use axum::response::Response;

use super::respond::{not_found, signed};
use super::visibility::visible_local_note;
use super::RouteState;
use crate::entities::{Collection, Reaction, ReactionTag, Reference};
use crate::inbox::Rejection;
use crate::mapping::{account_ref, note_ref};
use crate::paths::Page;

/// The collection's name under a Note (§10.9).
pub const REACTIONS_COLLECTION: &str = "pub.versia:reactions/Reactions";

pub(super) async fn note_reactions(
    state: &RouteState,
    path: &str,
    query: Option<&str>,
    id: &str,
    requester: Option<&str>,
) -> Result<Response, Rejection> {
    let page = Page::from_query(query).map_err(Rejection::unprocessable)?;
    let versia = &state.versia;
    let Some((note, author)) = visible_local_note(versia, id, requester).await? else {
        return Ok(not_found());
    };
    let Some(object) = note_ref(versia, &note, &author) else {
        return Ok(not_found());
    };
    let all = versia.repo.reactions_on(note.id).await?;
    let offset = usize::try_from(page.offset).unwrap_or(usize::MAX);
    let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
    let mut items = Vec::new();
    for reaction in all.iter().skip(offset).take(limit) {
        let Some(reactor) = versia.repo.account(reaction.account).await? else {
            continue;
        };
        let Some(reactor_ref) = account_ref(versia, &reactor) else {
            continue;
        };
        // A remote reaction keeps the id its own instance gave it.
        let id = match reaction.uri.as_deref().map(Reference::parse) {
            Some(Ok(uri)) => uri.id().to_owned(),
            _ => reaction.id.to_string(),
        };
        items.push(Reaction {
            id,
            entity_type: ReactionTag,
            created_at: reaction.created_at.to_rfc3339(),
            author: reactor_ref,
            object: object.clone(),
            content: reaction.content.clone(),
            extensions: None,
        });
    }
    let body = Collection {
        author: account_ref(versia, &author),
        total: all.len() as u64,
        items,
    };
    Ok(signed(versia, "get", path, &body))
}
