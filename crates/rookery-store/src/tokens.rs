//! Access tokens, looked up by the SHA-256 of their secret.

use rookery_core::auth::AccessToken;
use rookery_core::{AccountId, TokenId};

use crate::error::StoreError;
use crate::rows::{self, TOKEN_COLUMNS};
use crate::store::Store;

impl Store {
    pub async fn create_access_token(&self, token: &AccessToken) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO access_tokens (id, account_id, token_sha256, scopes, app_name, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token.id.as_i64())
        .bind(token.account.as_i64())
        .bind(token.token_sha256.as_str())
        .bind(token.scopes.as_str())
        .bind(token.app_name.as_deref())
        .bind(token.created_at.as_millis())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// `sha256_hex` is lowercase hex, as [`AccessToken::token_sha256`].
    pub async fn access_token_by_hash(
        &self,
        sha256_hex: &str,
    ) -> Result<Option<AccessToken>, StoreError> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM access_tokens t WHERE t.token_sha256 = $1");
        let row = sqlx::query(&sql)
            .bind(sha256_hex)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(rows::token).transpose()
    }

    /// Every token of an account, newest first.
    pub async fn access_tokens_of(
        &self,
        account: AccountId,
    ) -> Result<Vec<AccessToken>, StoreError> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM access_tokens t WHERE t.account_id = $1 ORDER BY t.id DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(account.as_i64())
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(rows::token).collect()
    }

    /// Deletes the token; revoking an unknown or already revoked token is not an error.
    pub async fn revoke_access_token(&self, id: TokenId) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM access_tokens WHERE id = $1")
            .bind(id.as_i64())
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
