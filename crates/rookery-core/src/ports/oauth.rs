//! The OAuth 2 storage port: registered applications, authorization codes, refresh
//! tokens and app-only tokens. Every secret is stored as its SHA-256 (lowercase hex).

use async_trait::async_trait;

use crate::auth::AccessToken;
use crate::id::{AccountId, AppId, TokenId};
use crate::time::Timestamp;

use super::PortResult;

/// A client application (`POST /api/v1/apps`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthApp {
    pub id: AppId,
    pub name: String,
    pub website: Option<String>,
    /// The redirect URIs the app registered, in order.
    pub redirect_uris: Vec<String>,
    /// Space-separated scopes the app may ask for.
    pub scopes: String,
    pub client_id: String,
    pub client_secret_sha256: String,
    pub created_at: Timestamp,
}

/// An authorization code waiting to be exchanged for a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationCode {
    pub code_sha256: String,
    pub app: AppId,
    pub account: AccountId,
    pub redirect_uri: String,
    pub scopes: String,
    /// PKCE (RFC 7636): the challenge and its method (`S256` or `plain`).
    pub challenge: Option<(String, String)>,
    pub expires_at: Timestamp,
}

/// A refresh token, tied to the access token issued with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshToken {
    pub token_sha256: String,
    pub app: AppId,
    pub account: AccountId,
    pub access_token: TokenId,
    pub scopes: String,
    pub created_at: Timestamp,
}

/// A token for the application itself (`client_credentials`), acting for no account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppToken {
    pub id: TokenId,
    pub app: AppId,
    pub token_sha256: String,
    pub scopes: String,
    pub created_at: Timestamp,
}

#[async_trait]
pub trait OAuthStore: Send + Sync {
    async fn create_app(&self, app: &OAuthApp) -> PortResult<()>;
    async fn app_by_client_id(&self, client_id: &str) -> PortResult<Option<OAuthApp>>;
    /// The app behind an access token: an app token, or a user token issued through OAuth.
    async fn app_by_token_hash(&self, sha256_hex: &str) -> PortResult<Option<OAuthApp>>;

    async fn create_code(&self, code: &AuthorizationCode) -> PortResult<()>;
    async fn code_by_hash(&self, sha256_hex: &str) -> PortResult<Option<AuthorizationCode>>;
    /// Deletes the code; `true` only for the one caller that deleted it (single use).
    async fn consume_code(&self, sha256_hex: &str) -> PortResult<bool>;

    /// Stores a user's access token and its refresh token together.
    async fn issue_user_token(
        &self,
        access: &AccessToken,
        refresh: &RefreshToken,
    ) -> PortResult<()>;
    async fn refresh_by_hash(&self, sha256_hex: &str) -> PortResult<Option<RefreshToken>>;
    /// Replaces the refresh token `old_sha256` (and its access token) by a new pair;
    /// `false` when it was already used or revoked.
    async fn rotate_refresh(
        &self,
        old_sha256: &str,
        access: &AccessToken,
        refresh: &RefreshToken,
    ) -> PortResult<bool>;

    async fn create_app_token(&self, token: &AppToken) -> PortResult<()>;
    /// Revokes the access, refresh or app token hashing to `sha256_hex` if it belongs to
    /// `app` (with its companion access or refresh token). Unknown tokens are ignored.
    async fn revoke(&self, app: AppId, sha256_hex: &str) -> PortResult<()>;
}
