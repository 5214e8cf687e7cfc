//! Tombstones: deleted notes, remembered so their URLs answer 410 and they are never
//! stored again (activitypub.md §5.9).

use rookery_core::Timestamp;
use sqlx::Row;

use crate::error::StoreError;
use crate::store::Store;
use crate::tx::StoreTx;

impl StoreTx {
    /// Remembers the deleted note `key`; the first deletion time is kept.
    pub async fn insert_tombstone(
        &mut self,
        key: &str,
        deleted_at: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO tombstones (uri, deleted_at) VALUES ($1, $2) \
             ON CONFLICT (uri) DO NOTHING",
        )
        .bind(key)
        .bind(deleted_at.as_millis())
        .execute(self.conn())
        .await?;
        Ok(())
    }
}

impl Store {
    /// When the note `key` was deleted, if it was.
    pub async fn tombstone(&self, key: &str) -> Result<Option<Timestamp>, StoreError> {
        let row = sqlx::query("SELECT deleted_at FROM tombstones WHERE uri = $1")
            .bind(key)
            .fetch_optional(&self.read)
            .await?;
        Ok(row
            .map(|r| r.try_get::<i64, _>("deleted_at"))
            .transpose()?
            .map(Timestamp::from_millis))
    }
}
