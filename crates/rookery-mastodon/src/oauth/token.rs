//! `POST /oauth/token`: the `authorization_code`, `refresh_token` and
//! `client_credentials` grants (RFC 6749 §4.1.3, §6, §4.4), with PKCE for codes.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use rookery_core::ports::OAuthApp;
use serde::Deserialize;
use serde_json::Value;

use super::body::form_or_json;
use super::error::OAuthError;
use super::issue::{app_token, user_tokens};
use super::secrets::{constant_time_eq, sha256_hex};
use super::{pkce, scopes};
use crate::state::ApiState;

#[derive(Deserialize)]
pub(crate) struct TokenRequest {
    grant_type: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
    scope: Option<String>,
}

/// The app whose client id and secret the request carries.
pub(crate) async fn authenticate(
    state: &ApiState,
    client_id: Option<&str>,
    client_secret: Option<&str>,
) -> Result<OAuthApp, OAuthError> {
    let (Some(id), Some(secret)) = (client_id, client_secret) else {
        return Err(OAuthError::InvalidClient);
    };
    let app = state
        .oauth
        .app_by_client_id(id)
        .await?
        .ok_or(OAuthError::InvalidClient)?;
    let presented = sha256_hex(secret);
    if constant_time_eq(presented.as_bytes(), app.client_secret_sha256.as_bytes()) {
        Ok(app)
    } else {
        Err(OAuthError::InvalidClient)
    }
}

pub(super) async fn token(
    State(state): State<ApiState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, OAuthError> {
    let request: TokenRequest = form_or_json(&headers, &body).ok_or(OAuthError::InvalidRequest(
        "The request body does not parse.",
    ))?;
    let grant = request
        .grant_type
        .clone()
        .ok_or(OAuthError::InvalidRequest("grant_type is missing."))?;
    if !matches!(
        grant.as_str(),
        "authorization_code" | "refresh_token" | "client_credentials"
    ) {
        return Err(OAuthError::UnsupportedGrantType);
    }
    let app = authenticate(
        &state,
        request.client_id.as_deref(),
        request.client_secret.as_deref(),
    )
    .await?;
    match grant.as_str() {
        "authorization_code" => authorization_code(&state, &app, &request).await,
        "refresh_token" => refresh(&state, &app, &request).await,
        _ => client_credentials(&state, &app, &request).await,
    }
}

async fn authorization_code(
    state: &ApiState,
    app: &OAuthApp,
    request: &TokenRequest,
) -> Result<Json<Value>, OAuthError> {
    let code = request
        .code
        .as_deref()
        .ok_or(OAuthError::InvalidRequest("code is missing."))?;
    let hash = sha256_hex(code);
    let record = state
        .oauth
        .code_by_hash(&hash)
        .await?
        .ok_or(OAuthError::InvalidGrant)?;
    if record.app != app.id {
        return Err(OAuthError::InvalidGrant);
    }
    if record.expires_at <= state.services.now() {
        state.oauth.consume_code(&hash).await?;
        return Err(OAuthError::InvalidGrant);
    }
    if request.redirect_uri.as_deref() != Some(record.redirect_uri.as_str()) {
        return Err(OAuthError::InvalidGrant);
    }
    if let Some((challenge, method)) = &record.challenge {
        let verifier = request.code_verifier.as_deref().unwrap_or_default();
        if !pkce::verify(challenge, method, verifier) {
            return Err(OAuthError::InvalidGrant);
        }
    }
    // Single use: of two concurrent exchanges only one deletes the code.
    if !state.oauth.consume_code(&hash).await? {
        return Err(OAuthError::InvalidGrant);
    }
    let tokens = user_tokens(state, app, record.account, &record.scopes);
    state
        .oauth
        .issue_user_token(&tokens.access, &tokens.refresh)
        .await?;
    Ok(tokens.response())
}

async fn refresh(
    state: &ApiState,
    app: &OAuthApp,
    request: &TokenRequest,
) -> Result<Json<Value>, OAuthError> {
    let presented = request
        .refresh_token
        .as_deref()
        .ok_or(OAuthError::InvalidRequest("refresh_token is missing."))?;
    let hash = sha256_hex(presented);
    let old = state
        .oauth
        .refresh_by_hash(&hash)
        .await?
        .ok_or(OAuthError::InvalidGrant)?;
    if old.app != app.id {
        return Err(OAuthError::InvalidGrant);
    }
    // A refresh may narrow the scopes, never widen them (RFC 6749 §6).
    let granted = match request.scope.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(wanted) => {
            let wanted = scopes::parse(Some(wanted)).ok_or(OAuthError::InvalidScope)?;
            if !scopes::within(&wanted, &old.scopes) {
                return Err(OAuthError::InvalidScope);
            }
            wanted.join(" ")
        }
        None => old.scopes.clone(),
    };
    let tokens = user_tokens(state, app, old.account, &granted);
    if !state
        .oauth
        .rotate_refresh(&hash, &tokens.access, &tokens.refresh)
        .await?
    {
        return Err(OAuthError::InvalidGrant);
    }
    Ok(tokens.response())
}

async fn client_credentials(
    state: &ApiState,
    app: &OAuthApp,
    request: &TokenRequest,
) -> Result<Json<Value>, OAuthError> {
    let wanted = scopes::parse(request.scope.as_deref()).ok_or(OAuthError::InvalidScope)?;
    if !scopes::within(&wanted, &app.scopes) {
        return Err(OAuthError::InvalidScope);
    }
    app_token(state, app, &wanted.join(" ")).await
}
