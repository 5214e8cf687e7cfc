//! Remote custom emoji (`custom_emojis`, one row per domain and shortcode, the image by
//! URL) and the notes that use them (`note_emojis`), as core's `Emojis` port.

use async_trait::async_trait;
use rookery_core::emoji::CustomEmoji;
use rookery_core::ports::{Emojis, PortResult};
use rookery_core::NoteId;
use sqlx::Row;

use crate::error::StoreError;
use crate::store::Store;

impl Store {
    async fn link_note_emojis(
        &self,
        note: NoteId,
        domain: &str,
        emojis: &[CustomEmoji],
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
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
}
