//! Editing statuses: `PUT /api/v1/statuses/:id`, and reading an edited status's
//! `history` (Mastodon's `StatusEdit` list) and `source` (`StatusSource`).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use rookery_core::note_edit::NoteEdit;
use rookery_core::service::NoteChange;
use rookery_core::{AccountId, Note, NoteId};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::auth::{MaybeUser, User};
use crate::entities::media::{render_media, MediaAttachmentJson};
use crate::entities::status::StatusJson;
use crate::entities::{render_account, render_status};
use crate::error::ApiError;
use crate::state::ApiState;

fn parse_id(id: &str) -> Result<NoteId, ApiError> {
    id.parse().map_err(|_| ApiError::NotFound)
}

/// The body of `PUT /api/v1/statuses/:id`, as JSON or a form. `media_ids` and `poll`
/// are accepted and left as they are: attachments do not change on edit here.
#[derive(Debug, Deserialize)]
pub(super) struct StatusUpdate {
    status: Option<String>,
    spoiler_text: Option<String>,
    sensitive: Option<bool>,
    language: Option<String>,
}

/// The note `id` as `viewer` may see it; 404 otherwise (Mastodon hides what one may
/// not see).
async fn visible_note(
    state: &ApiState,
    id: &str,
    viewer: Option<AccountId>,
) -> Result<Note, ApiError> {
    let note = state
        .services
        .repo()
        .note(parse_id(id)?)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !state.services.may_view(viewer, &note).await? {
        return Err(ApiError::NotFound);
    }
    Ok(note)
}

pub(super) async fn update(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<StatusJson>, ApiError> {
    user.require("write:statuses")?;
    let note = visible_note(&state, &id, Some(user.account)).await?;
    // Someone else's status is "not found" for editing, as Mastodon answers.
    if note.author != user.account {
        return Err(ApiError::NotFound);
    }
    let is_json = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    let update: StatusUpdate = if is_json {
        serde_json::from_slice(&body).map_err(|e| ApiError::Invalid(e.to_string()))?
    } else {
        serde_urlencoded::from_bytes(&body).map_err(|e| ApiError::Invalid(e.to_string()))?
    };
    let spoiler = update.spoiler_text.unwrap_or_default();
    let change = NoteChange {
        text: update.status.unwrap_or_default(),
        sensitive: update.sensitive.unwrap_or(false) || !spoiler.is_empty(),
        content_warning: spoiler,
        language: update.language.map(|l| Some(l).filter(|l| !l.is_empty())),
    };
    let context = state
        .services
        .change_note(user.account, note.id, change)
        .await?;
    Ok(Json(
        render_status(&state, &context.note, Some(user.account)).await?,
    ))
}

/// Mastodon's `StatusEdit`: one version of a status.
#[derive(Debug, Serialize)]
pub(super) struct StatusEditJson {
    content: String,
    spoiler_text: String,
    sensitive: bool,
    created_at: String,
    account: Value,
    poll: Option<Value>,
    media_attachments: Vec<MediaAttachmentJson>,
    emojis: Vec<Value>,
}

/// Every version, oldest first, the current one last; an unedited status has one.
pub(super) async fn history(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    viewer: MaybeUser,
) -> Result<Json<Vec<StatusEditJson>>, ApiError> {
    let note = visible_note(&state, &id, viewer.0.map(|u| u.account)).await?;
    let author = state
        .services
        .repo()
        .account(note.author)
        .await?
        .ok_or(ApiError::NotFound)?;
    let account = serde_json::to_value(render_account(&state, &author).await?)
        .map_err(|e| ApiError::Unavailable(e.to_string()))?;
    // Attachments are not versioned: every version shows the current ones.
    let media = || {
        note.attachments
            .iter()
            .enumerate()
            .map(|(position, a)| render_media(note.id, position, a))
            .collect::<Vec<_>>()
    };
    let mut versions = state.services.repo().note_edits(note.id).await?;
    versions.push(NoteEdit::snapshot(&note));
    let out = versions
        .into_iter()
        .map(|version| StatusEditJson {
            content: version.content_html,
            spoiler_text: version.content_warning,
            sensitive: version.sensitive,
            created_at: version.created_at.to_rfc3339(),
            account: account.clone(),
            poll: None,
            media_attachments: media(),
            emojis: Vec::new(),
        })
        .collect();
    Ok(Json(out))
}

/// Mastodon's `StatusSource`: what the author typed, for an edit form.
#[derive(Debug, Serialize)]
pub(super) struct StatusSourceJson {
    id: String,
    text: String,
    spoiler_text: String,
}

pub(super) async fn source(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
) -> Result<Json<StatusSourceJson>, ApiError> {
    user.require("read:statuses")?;
    let note = visible_note(&state, &id, Some(user.account)).await?;
    // A remote note may come without its source: its text without markup then.
    let text = if note.source.is_empty() {
        rookery_html::plain_text(&note.content_html)
    } else {
        note.source.clone()
    };
    Ok(Json(StatusSourceJson {
        id: note.id.to_string(),
        text,
        spoiler_text: note.content_warning,
    }))
}
