//! A note's `replies` collection (activitypub.md §5.3, §7): `Collection{id, first:
//! CollectionPage{partOf, next, items}}` listing the ids of its world-readable replies
//! (public and unlisted; who may see more is not asked), oldest first, paged by `min_id`.
//! The Note embeds its empty first page while it has no replies (§5.3: a bare link makes
//! Mastodon fetch on every Create), and the collection itself once it has some.

use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use rookery_core::{Note, NoteId};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::authorized;
use crate::documents;
use crate::error::ApError;
use crate::routes::{activity_json, ApState};
use crate::urls::Urls;
use crate::wire::Context;

/// Reply ids per page.
pub const PAGE_SIZE: usize = 20;

#[derive(Debug, Deserialize)]
pub struct RepliesQuery {
    page: Option<String>,
    min_id: Option<String>,
}

/// `GET /notes/{id}/replies`: the collection with its first page inline, or a page.
pub async fn replies(
    State(state): State<ApState>,
    Path(id): Path<String>,
    Query(query): Query<RepliesQuery>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Result<Response, ApError> {
    let id: NoteId = id.parse().map_err(|_| ApError::NotFound)?;
    authorized::check(&state, &uri, &headers).await?;
    let note = state.ap.repo.note(id).await?.ok_or(ApError::NotFound)?;
    // The same rule as the note itself: ours and world-readable.
    if note.uri.is_some() || !note.visibility.is_world_readable() {
        return Err(ApError::NotFound);
    }
    let replies = visible_replies(&state, id).await?;
    let after = query.min_id.as_deref().and_then(|m| m.parse::<i64>().ok());
    let mut document = if query.page.is_some() {
        page(&state.ap.urls, id, &replies, after)
    } else {
        collection(&state.ap.urls, id, &replies)
    };
    document["@context"] = documents::context(Context::activitystreams());
    Ok(activity_json(&document))
}

/// The world-readable replies to note `id`, oldest first.
pub async fn visible_replies(state: &ApState, id: NoteId) -> Result<Vec<Note>, ApError> {
    let mut replies = state.ap.repo.replies_to(id).await?;
    replies.retain(|r| r.visibility.is_world_readable());
    Ok(replies)
}

/// The collection of note `id`'s `replies`, its first page inline.
pub fn collection(urls: &Urls, id: NoteId, replies: &[Note]) -> Value {
    let collection_id = format!("{}/replies", urls.note(id));
    json!({
        "id": collection_id,
        "type": "Collection",
        "totalItems": replies.len(),
        "first": page(urls, id, replies, None),
    })
}

/// The page of replies after note id `after` (from the first without it).
pub fn page(urls: &Urls, id: NoteId, replies: &[Note], after: Option<i64>) -> Value {
    let collection_id = format!("{}/replies", urls.note(id));
    let rest: Vec<&Note> = replies
        .iter()
        .filter(|r| after.is_none_or(|a| r.id.as_i64() > a))
        .collect();
    let shown = &rest[..rest.len().min(PAGE_SIZE)];
    let items: Vec<String> = shown.iter().map(|r| documents::note_uri(urls, r)).collect();
    let next = (rest.len() > PAGE_SIZE)
        .then(|| shown.last())
        .flatten()
        .map(|last| format!("{collection_id}?page=true&min_id={}", last.id.as_i64()));
    let page_id = match after {
        Some(a) => format!("{collection_id}?page=true&min_id={a}"),
        None => format!("{collection_id}?page=true"),
    };
    json!({
        "id": page_id,
        "type": "CollectionPage",
        "partOf": collection_id,
        "next": next,
        "items": items,
    })
}
