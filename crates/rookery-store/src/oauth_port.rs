//! The store as core's OAuth storage port.

use async_trait::async_trait;
use rookery_core::ports::{
    AppToken, AuthorizationCode, OAuthApp, OAuthStore, PortResult, RefreshToken,
};
use rookery_core::{AccessToken, AppId};

use crate::store::Store;

#[async_trait]
impl OAuthStore for Store {
    async fn create_app(&self, app: &OAuthApp) -> PortResult<()> {
        Ok(self.create_oauth_app(app).await?)
    }

    async fn app_by_client_id(&self, client_id: &str) -> PortResult<Option<OAuthApp>> {
        Ok(self.oauth_app_by_client_id(client_id).await?)
    }

    async fn app_by_token_hash(&self, sha256_hex: &str) -> PortResult<Option<OAuthApp>> {
        Ok(self.oauth_app_by_token_hash(sha256_hex).await?)
    }

    async fn create_code(&self, code: &AuthorizationCode) -> PortResult<()> {
        Ok(self.create_oauth_code(code).await?)
    }

    async fn code_by_hash(&self, sha256_hex: &str) -> PortResult<Option<AuthorizationCode>> {
        Ok(self.oauth_code_by_hash(sha256_hex).await?)
    }

    async fn consume_code(&self, sha256_hex: &str) -> PortResult<bool> {
        Ok(self.consume_oauth_code(sha256_hex).await?)
    }

    async fn issue_user_token(
        &self,
        access: &AccessToken,
        refresh: &RefreshToken,
    ) -> PortResult<()> {
        Ok(self.issue_oauth_user_token(access, refresh).await?)
    }

    async fn refresh_by_hash(&self, sha256_hex: &str) -> PortResult<Option<RefreshToken>> {
        Ok(self.oauth_refresh_by_hash(sha256_hex).await?)
    }

    async fn rotate_refresh(
        &self,
        old_sha256: &str,
        access: &AccessToken,
        refresh: &RefreshToken,
    ) -> PortResult<bool> {
        Ok(self
            .rotate_oauth_refresh(old_sha256, access, refresh)
            .await?)
    }

    async fn create_app_token(&self, token: &AppToken) -> PortResult<()> {
        Ok(self.create_oauth_app_token(token).await?)
    }

    async fn revoke(&self, app: AppId, sha256_hex: &str) -> PortResult<()> {
        Ok(self.revoke_oauth_token(app, sha256_hex).await?)
    }
}
