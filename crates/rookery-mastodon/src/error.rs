//! The API's error: Mastodon's `{"error": "..."}` body with its status codes.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rookery_core::ports::PortError;
use rookery_core::service::ServiceError;
use rookery_core::CoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("The access token is invalid")]
    Unauthorized,
    #[error("This action is outside the authorized scopes")]
    MissingScope,
    #[error("Record not found")]
    NotFound,
    #[error("Validation failed: {0}")]
    Invalid(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Unavailable(String),
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Refused(CoreError::NotFound(_)) => ApiError::NotFound,
            ServiceError::Refused(CoreError::Invalid { field, reason }) => {
                ApiError::Invalid(format!("{field} {reason}"))
            }
            ServiceError::Refused(CoreError::Forbidden(why)) => ApiError::Forbidden(why),
            ServiceError::Refused(CoreError::Conflict(why)) => ApiError::Invalid(why),
            ServiceError::Unavailable(e) => ApiError::Unavailable(e.to_string()),
        }
    }
}

impl From<PortError> for ApiError {
    fn from(e: PortError) -> Self {
        ApiError::Unavailable(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::MissingScope | ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        };
        let message = match &self {
            ApiError::Unavailable(detail) => {
                tracing::warn!(%detail, "client API request failed");
                "Service temporarily unavailable".to_owned()
            }
            other => other.to_string(),
        };
        // A 422 also carries `details`, Mastodon's per-field `ValidationError` (empty:
        // rookery's messages name the field in `error`).
        let body = if status == StatusCode::UNPROCESSABLE_ENTITY {
            serde_json::json!({ "error": message, "details": {} })
        } else {
            serde_json::json!({ "error": message })
        };
        (status, Json(body)).into_response()
    }
}
