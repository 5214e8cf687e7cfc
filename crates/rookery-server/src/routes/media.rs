//! `GET /media/{name}`: the files of local uploads. Names are unguessable and never
//! reused, so responses may be cached for a year; the type comes from what we encoded
//! (never sniffed by browsers), and the file runs no script even when opened directly.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rookery_media::MediaError;

use crate::state::AppState;

const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";
const NO_ACTIVE_CONTENT: &str = "default-src 'none'; sandbox";

pub(super) async fn file(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    match state.media.read(&name).await {
        Ok(file) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(file.media_type),
                ),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(CACHE_FOREVER),
                ),
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(NO_ACTIVE_CONTENT),
                ),
                (
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                ),
            ],
            file.bytes,
        )
            .into_response(),
        Err(MediaError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, name, "serving a media file failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
