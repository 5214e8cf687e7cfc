//! `/api/v1/statuses`: posting, reading, deleting, favourites and reblogs.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use rookery_core::service::Draft;
use rookery_core::{NoteId, Visibility};
use serde::Deserialize;

use crate::auth::{MaybeUser, User};
use crate::entities::render_status;
use crate::entities::status::StatusJson;
use crate::error::ApiError;
use crate::state::ApiState;

fn parse_id(id: &str) -> Result<NoteId, ApiError> {
    id.parse().map_err(|_| ApiError::NotFound)
}

/// The body of `POST /api/v1/statuses`, as JSON or a form.
#[derive(Debug, Deserialize)]
pub(super) struct NewStatus {
    status: Option<String>,
    in_reply_to_id: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    sensitive: Option<bool>,
    spoiler_text: Option<String>,
    visibility: Option<String>,
    language: Option<String>,
}

pub(super) async fn create(
    State(state): State<ApiState>,
    user: User,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<StatusJson>, ApiError> {
    user.require("write:statuses")?;
    let is_json = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    let new: NewStatus = if is_json {
        serde_json::from_slice(&body).map_err(|e| ApiError::Invalid(e.to_string()))?
    } else {
        serde_urlencoded_form(&body)?
    };
    let text = new.status.unwrap_or_default();
    let visibility = match new.visibility.as_deref() {
        None | Some("") => Visibility::Public,
        Some(v) => v
            .parse()
            .map_err(|_| ApiError::Invalid(format!("visibility {v:?} is not valid")))?,
    };
    let in_reply_to = match new.in_reply_to_id.as_deref().filter(|v| !v.is_empty()) {
        Some(id) => Some(parse_id(id)?),
        None => None,
    };
    let spoiler = new.spoiler_text.unwrap_or_default();
    let draft = Draft {
        text,
        sensitive: new.sensitive.unwrap_or(false) || !spoiler.is_empty(),
        content_warning: spoiler,
        language: new.language.filter(|l| !l.is_empty()),
        visibility,
        in_reply_to,
    };
    let media = super::media::media_ids(&body, is_json)?;
    let services = &state.services;
    let context = match super::polls::poll_draft(&body, is_json)? {
        Some(poll) => {
            services
                .post_note_with_poll(user.account, draft, &media, poll)
                .await?
        }
        None => {
            services
                .post_note_with_media(user.account, draft, &media)
                .await?
        }
    };
    Ok(Json(
        render_status(&state, &context.note, Some(user.account)).await?,
    ))
}

/// A boolean as Mastodon (Rails) casts it: JSON `true`/`false`, or in a form `0`, `f`,
/// `false`, `off`, `no` for false and any other text for true (Mastodon.py sends `1`/`0`).
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    Ok(match Option::<Flag>::deserialize(d)? {
        None => None,
        Some(Flag::Bool(value)) => Some(value),
        Some(Flag::Text(text)) => match text.to_ascii_lowercase().as_str() {
            "" => None,
            "0" | "f" | "false" | "off" | "no" => Some(false),
            _ => Some(true),
        },
    })
}

/// Form bodies (`application/x-www-form-urlencoded`), which many clients send.
fn serde_urlencoded_form(body: &[u8]) -> Result<NewStatus, ApiError> {
    serde_urlencoded::from_bytes(body).map_err(|e| ApiError::Invalid(e.to_string()))
}

pub(super) async fn show(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    viewer: MaybeUser,
) -> Result<Json<StatusJson>, ApiError> {
    let viewer = viewer.0.map(|u| u.account);
    let note = state
        .services
        .repo()
        .note(parse_id(&id)?)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !state.services.may_view(viewer, &note).await? {
        return Err(ApiError::NotFound);
    }
    Ok(Json(render_status(&state, &note, viewer).await?))
}

pub(super) async fn delete(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
) -> Result<Json<StatusJson>, ApiError> {
    user.require("write:statuses")?;
    let note = state
        .services
        .repo()
        .note(parse_id(&id)?)
        .await?
        .ok_or(ApiError::NotFound)?;
    let rendered = render_status(&state, &note, Some(user.account)).await?;
    state.services.delete_note(user.account, note.id).await?;
    Ok(Json(rendered))
}

async fn rendered(
    state: &ApiState,
    id: NoteId,
    viewer: rookery_core::AccountId,
) -> Result<Json<StatusJson>, ApiError> {
    let note = state
        .services
        .repo()
        .note(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(render_status(state, &note, Some(viewer)).await?))
}

/// Favourite, unfavourite, reblog or unreblog: `POST /api/v1/statuses/:id/{action}`.
pub(super) async fn interact(
    State(state): State<ApiState>,
    Path((id, action)): Path<(String, String)>,
    user: User,
) -> Result<Json<StatusJson>, ApiError> {
    match action.as_str() {
        "favourite" | "unfavourite" => user.require("write:favourites")?,
        "reblog" | "unreblog" => user.require("write:statuses")?,
        "bookmark" | "unbookmark" => user.require("write:bookmarks")?,
        "pin" | "unpin" => user.require("write:accounts")?,
        _ => return Err(ApiError::NotFound),
    }
    let id = parse_id(&id)?;
    let services = &state.services;
    match action.as_str() {
        "bookmark" | "unbookmark" | "pin" | "unpin" => {
            super::saved::act(&state, user.account, id, &action).await?;
        }
        "favourite" => {
            services.like(user.account, id).await?;
        }
        "unfavourite" => services.unlike(user.account, id).await?,
        "reblog" => {
            services.share(user.account, id).await?;
        }
        _ => services.unshare(user.account, id).await?,
    }
    rendered(&state, id, user.account).await
}
