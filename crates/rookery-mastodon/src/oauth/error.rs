//! OAuth errors (RFC 6749 §5.2) in Doorkeeper's shape, as Mastodon sends them:
//! `{"error": "invalid_grant", "error_description": "..."}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rookery_core::ports::PortError;

#[derive(Debug)]
pub(crate) enum OAuthError {
    InvalidRequest(&'static str),
    InvalidClient,
    InvalidGrant,
    InvalidScope,
    UnsupportedGrantType,
    Unavailable(String),
}

impl From<PortError> for OAuthError {
    fn from(e: PortError) -> Self {
        OAuthError::Unavailable(e.to_string())
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let (status, error, description) = match &self {
            OAuthError::InvalidRequest(why) => (StatusCode::BAD_REQUEST, "invalid_request", *why),
            OAuthError::InvalidClient => (
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "Client authentication failed due to unknown client, no client authentication \
                 included, or unsupported authentication method.",
            ),
            OAuthError::InvalidGrant => (
                StatusCode::BAD_REQUEST,
                "invalid_grant",
                "The provided authorization grant is invalid, expired, revoked, does not match \
                 the redirection URI used in the authorization request, or was issued to \
                 another client.",
            ),
            OAuthError::InvalidScope => (
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                "The requested scope is invalid, unknown, or malformed.",
            ),
            OAuthError::UnsupportedGrantType => (
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.",
            ),
            OAuthError::Unavailable(detail) => {
                tracing::warn!(%detail, "OAuth request failed");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "temporarily_unavailable",
                    "The server is temporarily unable to handle the request.",
                )
            }
        };
        let body = serde_json::json!({ "error": error, "error_description": description });
        (status, Json(body)).into_response()
    }
}
