//! The adapter's error: every way an ActivityPub request can fail, mapped to HTTP at the
//! edge with a short message (internals are logged, not returned).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rookery_core::ports::PortError;
use rookery_core::service::ServiceError;
use rookery_core::CoreError;

use crate::fetch::FetchError;
use crate::mapping::MappingError;
use crate::signatures::SignatureError;

#[derive(Debug, thiserror::Error)]
pub enum ApError {
    /// Missing or invalid HTTP signature.
    #[error("signature: {0}")]
    Signature(#[from] SignatureError),
    /// No signature where authorized fetch requires one (activitypub.md §4.3); the
    /// message is Mastodon's.
    #[error("Request not signed")]
    NotSigned,
    /// The signer's key could not be fetched right now.
    #[error("cannot fetch the signer's key: {0}")]
    KeyUnavailable(String),
    #[error("cannot fetch {0}")]
    Fetch(#[from] FetchError),
    #[error("{0}")]
    Mapping(#[from] MappingError),
    /// Unparseable or incomplete input.
    #[error("{0}")]
    BadRequest(String),
    /// The signer may not say this (origin rule, blocks).
    #[error("{0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    #[error("gone")]
    Gone,
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error(transparent)]
    Port(#[from] PortError),
}

impl ApError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApError::Signature(_) | ApError::NotSigned => StatusCode::UNAUTHORIZED,
            // Never 4xx for a transient problem: the sender would drop the activity
            // (activitypub.md §6.2).
            ApError::KeyUnavailable(_) | ApError::Port(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApError::Fetch(e) if e.is_transient() => StatusCode::SERVICE_UNAVAILABLE,
            ApError::Fetch(_) | ApError::Mapping(_) | ApError::BadRequest(_) => {
                StatusCode::BAD_REQUEST
            }
            ApError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApError::NotFound => StatusCode::NOT_FOUND,
            ApError::Gone => StatusCode::GONE,
            ApError::Service(ServiceError::Refused(e)) => match e {
                CoreError::NotFound(_) => StatusCode::NOT_FOUND,
                CoreError::Forbidden(_) => StatusCode::FORBIDDEN,
                CoreError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                CoreError::Conflict(_) => StatusCode::CONFLICT,
            },
            ApError::Service(ServiceError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl IntoResponse for ApError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if status.is_server_error() {
            tracing::warn!(error = %self, "ActivityPub request failed");
            "temporarily unavailable, try again later".to_owned()
        } else {
            tracing::debug!(error = %self, %status, "ActivityPub request refused");
            self.to_string()
        };
        let mut response = (status, Json(serde_json::json!({ "error": message }))).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert("retry-after", axum::http::HeaderValue::from_static("60"));
        }
        response
    }
}
