//! `/api/v1/media` and `/api/v2/media`: uploading images (multipart `file`,
//! `description`, `focus`), reading and describing one's unattached uploads, and the
//! `media_ids[]` of a new status. Every action needs the `write:media` scope, as in
//! Mastodon.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use rookery_core::media::{clean_description, Focus, MediaId};
use rookery_media::MediaError;
use serde::Deserialize;

use crate::auth::User;
use crate::entities::media::{render_upload, MediaAttachmentJson};
use crate::error::ApiError;
use crate::state::ApiState;

/// Room above the file limit for the other form fields and the multipart framing.
const FORM_OVERHEAD_BYTES: u64 = 64 * 1024;

/// The upload routes, with a body limit of their own (the file limit plus the form's
/// overhead). The server mounts them outside its general 1 MiB body limit.
pub fn upload_routes(state: ApiState) -> Router {
    let limit = state
        .media
        .limits()
        .max_bytes
        .saturating_add(FORM_OVERHEAD_BYTES);
    Router::new()
        .route("/api/v1/media", post(upload))
        .route("/api/v2/media", post(upload))
        .layer(DefaultBodyLimit::max(
            usize::try_from(limit).unwrap_or(usize::MAX),
        ))
        .with_state(state)
}

/// `GET` and `PUT /api/v1/media/:id` (small bodies: under the general limit).
pub(super) fn routes() -> Router<ApiState> {
    Router::new().route("/api/v1/media/{id}", get(show).put(update))
}

fn parse_id(id: &str) -> Result<MediaId, ApiError> {
    id.parse().map_err(|_| ApiError::NotFound)
}

fn media_error(error: MediaError) -> ApiError {
    if error.is_refusal() {
        ApiError::Invalid(error.to_string())
    } else {
        ApiError::Unavailable(error.to_string())
    }
}

fn multipart_error(error: axum::extract::multipart::MultipartError) -> ApiError {
    ApiError::Invalid(format!(
        "the multipart body is malformed: {}",
        error.body_text()
    ))
}

/// What the multipart form held.
#[derive(Default)]
struct UploadForm {
    file: Option<Vec<u8>>,
    description: Option<String>,
    focus: Option<String>,
}

/// Reads the form, refusing a file above the byte limit as soon as it gets there
/// (without buffering the rest).
async fn read_form(mut multipart: Multipart, max_bytes: u64) -> Result<UploadForm, ApiError> {
    let mut form = UploadForm::default();
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        match field.name() {
            Some("file") => {
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                    if (bytes.len() + chunk.len()) as u64 > max_bytes {
                        return Err(media_error(MediaError::TooLarge { limit: max_bytes }));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                form.file = Some(bytes);
            }
            Some("description") => {
                form.description = Some(field.text().await.map_err(multipart_error)?)
            }
            Some("focus") => form.focus = Some(field.text().await.map_err(multipart_error)?),
            // `thumbnail` (for audio and video) and unknown fields are ignored.
            _ => {}
        }
    }
    Ok(form)
}

