//! Rendering lists for the personal endpoints: statuses or accounts as JSON values with
//! the `Link` header paged by the ids the list itself is ordered by.

use axum::http::HeaderMap;
use axum::Json;
use rookery_core::{AccountId, Note, NoteId};
use serde::Serialize;
use serde_json::Value;

use crate::entities::render_account;
use crate::entities::status::render_statuses;
use crate::error::ApiError;
use crate::paging::link_header;
use crate::state::ApiState;

/// A JSON list with its `Link` header.
pub(super) type Listing = (HeaderMap, Json<Vec<Value>>);

pub(super) fn to_value(item: impl Serialize) -> Result<Value, ApiError> {
    serde_json::to_value(item).map_err(|e| ApiError::Unavailable(e.to_string()))
}

/// The notes among `ids` that still exist and `viewer` may see, in the given order.
pub(super) async fn visible_notes(
    state: &ApiState,
    viewer: AccountId,
    ids: &[NoteId],
) -> Result<Vec<Note>, ApiError> {
    let mut notes = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(note) = state.services.repo().note(*id).await? {
            if state.services.may_view(Some(viewer), &note).await? {
                notes.push(note);
            }
        }
    }
    Ok(notes)
}

pub(super) async fn status_values(
    state: &ApiState,
    notes: &[Note],
    viewer: Option<AccountId>,
) -> Result<Vec<Value>, ApiError> {
    render_statuses(state, notes, viewer)
        .await?
        .into_iter()
        .map(to_value)
        .collect()
}

/// The accounts among `ids` that still exist, rendered in the given order.
pub(super) async fn account_values(
    state: &ApiState,
    ids: &[AccountId],
) -> Result<Vec<Value>, ApiError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(account) = state.services.repo().account(*id).await? {
            out.push(to_value(render_account(state, &account).await?)?);
        }
    }
    Ok(out)
}

/// `items` with a `Link` header to `path` paged by `page_ids` (newest first).
pub(super) fn listing(
    state: &ApiState,
    path: &str,
    page_ids: &[String],
    items: Vec<Value>,
) -> Listing {
    let url = format!("{}{path}", state.instance.public_url);
    (link_header(&url, page_ids), Json(items))
}
