//! Private keys: local accounts' signing keys and instance-wide secrets.

use rookery_core::AccountId;
use sqlx::Row;

use crate::error::StoreError;
use crate::store::Store;
use crate::tx::StoreTx;

impl Store {
    /// A local account's private key for `algorithm`, as stored (PEM).
    pub async fn local_signing_key(
        &self,
        account: AccountId,
        algorithm: &str,
    ) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT private_key FROM local_keys WHERE account_id = $1 AND algorithm = $2",
        )
        .bind(account.as_i64())
        .bind(algorithm)
        .fetch_optional(&self.read)
        .await?;
        Ok(row.map(|r| r.try_get("private_key")).transpose()?)
    }

    pub async fn instance_secret(&self, name: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT value FROM instance_secrets WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.read)
            .await?;
        Ok(row.map(|r| r.try_get("value")).transpose()?)
    }
}

impl StoreTx {
    /// Stores a local account's private key for `algorithm` unless it has one already
    /// (two first uses at once must not leave two different keys in play).
    pub async fn set_local_signing_key(
        &mut self,
        account: AccountId,
        algorithm: &str,
        private_key: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO local_keys (account_id, algorithm, private_key) VALUES ($1, $2, $3) \
             ON CONFLICT (account_id, algorithm) DO NOTHING",
        )
        .bind(account.as_i64())
        .bind(algorithm)
        .bind(private_key)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Stores `value` under `name` unless a value exists; returns the stored one, so two
    /// processes generating a key at the same first start agree on one.
    pub async fn init_instance_secret(
        &mut self,
        name: &str,
        value: &str,
    ) -> Result<String, StoreError> {
        sqlx::query(
            "INSERT INTO instance_secrets (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(value)
        .execute(self.conn())
        .await?;
        let row = sqlx::query("SELECT value FROM instance_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(self.conn())
            .await?;
        Ok(row.try_get("value")?)
    }
}
