//! Minting tokens: a user's access token with its refresh token, or an app token, and
//! the token response clients read (`{access_token, token_type, scope, created_at}`).

use axum::Json;
use rookery_core::ports::{AppToken, OAuthApp, RefreshToken};
use rookery_core::{AccessToken, AccountId, TokenId};
use serde_json::{json, Value};

use super::error::OAuthError;
use super::secrets::{random_secret, sha256_hex};
use crate::state::ApiState;

/// New secrets and their records; the store decides whether to keep them.
pub(crate) struct UserTokens {
    pub access: AccessToken,
    pub refresh: RefreshToken,
    access_secret: String,
    refresh_secret: String,
}

pub(crate) fn user_tokens(
    state: &ApiState,
    app: &OAuthApp,
    account: AccountId,
    scopes: &str,
) -> UserTokens {
    let now = state.services.now();
    let access_secret = random_secret();
    let refresh_secret = random_secret();
    let access = AccessToken {
        id: TokenId(state.services.new_id()),
        account,
        token_sha256: sha256_hex(&access_secret),
        scopes: scopes.to_owned(),
        app_name: Some(app.name.clone()),
        created_at: now,
    };
    let refresh = RefreshToken {
        token_sha256: sha256_hex(&refresh_secret),
        app: app.id,
        account,
        access_token: access.id,
        scopes: scopes.to_owned(),
        created_at: now,
    };
    UserTokens {
        access,
        refresh,
        access_secret,
        refresh_secret,
    }
}

impl UserTokens {
    pub(crate) fn response(&self) -> Json<Value> {
        Json(json!({
            "access_token": self.access_secret,
            "token_type": "Bearer",
            "scope": self.access.scopes,
            "created_at": self.access.created_at.as_millis() / 1000,
            "refresh_token": self.refresh_secret,
        }))
    }
}

pub(crate) async fn app_token(
    state: &ApiState,
    app: &OAuthApp,
    scopes: &str,
) -> Result<Json<Value>, OAuthError> {
    let secret = random_secret();
    let token = AppToken {
        id: TokenId(state.services.new_id()),
        app: app.id,
        token_sha256: sha256_hex(&secret),
        scopes: scopes.to_owned(),
        created_at: state.services.now(),
    };
    state.oauth.create_app_token(&token).await?;
    Ok(Json(json!({
        "access_token": secret,
        "token_type": "Bearer",
        "scope": token.scopes,
        "created_at": token.created_at.as_millis() / 1000,
    })))
}
