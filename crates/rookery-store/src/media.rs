//! Local uploads (`media_uploads`, core's `MediaStore`/`MediaTx` ports): recorded when
//! processed, described while unattached, attached inside the transaction of the note
//! that names them.

use async_trait::async_trait;
use rookery_core::media::{Focus, LocalMedia, MediaFile, MediaId};
use rookery_core::ports::{MediaStore, MediaTx, PortResult};
use rookery_core::{AccountId, MediaKind, NoteId, Timestamp};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::StoreError;
use crate::sql::placeholders;
use crate::store::Store;
use crate::tx::StoreTx;

const COLUMNS: &str = "id, account_id, note_id, kind, url, media_type, width, height, size, \
     small_url, small_media_type, small_width, small_height, small_size, blurhash, \
     description, focus_x, focus_y, created_at";

fn dimension(row: &AnyRow, column: &str) -> Result<u32, StoreError> {
    let value: i64 = row.try_get(column)?;
    u32::try_from(value).map_err(|_| StoreError::Corrupt(format!("{column} {value}")))
}

fn size(row: &AnyRow, column: &str) -> Result<u64, StoreError> {
    let value: i64 = row.try_get(column)?;
    u64::try_from(value).map_err(|_| StoreError::Corrupt(format!("{column} {value}")))
}

fn file(row: &AnyRow, prefix: &str) -> Result<MediaFile, StoreError> {
    Ok(MediaFile {
        url: row.try_get(format!("{prefix}url").as_str())?,
        media_type: row.try_get(format!("{prefix}media_type").as_str())?,
        width: dimension(row, &format!("{prefix}width"))?,
        height: dimension(row, &format!("{prefix}height"))?,
        size: size(row, &format!("{prefix}size"))?,
    })
}

fn media_from_row(row: &AnyRow) -> Result<LocalMedia, StoreError> {
    Ok(LocalMedia {
        id: MediaId::from_i64(row.try_get("id")?),
        owner: AccountId::from_i64(row.try_get("account_id")?),
        note: row
            .try_get::<Option<i64>, _>("note_id")?
            .map(NoteId::from_i64),
        kind: MediaKind::parse(row.try_get("kind")?),
        original: file(row, "")?,
        small: file(row, "small_")?,
        blurhash: row.try_get("blurhash")?,
        description: row.try_get("description")?,
        focus: Focus {
            x: row.try_get("focus_x")?,
            y: row.try_get("focus_y")?,
        },
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
    })
}

/// Sizes are far below `i64::MAX`; saturate rather than fail on the impossible.
fn as_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl Store {
    /// Records a processed upload.
    pub async fn insert_media(&self, media: &LocalMedia) -> Result<(), StoreError> {
        let sql = format!(
            "INSERT INTO media_uploads ({COLUMNS}) VALUES ({})",
            placeholders(1, 19)
        );
        sqlx::query(&sql)
            .bind(media.id.as_i64())
            .bind(media.owner.as_i64())
            .bind(media.note.map(NoteId::as_i64))
            .bind(media.kind.as_str())
            .bind(media.original.url.as_str())
            .bind(media.original.media_type.as_str())
            .bind(i64::from(media.original.width))
            .bind(i64::from(media.original.height))
            .bind(as_i64(media.original.size))
            .bind(media.small.url.as_str())
            .bind(media.small.media_type.as_str())
            .bind(i64::from(media.small.width))
            .bind(i64::from(media.small.height))
            .bind(as_i64(media.small.size))
            .bind(media.blurhash.as_deref())
            .bind(media.description.as_deref())
            .bind(media.focus.x)
            .bind(media.focus.y)
            .bind(media.created_at.as_millis())
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// An upload by id, attached or not.
    pub async fn media(&self, id: MediaId) -> Result<Option<LocalMedia>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM media_uploads WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id.as_i64())
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(media_from_row).transpose()
    }

    /// The uploads attached to `note`, oldest first.
    pub async fn media_of_note(&self, note: NoteId) -> Result<Vec<LocalMedia>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM media_uploads WHERE note_id = $1 ORDER BY id");
        let rows = sqlx::query(&sql)
            .bind(note.as_i64())
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(media_from_row).collect()
    }

    /// Sets alt text and focus of an unattached upload; false when there is none.
    pub async fn update_media(
        &self,
        id: MediaId,
        description: Option<&str>,
        focus: Focus,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE media_uploads SET description = $1, focus_x = $2, focus_y = $3 \
             WHERE id = $4 AND note_id IS NULL",
        )
        .bind(description)
        .bind(focus.x)
        .bind(focus.y)
        .bind(id.as_i64())
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

impl StoreTx {
    /// Attaches `owner`'s unattached uploads `ids` to `note`; returns how many were.
    /// Only uploads still unattached change, so two posts racing for one upload cannot
    /// both get it.
    pub async fn attach_media(
        &mut self,
        note: NoteId,
        owner: AccountId,
        ids: &[MediaId],
    ) -> Result<u64, StoreError> {
        if ids.is_empty() {
            return Ok(0);
        }
        let sql = format!(
            "UPDATE media_uploads SET note_id = $1 \
             WHERE account_id = $2 AND note_id IS NULL AND id IN ({})",
            placeholders(3, ids.len())
        );
        let mut query = sqlx::query(&sql).bind(note.as_i64()).bind(owner.as_i64());
        for id in ids {
            query = query.bind(id.as_i64());
        }
        let done = query.execute(self.conn()).await?;
        Ok(done.rows_affected())
    }
}

#[async_trait]
impl MediaStore for Store {
    async fn insert_media(&self, media: &LocalMedia) -> PortResult<()> {
        Ok(Store::insert_media(self, media).await?)
    }
    async fn media(&self, id: MediaId) -> PortResult<Option<LocalMedia>> {
        Ok(Store::media(self, id).await?)
    }
    async fn update_media(
        &self,
        id: MediaId,
        description: Option<&str>,
        focus: Focus,
    ) -> PortResult<bool> {
        Ok(Store::update_media(self, id, description, focus).await?)
    }
}

#[async_trait]
impl MediaTx for StoreTx {
    async fn attach_media(
        &mut self,
        note: NoteId,
        owner: AccountId,
        ids: &[MediaId],
    ) -> PortResult<u64> {
        Ok(StoreTx::attach_media(self, note, owner, ids).await?)
    }
}
