//! OAuth 2 storage: applications, authorization codes, refresh tokens and app tokens.

use rookery_core::ports::{AppToken, AuthorizationCode, OAuthApp, RefreshToken};
use rookery_core::{AccessToken, AccountId, AppId, Timestamp, TokenId};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::error::StoreError;
use crate::store::Store;

const APP_COLUMNS: &str = "a.id, a.name, a.website, a.redirect_uris, a.scopes, a.client_id, \
     a.client_secret_sha256, a.created_at";

fn app(row: &AnyRow) -> Result<OAuthApp, StoreError> {
    let uris: String = row.try_get("redirect_uris")?;
    Ok(OAuthApp {
        id: AppId::from_i64(row.try_get("id")?),
        name: row.try_get("name")?,
        website: row.try_get("website")?,
        redirect_uris: uris.lines().map(str::to_owned).collect(),
        scopes: row.try_get("scopes")?,
        client_id: row.try_get("client_id")?,
        client_secret_sha256: row.try_get("client_secret_sha256")?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
    })
}

fn code(row: &AnyRow) -> Result<AuthorizationCode, StoreError> {
    let challenge: Option<String> = row.try_get("code_challenge")?;
    let method: Option<String> = row.try_get("code_challenge_method")?;
    Ok(AuthorizationCode {
        code_sha256: row.try_get("code_sha256")?,
        app: AppId::from_i64(row.try_get("app_id")?),
        account: AccountId::from_i64(row.try_get("account_id")?),
        redirect_uri: row.try_get("redirect_uri")?,
        scopes: row.try_get("scopes")?,
        challenge: challenge.map(|c| (c, method.unwrap_or_else(|| "plain".into()))),
        expires_at: Timestamp::from_millis(row.try_get("expires_at")?),
    })
}

fn refresh(row: &AnyRow) -> Result<RefreshToken, StoreError> {
    Ok(RefreshToken {
        token_sha256: row.try_get("token_sha256")?,
        app: AppId::from_i64(row.try_get("app_id")?),
        account: AccountId::from_i64(row.try_get("account_id")?),
        access_token: TokenId::from_i64(row.try_get("access_token_id")?),
        scopes: row.try_get("scopes")?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
    })
}

