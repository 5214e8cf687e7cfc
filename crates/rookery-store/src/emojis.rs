//! Remote custom emoji (`custom_emojis`, one row per domain and shortcode, the image by
//! URL) and the notes that use them (`note_emojis`), the instance's own emoji
//! (`local_emojis`), as core's `Emojis` port; and a remote account's emoji as the JSON
//! text of `accounts.profile_emojis`.

use async_trait::async_trait;
use rookery_core::emoji::{CustomEmoji, LocalEmoji};
use rookery_core::ports::{Emojis, PortResult};
use rookery_core::{NoteId, Timestamp};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::{corrupt, StoreError};
use crate::store::Store;

#[derive(Serialize, Deserialize)]
struct StoredEmoji {
    shortcode: String,
    url: String,
}

/// A profile's emoji as the `accounts.profile_emojis` column.
pub(crate) fn encode_profile_emojis(emojis: &[CustomEmoji]) -> String {
    let stored: Vec<StoredEmoji> = emojis
        .iter()
        .map(|e| StoredEmoji {
            shortcode: e.shortcode.clone(),
            url: e.url.clone(),
        })
        .collect();
    // Serializing plain strings cannot fail; an empty list is the fallback.
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".to_owned())
}

pub(crate) fn decode_profile_emojis(text: &str) -> Result<Vec<CustomEmoji>, StoreError> {
    let stored: Vec<StoredEmoji> =
        serde_json::from_str(text).map_err(|e| corrupt("profile emojis", e))?;
    Ok(stored
        .into_iter()
        .map(|e| CustomEmoji {
            shortcode: e.shortcode,
            url: e.url,
        })
        .collect())
}

const LOCAL_COLUMNS: &str = "shortcode, url, media_type, category, created_at, updated_at";

fn local_emoji(row: &AnyRow) -> Result<LocalEmoji, StoreError> {
    Ok(LocalEmoji {
        shortcode: row.try_get("shortcode")?,
        url: row.try_get("url")?,
        media_type: row.try_get("media_type")?,
        category: row.try_get("category")?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
        updated_at: Timestamp::from_millis(row.try_get("updated_at")?),
    })
}

impl Store {
    async fn link_note_emojis(
        &self,
        note: NoteId,
        domain: &str,
        emojis: &[CustomEmoji],
    ) -> Result<(), StoreError> {
        // Grouped: on SQLite a transaction of its own waits for the group commit lane
        // to let go of the only writer, which under inbox load it rarely does.
        let mut tx = self.begin_grouped().await?;
        sqlx::query("DELETE FROM note_emojis WHERE note_id = $1")
            .bind(note.as_i64())
            .execute(tx.conn())
            .await?;
        for emoji in emojis {
            // The newest URL wins: a server that changed an emoji's image sends it.
            sqlx::query(
                "INSERT INTO custom_emojis (domain, shortcode, url) VALUES ($1, $2, $3) \
                 ON CONFLICT (domain, shortcode) DO UPDATE SET url = excluded.url",
            )
            .bind(domain)
            .bind(&emoji.shortcode)
            .bind(&emoji.url)
            .execute(tx.conn())
            .await?;
            sqlx::query(
                "INSERT INTO note_emojis (note_id, domain, shortcode) VALUES ($1, $2, $3) \
                 ON CONFLICT (note_id, domain, shortcode) DO NOTHING",
            )
            .bind(note.as_i64())
            .bind(domain)
            .bind(&emoji.shortcode)
            .execute(tx.conn())
            .await?;
        }
        tx.commit().await
    }

    async fn read_note_emojis(&self, note: NoteId) -> Result<Vec<CustomEmoji>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.shortcode, e.url FROM note_emojis n \
             JOIN custom_emojis e ON e.domain = n.domain AND e.shortcode = n.shortcode \
             WHERE n.note_id = $1 ORDER BY e.shortcode",
        )
        .bind(note.as_i64())
        .fetch_all(&self.read)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(CustomEmoji {
                    shortcode: row.try_get("shortcode")?,
                    url: row.try_get("url")?,
                })
            })
            .collect()
    }
}

impl Store {
    async fn read_local_emojis(&self) -> Result<Vec<LocalEmoji>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {LOCAL_COLUMNS} FROM local_emojis ORDER BY shortcode"
        ))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(local_emoji).collect()
    }

    async fn write_local_emoji(
        &self,
        emoji: &LocalEmoji,
    ) -> Result<Option<LocalEmoji>, StoreError> {
        let mut tx = self.begin().await?;
        let old = sqlx::query(&format!(
            "SELECT {LOCAL_COLUMNS} FROM local_emojis WHERE shortcode = $1"
        ))
        .bind(&emoji.shortcode)
        .fetch_optional(tx.conn())
        .await?
        .map(|row| local_emoji(&row))
        .transpose()?;
        // A replaced emoji keeps when it was first added.
        sqlx::query(
            "INSERT INTO local_emojis (shortcode, url, media_type, category, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (shortcode) DO UPDATE \
             SET url = excluded.url, media_type = excluded.media_type, \
             category = excluded.category, updated_at = excluded.updated_at",
        )
        .bind(&emoji.shortcode)
        .bind(&emoji.url)
        .bind(&emoji.media_type)
        .bind(emoji.category.as_deref())
        .bind(emoji.created_at.as_millis())
        .bind(emoji.updated_at.as_millis())
        .execute(tx.conn())
        .await?;
        tx.commit().await?;
        Ok(old)
    }

    async fn delete_local_emoji(&self, shortcode: &str) -> Result<Option<LocalEmoji>, StoreError> {
        let mut tx = self.begin().await?;
        let old = sqlx::query(&format!(
            "SELECT {LOCAL_COLUMNS} FROM local_emojis WHERE shortcode = $1"
        ))
        .bind(shortcode)
        .fetch_optional(tx.conn())
        .await?
        .map(|row| local_emoji(&row))
        .transpose()?;
        sqlx::query("DELETE FROM local_emojis WHERE shortcode = $1")
            .bind(shortcode)
            .execute(tx.conn())
            .await?;
        tx.commit().await?;
        Ok(old)
    }
}

#[async_trait]
impl Emojis for Store {
    async fn set_note_emojis(
        &self,
        note: NoteId,
        domain: &str,
        emojis: &[CustomEmoji],
    ) -> PortResult<()> {
        Ok(self.link_note_emojis(note, domain, emojis).await?)
    }

    async fn note_emojis(&self, note: NoteId) -> PortResult<Vec<CustomEmoji>> {
        Ok(self.read_note_emojis(note).await?)
    }

    async fn local_emojis(&self) -> PortResult<Vec<LocalEmoji>> {
        Ok(self.read_local_emojis().await?)
    }

    async fn put_local_emoji(&self, emoji: &LocalEmoji) -> PortResult<Option<LocalEmoji>> {
        Ok(self.write_local_emoji(emoji).await?)
    }

    async fn remove_local_emoji(&self, shortcode: &str) -> PortResult<Option<LocalEmoji>> {
        Ok(self.delete_local_emoji(shortcode).await?)
    }
}
