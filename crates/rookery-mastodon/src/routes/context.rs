//! `GET /api/v1/statuses/:id/context`: the thread around a status, as the viewer may see
//! it: ancestors oldest first, descendants in reply order.

use axum::extract::{Path, State};
use axum::Json;
use rookery_core::{AccountId, Note, NoteId};
use serde_json::{json, Value};

use crate::auth::MaybeUser;
use crate::entities::render_status;
use crate::error::ApiError;
use crate::state::ApiState;

/// Bounds on how much of a thread one request walks.
const MAX_ANCESTORS: usize = 40;
const MAX_DESCENDANTS: usize = 60;

pub(super) async fn context(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    viewer: MaybeUser,
) -> Result<Json<Value>, ApiError> {
    let viewer = viewer.0.map(|u| u.account);
    let id: NoteId = id.parse().map_err(|_| ApiError::NotFound)?;
    let repo = state.services.repo();
    let note = repo.note(id).await?.ok_or(ApiError::NotFound)?;
    if !state.services.may_view(viewer, &note).await? {
        return Err(ApiError::NotFound);
    }
    let mut ancestors = Vec::new();
    let mut parent = note.in_reply_to;
    while let Some(parent_id) = parent {
        if ancestors.len() >= MAX_ANCESTORS {
            break;
        }
        let Some(found) = repo.note(parent_id).await? else {
            break;
        };
        parent = found.in_reply_to;
        ancestors.push(found);
    }
    ancestors.reverse();
    let mut descendants = Vec::new();
    let mut frontier = vec![note.id];
    while let Some(current) = frontier.pop() {
        for reply in repo.replies_to(current).await? {
            if descendants.len() >= MAX_DESCENDANTS {
                break;
            }
            frontier.push(reply.id);
            descendants.push(reply);
        }
    }
    descendants.sort_by_key(|n| n.id);
    Ok(Json(json!({
        "ancestors": visible(&state, ancestors, viewer).await?,
        "descendants": visible(&state, descendants, viewer).await?,
    })))
}

async fn visible(
    state: &ApiState,
    notes: Vec<Note>,
    viewer: Option<AccountId>,
) -> Result<Vec<Value>, ApiError> {
    let mut out = Vec::new();
    for note in notes {
        if state.services.may_view(viewer, &note).await? {
            out.push(
                serde_json::to_value(render_status(state, &note, viewer).await?)
                    .map_err(|e| ApiError::Unavailable(e.to_string()))?,
            );
        }
    }
    Ok(out)
}
