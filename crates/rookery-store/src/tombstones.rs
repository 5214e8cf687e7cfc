//! Tombstones: deleted notes, remembered so their URLs answer 410 and they are never
//! stored again (activitypub.md §5.9).

use rookery_core::ports::ArrivingNote;
use rookery_core::Timestamp;
use sqlx::Row;

use crate::error::StoreError;
use crate::sql::get_bool;
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

    /// See [`rookery_core::ports::Repository::arriving_note`]: whether a tombstone or a
    /// note holds the URI, in one statement; the note itself is read only when stored.
    pub async fn arriving_note(&self, uri: &str) -> Result<ArrivingNote, StoreError> {
        let row = sqlx::query(
            "SELECT EXISTS (SELECT 1 FROM tombstones WHERE uri = $1) AS deleted, \
             EXISTS (SELECT 1 FROM notes WHERE uri = $1) AS stored",
        )
        .bind(uri)
        .fetch_one(&self.read)
        .await?;
        if get_bool(&row, "deleted")? {
            return Ok(ArrivingNote::Deleted);
        }
        if !get_bool(&row, "stored")? {
            return Ok(ArrivingNote::Unknown);
        }
        Ok(match self.note_by_uri(uri).await? {
            Some(note) => ArrivingNote::Stored(Box::new(note)),
            // Deleted between the two reads.
            None => ArrivingNote::Unknown,
        })
    }
}
