//! `POST /api/v1/accounts`: signing up from a client app, allowed only while the
//! instance's `instance.registrations` is `open`. The request carries an app token (from
//! the `client_credentials` grant); the answer is a user token, as in Mastodon.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;
use rookery_core::ports::{OAuthApp, SignUpError};
use serde_json::Value;

use super::params::Params;
use crate::error::ApiError;
use crate::oauth::issue::user_tokens;
use crate::oauth::secrets::sha256_hex;
use crate::state::ApiState;

/// The app behind the request's bearer token (an app token or a user token).
async fn app(state: &ApiState, headers: &HeaderMap) -> Result<OAuthApp, ApiError> {
    let secret = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .ok_or(ApiError::Unauthorized)?;
    state
        .oauth
        .app_by_token_hash(&sha256_hex(secret))
        .await?
        .ok_or(ApiError::Unauthorized)
}

/// Whether the app may create accounts: Mastodon's `write:accounts` scope (or `write`).
fn may_create_accounts(app: &OAuthApp) -> bool {
    app.scopes
        .split_whitespace()
        .any(|s| s == "write" || s == "write:accounts")
}

fn required<'a>(params: &'a Params, field: &str) -> Result<&'a str, ApiError> {
    params
        .get(field)
        .ok_or_else(|| ApiError::Invalid(format!("{field} can't be blank")))
}

pub(super) async fn create(
    State(state): State<ApiState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let app = app(&state, &headers).await?;
    if !may_create_accounts(&app) {
        return Err(ApiError::MissingScope);
    }
    if !state.instance.registrations_open {
        return Err(ApiError::Forbidden("registrations are closed".into()));
    }
    let params = Params::from_request(raw.as_deref(), &headers, &body)?;
    let username = required(&params, "username")?;
    let password = required(&params, "password")?;
    let email = required(&params, "email")?;
    // Not stored (rookery sends no mail yet), but Mastodon clients always send one.
    if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        return Err(ApiError::Invalid("email is invalid".into()));
    }
    if !params.flag("agreement") {
        return Err(ApiError::Invalid("agreement must be accepted".into()));
    }
    let account = state
        .registrar
        .sign_up(username, password)
        .await
        .map_err(|e| match e {
            SignUpError::Port(e) => ApiError::from(e),
            other => ApiError::Invalid(other.to_string()),
        })?;
    let tokens = user_tokens(&state, &app, account, &app.scopes);
    state
        .oauth
        .issue_user_token(&tokens.access, &tokens.refresh)
        .await?;
    Ok(tokens.response())
}