/// `POST /api/v1/media` and `/api/v2/media`: the image is processed before answering,
/// so both answer 200 with the finished attachment.
async fn upload(
    State(state): State<ApiState>,
    user: User,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<MediaAttachmentJson>, ApiError> {
    user.require("write:media")?;
    // Answered in Mastodon's shape rather than axum's plain-text rejection.
    let multipart = multipart
        .map_err(|e| ApiError::Invalid(format!("expected a multipart form: {}", e.body_text())))?;
    let form = read_form(multipart, state.media.limits().max_bytes).await?;
    let file = form
        .file
        .ok_or_else(|| ApiError::Invalid("file is missing".into()))?;
    // Checked before the file is processed, so a refusal leaves no files behind.
    let description = clean_description(form.description.as_deref()).map_err(refusal)?;
    let focus = match form.focus.as_deref().filter(|f| !f.trim().is_empty()) {
        Some(text) => Focus::parse(text).map_err(refusal)?,
        None => Focus::CENTER,
    };
    let stored = state.media.store_image(file).await.map_err(media_error)?;
    let upload = stored.clone().into_upload(description, focus);
    match state.services.add_media(user.account, upload).await {
        Ok(media) => Ok(Json(render_upload(&media))),
        Err(error) => {
            state.media.remove(&stored).await;
            Err(error.into())
        }
    }
}

fn refusal(error: rookery_core::CoreError) -> ApiError {
    ApiError::from(rookery_core::service::ServiceError::from(error))
}

/// `GET /api/v1/media/:id`: one's own upload while unattached.
async fn show(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
) -> Result<Json<MediaAttachmentJson>, ApiError> {
    user.require("write:media")?;
    let media = state
        .services
        .own_media(user.account, parse_id(&id)?)
        .await?;
    Ok(Json(render_upload(&media)))
}

/// The body of `PUT /api/v1/media/:id`, as JSON or a form.
#[derive(Debug, Default, Deserialize)]
struct MediaChange {
    description: Option<String>,
    focus: Option<String>,
}

/// `PUT /api/v1/media/:id`: sets alt text and focus before the upload is posted.
async fn update(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<MediaAttachmentJson>, ApiError> {
    user.require("write:media")?;
    let change: MediaChange = if is_json(&headers) {
        serde_json::from_slice(&body).map_err(|e| ApiError::Invalid(e.to_string()))?
    } else {
        serde_urlencoded::from_bytes(&body).map_err(|e| ApiError::Invalid(e.to_string()))?
    };
    let focus = match change.focus.as_deref().filter(|f| !f.trim().is_empty()) {
        Some(text) => Some(Focus::parse(text).map_err(refusal)?),
        None => None,
    };
    let media = state
        .services
        .describe_media(
            user.account,
            parse_id(&id)?,
            change.description.as_deref(),
            focus,
        )
        .await?;
    Ok(Json(render_upload(&media)))
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"))
}

/// The `media_ids` of a new status: `media_ids[]=1&media_ids[]=2` in a form, or a JSON
/// array of strings (or numbers). An id that is not a number names no upload: 422.
pub(super) fn media_ids(body: &[u8], json: bool) -> Result<Vec<MediaId>, ApiError> {
    let raw: Vec<String> = if json {
        #[derive(Deserialize)]
        struct Ids {
            #[serde(default)]
            media_ids: Vec<serde_json::Value>,
        }
        let ids: Ids =
            serde_json::from_slice(body).map_err(|e| ApiError::Invalid(e.to_string()))?;
        ids.media_ids
            .into_iter()
            .map(|v| match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
            .collect()
    } else {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(body).map_err(|e| ApiError::Invalid(e.to_string()))?;
        pairs
            .into_iter()
            .filter(|(key, _)| key == "media_ids[]" || key == "media_ids")
            .map(|(_, value)| value)
            .collect()
    };
    raw.iter()
        .filter(|id| !id.is_empty())
        .map(|id| {
            id.parse()
                .map_err(|_| ApiError::Invalid(format!("media_ids {id} is not an upload of yours")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_ids_from_forms_and_json() {
        let form = b"status=hi&media_ids%5B%5D=11&media_ids[]=12&visibility=public";
        let ids = media_ids(form, false).unwrap();
        assert_eq!(ids, vec![MediaId::from_i64(11), MediaId::from_i64(12)]);
        let json = br#"{"status":"hi","media_ids":["11", 12]}"#;
        assert_eq!(
            media_ids(json, true).unwrap(),
            vec![MediaId::from_i64(11), MediaId::from_i64(12)]
        );
        assert!(media_ids(br#"{"status":"hi"}"#, true).unwrap().is_empty());
        assert!(media_ids(b"status=hi", false).unwrap().is_empty());
        assert!(matches!(
            media_ids(b"media_ids[]=abc", false),
            Err(ApiError::Invalid(_))
        ));
    }
}
