//! Notes' earlier versions (core's `EditReads`/`EditWrites` ports): kept on every edit,
//! read oldest first for the client API's edit history.

use async_trait::async_trait;
use rookery_core::note_edit::NoteEdit;
use rookery_core::ports::{EditReads, EditWrites, PortResult};
use rookery_core::{NoteId, Timestamp};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::StoreError;
use crate::sql::get_bool;
use crate::store::Store;
use crate::tx::StoreTx;

fn edit(row: &AnyRow) -> Result<NoteEdit, StoreError> {
    Ok(NoteEdit {
        note: NoteId::from_i64(row.try_get("note_id")?),
        content_html: row.try_get("content_html")?,
        content_warning: row.try_get("content_warning")?,
        sensitive: get_bool(row, "sensitive")?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
    })
}

impl StoreTx {
    /// Keeps `edit`; the same version twice (a redelivered edit) is kept once.
    pub async fn insert_note_edit(&mut self, edit: &NoteEdit) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO note_edits (note_id, content_html, content_warning, sensitive, \
             created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (note_id, created_at) DO NOTHING",
        )
        .bind(edit.note.as_i64())
        .bind(edit.content_html.as_str())
        .bind(edit.content_warning.as_str())
        .bind(edit.sensitive)
        .bind(edit.created_at.as_millis())
        .execute(self.conn())
        .await?;
        Ok(())
    }
}

impl Store {
    /// The earlier versions of `note`, oldest first.
    pub async fn note_edits(&self, note: NoteId) -> Result<Vec<NoteEdit>, StoreError> {
        sqlx::query(
            "SELECT note_id, content_html, content_warning, sensitive, created_at \
             FROM note_edits WHERE note_id = $1 ORDER BY created_at",
        )
        .bind(note.as_i64())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(edit)
        .collect()
    }
}

#[async_trait]
impl EditReads for Store {
    async fn note_edits(&self, note: NoteId) -> PortResult<Vec<NoteEdit>> {
        Ok(Store::note_edits(self, note).await?)
    }
}

#[async_trait]
impl EditWrites for StoreTx {
    async fn insert_note_edit(&mut self, edit: &NoteEdit) -> PortResult<()> {
        Ok(StoreTx::insert_note_edit(self, edit).await?)
    }
}
