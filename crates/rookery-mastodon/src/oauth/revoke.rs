//! `POST /oauth/revoke` (RFC 7009): the client revokes one of its tokens; an unknown
//! token is not an error.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::body::form_or_json;
use super::error::OAuthError;
use super::secrets::sha256_hex;
use super::token::authenticate;
use crate::state::ApiState;

#[derive(Deserialize)]
pub(crate) struct RevokeRequest {
    token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

pub(super) async fn revoke(
    State(state): State<ApiState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, OAuthError> {
    let request: RevokeRequest = form_or_json(&headers, &body).ok_or(
        OAuthError::InvalidRequest("The request body does not parse."),
    )?;
    let app = authenticate(
        &state,
        request.client_id.as_deref(),
        request.client_secret.as_deref(),
    )
    .await?;
    let token = request
        .token
        .ok_or(OAuthError::InvalidRequest("token is missing."))?;
    state.oauth.revoke(app.id, &sha256_hex(&token)).await?;
    Ok(Json(json!({})))
}
