//! Bearer tokens: `Authorization: Bearer SECRET`, looked up by the SHA-256 of the secret
//! (tokens are stored hashed), and the OAuth scope each endpoint needs.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use rookery_core::{AccessToken, AccountId};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::state::ApiState;

/// The account a request acts for, with the token's scopes.
pub struct User {
    pub account: AccountId,
    token: AccessToken,
}

impl User {
    /// Refuses with 403 unless the token grants `scope` (or its parent, e.g. `read`).
    pub fn require(&self, scope: &str) -> Result<(), ApiError> {
        if self.token.allows(scope) {
            Ok(())
        } else {
            Err(ApiError::MissingScope)
        }
    }
}

/// A user when a valid token is sent; nobody otherwise (public endpoints).
pub struct MaybeUser(pub Option<User>);

pub(crate) fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get("authorization")?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

async fn lookup(parts: &Parts, state: &ApiState) -> Result<Option<User>, ApiError> {
    let Some(secret) = bearer(parts) else {
        return Ok(None);
    };
    let hash: String = Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    match state.tokens.token_by_hash(&hash).await? {
        Some(token) => Ok(Some(User {
            account: token.account,
            token,
        })),
        None => Err(ApiError::Unauthorized),
    }
}

impl FromRequestParts<ApiState> for User {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        lookup(parts, state).await?.ok_or(ApiError::Unauthorized)
    }
}

impl FromRequestParts<ApiState> for MaybeUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        Ok(MaybeUser(lookup(parts, state).await?))
    }
}
