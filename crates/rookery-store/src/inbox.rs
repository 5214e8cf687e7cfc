//! Idempotent inbox: remembers which incoming activities were already processed.

use rookery_core::Timestamp;

use crate::error::StoreError;
use crate::store::Store;
use crate::tx::StoreTx;

impl StoreTx {
    /// Records that the activity `uri` is being processed. Returns `true` the first
    /// time; `false` means it was handled before and must change nothing. Call it in the
    /// transaction that applies the activity, so a failed attempt leaves no mark.
    pub async fn mark_inbox_seen(&mut self, uri: &str, now: Timestamp) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO inbox_seen (activity_uri, received_at) VALUES ($1, $2) \
             ON CONFLICT (activity_uri) DO NOTHING",
        )
        .bind(uri)
        .bind(now.as_millis())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

impl Store {
    /// Whether the activity `uri` was already processed.
    pub async fn inbox_seen(&self, uri: &str) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT 1 AS hit FROM inbox_seen WHERE activity_uri = $1")
            .bind(uri)
            .fetch_optional(&self.read)
            .await?;
        Ok(row.is_some())
    }

    /// Forgets activities received before `before` (senders stop retrying after a few
    /// days, so old entries only cost space). Returns how many were forgotten.
    pub async fn forget_inbox_seen_before(&self, before: Timestamp) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM inbox_seen WHERE received_at < $1")
            .bind(before.as_millis())
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }
}
