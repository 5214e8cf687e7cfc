//! The store as core's `Idempotency` port: the note each `(account, Idempotency-Key)`
//! created (migration 0015). Claiming is one conditional upsert, so of two racing
//! requests exactly one wins; an expired record or a stale claim is taken over.

use async_trait::async_trait;
use rookery_core::ports::{Idempotency, KeyClaim, PortResult};
use rookery_core::{AccountId, NoteId, Timestamp};
use sqlx::Row;

use crate::error::StoreError;
use crate::store::Store;

#[async_trait]
impl Idempotency for Store {
    async fn claim_key(
        &self,
        account: AccountId,
        key: &str,
        now: Timestamp,
        expired_before: Timestamp,
        stale_before: Timestamp,
    ) -> PortResult<KeyClaim> {
        let done = sqlx::query(
            "INSERT INTO idempotency_keys (account_id, idempotency_key, note_id, created_at) \
             VALUES ($1, $2, NULL, $3) ON CONFLICT (account_id, idempotency_key) DO UPDATE \
             SET note_id = NULL, created_at = excluded.created_at \
             WHERE idempotency_keys.created_at < $4 \
             OR (idempotency_keys.note_id IS NULL AND idempotency_keys.created_at < $5)",
        )
        .bind(account.as_i64())
        .bind(key)
        .bind(now.as_millis())
        .bind(expired_before.as_millis())
        .bind(stale_before.as_millis())
        .execute(&self.write)
        .await
        .map_err(StoreError::from)?;
        if done.rows_affected() > 0 {
            return Ok(KeyClaim::Claimed);
        }
        let row = sqlx::query(
            "SELECT note_id FROM idempotency_keys WHERE account_id = $1 AND idempotency_key = $2",
        )
        .bind(account.as_i64())
        .bind(key)
        .fetch_optional(&self.write)
        .await
        .map_err(StoreError::from)?;
        let note: Option<i64> = match row {
            Some(row) => row.try_get("note_id").map_err(StoreError::from)?,
            None => None,
        };
        Ok(match note {
            Some(id) => KeyClaim::Done(NoteId::from_i64(id)),
            None => KeyClaim::InProgress,
        })
    }

    async fn complete_key(&self, account: AccountId, key: &str, note: NoteId) -> PortResult<()> {
        sqlx::query(
            "UPDATE idempotency_keys SET note_id = $1 \
             WHERE account_id = $2 AND idempotency_key = $3",
        )
        .bind(note.as_i64())
        .bind(account.as_i64())
        .bind(key)
        .execute(&self.write)
        .await
        .map_err(StoreError::from)?;
        Ok(())
    }

    async fn release_key(&self, account: AccountId, key: &str) -> PortResult<()> {
        sqlx::query(
            "DELETE FROM idempotency_keys \
             WHERE account_id = $1 AND idempotency_key = $2 AND note_id IS NULL",
        )
        .bind(account.as_i64())
        .bind(key)
        .execute(&self.write)
        .await
        .map_err(StoreError::from)?;
        Ok(())
    }
}