async fn insert_pair(
    tx: &mut Transaction<'static, Any>,
    access: &AccessToken,
    refresh: &RefreshToken,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO access_tokens (id, account_id, token_sha256, scopes, app_name, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(access.id.as_i64())
    .bind(access.account.as_i64())
    .bind(access.token_sha256.as_str())
    .bind(access.scopes.as_str())
    .bind(access.app_name.as_deref())
    .bind(access.created_at.as_millis())
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO oauth_refresh_tokens \
         (token_sha256, app_id, account_id, access_token_id, scopes, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(refresh.token_sha256.as_str())
    .bind(refresh.app.as_i64())
    .bind(refresh.account.as_i64())
    .bind(refresh.access_token.as_i64())
    .bind(refresh.scopes.as_str())
    .bind(refresh.created_at.as_millis())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Deletes an access token and the refresh token issued with it.
async fn delete_user_token(
    tx: &mut Transaction<'static, Any>,
    access: TokenId,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM oauth_refresh_tokens WHERE access_token_id = $1")
        .bind(access.as_i64())
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM access_tokens WHERE id = $1")
        .bind(access.as_i64())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    pub async fn create_oauth_app(&self, app: &OAuthApp) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO oauth_apps (id, name, website, redirect_uris, scopes, client_id, \
             client_secret_sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(app.id.as_i64())
        .bind(app.name.as_str())
        .bind(app.website.as_deref())
        .bind(app.redirect_uris.join("\n"))
        .bind(app.scopes.as_str())
        .bind(app.client_id.as_str())
        .bind(app.client_secret_sha256.as_str())
        .bind(app.created_at.as_millis())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn oauth_app_by_client_id(
        &self,
        client_id: &str,
    ) -> Result<Option<OAuthApp>, StoreError> {
        let sql = format!("SELECT {APP_COLUMNS} FROM oauth_apps a WHERE a.client_id = $1");
        let row = sqlx::query(&sql)
            .bind(client_id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(app).transpose()
    }

    pub async fn oauth_app_by_token_hash(
        &self,
        sha256_hex: &str,
    ) -> Result<Option<OAuthApp>, StoreError> {
        let sql = format!(
            "SELECT {APP_COLUMNS} FROM oauth_apps a WHERE a.id IN ( \
               SELECT app_id FROM oauth_app_tokens WHERE token_sha256 = $1 \
               UNION SELECT r.app_id FROM oauth_refresh_tokens r \
                 JOIN access_tokens t ON t.id = r.access_token_id WHERE t.token_sha256 = $1)"
        );
        let row = sqlx::query(&sql)
            .bind(sha256_hex)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(app).transpose()
    }

    pub async fn create_oauth_code(&self, code: &AuthorizationCode) -> Result<(), StoreError> {
        let (challenge, method) = match &code.challenge {
            Some((c, m)) => (Some(c.as_str()), Some(m.as_str())),
            None => (None, None),
        };
        sqlx::query(
            "INSERT INTO oauth_codes (code_sha256, app_id, account_id, redirect_uri, scopes, \
             code_challenge, code_challenge_method, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(code.code_sha256.as_str())
        .bind(code.app.as_i64())
        .bind(code.account.as_i64())
        .bind(code.redirect_uri.as_str())
        .bind(code.scopes.as_str())
        .bind(challenge)
        .bind(method)
        .bind(code.expires_at.as_millis())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn oauth_code_by_hash(
        &self,
        sha256_hex: &str,
    ) -> Result<Option<AuthorizationCode>, StoreError> {
        let row = sqlx::query(
            "SELECT code_sha256, app_id, account_id, redirect_uri, scopes, code_challenge, \
             code_challenge_method, expires_at FROM oauth_codes WHERE code_sha256 = $1",
        )
        .bind(sha256_hex)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(code).transpose()
    }

    pub async fn consume_oauth_code(&self, sha256_hex: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM oauth_codes WHERE code_sha256 = $1")
            .bind(sha256_hex)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn issue_oauth_user_token(
        &self,
        access: &AccessToken,
        refresh: &RefreshToken,
    ) -> Result<(), StoreError> {
        let mut tx = self.write.begin().await?;
        insert_pair(&mut tx, access, refresh).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn oauth_refresh_by_hash(
        &self,
        sha256_hex: &str,
    ) -> Result<Option<RefreshToken>, StoreError> {
        let row = sqlx::query(
            "SELECT token_sha256, app_id, account_id, access_token_id, scopes, created_at \
             FROM oauth_refresh_tokens WHERE token_sha256 = $1",
        )
        .bind(sha256_hex)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(refresh).transpose()
    }

    pub async fn rotate_oauth_refresh(
        &self,
        old_sha256: &str,
        access: &AccessToken,
        refresh: &RefreshToken,
    ) -> Result<bool, StoreError> {
        let mut tx = self.write.begin().await?;
        let old =
            sqlx::query("SELECT access_token_id FROM oauth_refresh_tokens WHERE token_sha256 = $1")
                .bind(old_sha256)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(old) = old else {
            return Ok(false);
        };
        let old_access = TokenId::from_i64(old.try_get("access_token_id")?);
        // Of two concurrent rotations only one deletes the row (PostgreSQL makes the
        // other wait for the row lock, then find nothing): the other issues nothing.
        let deleted = sqlx::query("DELETE FROM oauth_refresh_tokens WHERE token_sha256 = $1")
            .bind(old_sha256)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() != 1 {
            return Ok(false);
        }
        delete_user_token(&mut tx, old_access).await?;
        insert_pair(&mut tx, access, refresh).await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn create_oauth_app_token(&self, token: &AppToken) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO oauth_app_tokens (id, app_id, token_sha256, scopes, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token.id.as_i64())
        .bind(token.app.as_i64())
        .bind(token.token_sha256.as_str())
        .bind(token.scopes.as_str())
        .bind(token.created_at.as_millis())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn revoke_oauth_token(&self, app: AppId, sha256_hex: &str) -> Result<(), StoreError> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM oauth_app_tokens WHERE app_id = $1 AND token_sha256 = $2")
            .bind(app.as_i64())
            .bind(sha256_hex)
            .execute(&mut *tx)
            .await?;
        let user_token = sqlx::query(
            "SELECT r.access_token_id FROM oauth_refresh_tokens r \
             JOIN access_tokens t ON t.id = r.access_token_id \
             WHERE r.app_id = $1 AND (t.token_sha256 = $2 OR r.token_sha256 = $2)",
        )
        .bind(app.as_i64())
        .bind(sha256_hex)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = user_token {
            let access = TokenId::from_i64(row.try_get("access_token_id")?);
            delete_user_token(&mut tx, access).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
