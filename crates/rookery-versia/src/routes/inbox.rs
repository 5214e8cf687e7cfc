//! E5 `POST /.versia/v0.6/inbox` (versia.md §4): a capped raw body through the inbox
//! pipeline; 202 when accepted (§12 decision 14), else the pipeline's status with a
//! short JSON reason.

use axum::body::{to_bytes, Body};
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::respond::{error, rejected};
use super::RouteState;
use crate::inbox::{receive, MAX_INBOX_BYTES};

pub(super) async fn post_inbox(
    State(state): State<RouteState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Ok(bytes) = to_bytes(body, MAX_INBOX_BYTES).await else {
        return error(StatusCode::PAYLOAD_TOO_LARGE, "body too large");
    };
    match receive(&state.versia, &state.services, uri.path(), &headers, &bytes).await {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(rejection) => {
            tracing::info!(status = %rejection.status, reason = %rejection.reason, "versia inbox refused a delivery");
            rejected(&rejection)
        }
    }
}
