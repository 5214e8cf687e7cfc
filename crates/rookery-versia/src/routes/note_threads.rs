//! A Note's `replies` and `quotes` URICollections (versia.md §4 E4, §8.2): references to
//! the notes answering (or quoting) one of our notes, for instances that may see the note
//! (§9.4) and each reply, paged by `offset`/`limit`. rookery stores no quotes yet, so
//! `quotes` is always empty.

use axum::response::Response;

use super::respond::{not_found, signed};
use super::visibility::{may_fetch, visible_local_note};
use super::RouteState;
use crate::entities::{Collection, Reference};
use crate::inbox::Rejection;
use crate::mapping::{account_ref, note_ref};
use crate::paths::Page;

pub const REPLIES_COLLECTION: &str = "replies";
pub const QUOTES_COLLECTION: &str = "quotes";

pub(super) async fn note_thread(
    state: &RouteState,
    path: &str,
    query: Option<&str>,
    (id, name): (&str, &str),
    requester: Option<&str>,
) -> Result<Response, Rejection> {
    let page = Page::from_query(query).map_err(Rejection::unprocessable)?;
    let versia = &state.versia;
    let Some((note, author)) = visible_local_note(versia, id, requester).await? else {
        return Ok(not_found());
    };
    let mut visible: Vec<Reference> = Vec::new();
    if name == REPLIES_COLLECTION {
        for reply in versia.repo.replies_to(note.id).await? {
            let Some(reply_author) = versia.repo.account(reply.author).await? else {
                continue;
            };
            if !may_fetch(versia, requester, &reply, &reply_author).await? {
                continue;
            }
            visible.extend(note_ref(versia, &reply, &reply_author));
        }
    }
    let offset = usize::try_from(page.offset).unwrap_or(usize::MAX);
    let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
    let body = Collection {
        author: account_ref(versia, &author),
        total: visible.len() as u64,
        items: visible
            .into_iter()
            .skip(offset)
            .take(limit)
            .collect::<Vec<_>>(),
    };
    Ok(signed(versia, "get", path, &body))
}
