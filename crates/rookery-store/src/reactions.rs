//! Emoji reactions and dislikes of notes (versia.md §10.9, §10.6).

use rookery_core::reaction::{Dislike, Reaction};
use rookery_core::{AccountId, DislikeId, NoteId, ReactionId, Timestamp};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::StoreError;
use crate::store::Store;
use crate::tx::StoreTx;

const REACTION_COLUMNS: &str = "id, account_id, note_id, content, uri, created_at";

fn reaction_from_row(row: &AnyRow) -> Result<Reaction, StoreError> {
    Ok(Reaction {
        id: ReactionId::from_i64(row.try_get("id")?),
        account: AccountId::from_i64(row.try_get("account_id")?),
        note: NoteId::from_i64(row.try_get("note_id")?),
        content: row.try_get("content")?,
        uri: row.try_get("uri")?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
    })
}

fn dislike_from_row(row: &AnyRow) -> Result<Dislike, StoreError> {
    Ok(Dislike {
        id: DislikeId::from_i64(row.try_get("id")?),
        account: AccountId::from_i64(row.try_get("account_id")?),
        note: NoteId::from_i64(row.try_get("note_id")?),
        uri: row.try_get("uri")?,
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
    })
}

impl Store {
    pub async fn reaction_between(
        &self,
        account: AccountId,
        note: NoteId,
        content: &str,
    ) -> Result<Option<Reaction>, StoreError> {
        let sql = format!(
            "SELECT {REACTION_COLUMNS} FROM reactions \
             WHERE account_id = $1 AND note_id = $2 AND content = $3"
        );
        let row = sqlx::query(&sql)
            .bind(account.as_i64())
            .bind(note.as_i64())
            .bind(content)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(reaction_from_row).transpose()
    }

    pub async fn reaction_by_uri(&self, uri: &str) -> Result<Option<Reaction>, StoreError> {
        let sql = format!("SELECT {REACTION_COLUMNS} FROM reactions WHERE uri = $1");
        let row = sqlx::query(&sql)
            .bind(uri)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(reaction_from_row).transpose()
    }

    /// A note's reactions, oldest first.
    pub async fn reactions_on(&self, note: NoteId) -> Result<Vec<Reaction>, StoreError> {
        let sql =
            format!("SELECT {REACTION_COLUMNS} FROM reactions WHERE note_id = $1 ORDER BY id");
        let rows = sqlx::query(&sql)
            .bind(note.as_i64())
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(reaction_from_row).collect()
    }

    pub async fn dislike_by_uri(&self, uri: &str) -> Result<Option<Dislike>, StoreError> {
        let row = sqlx::query(
            "SELECT id, account_id, note_id, uri, created_at FROM dislikes WHERE uri = $1",
        )
        .bind(uri)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(dislike_from_row).transpose()
    }
}

impl StoreTx {
    /// Returns `false` if the account reacted to the note with that content already (or
    /// the reaction's `uri` is stored).
    pub async fn insert_reaction(&mut self, reaction: &Reaction) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO reactions (id, account_id, note_id, content, uri, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(reaction.id.as_i64())
        .bind(reaction.account.as_i64())
        .bind(reaction.note.as_i64())
        .bind(reaction.content.as_str())
        .bind(reaction.uri.as_deref())
        .bind(reaction.created_at.as_millis())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn delete_reaction(&mut self, id: ReactionId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM reactions WHERE id = $1")
            .bind(id.as_i64())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records a dislike, replacing the account's earlier dislike of the note; `false`
    /// when this very dislike (by `uri`) is stored already.
    pub async fn insert_dislike(&mut self, dislike: &Dislike) -> Result<bool, StoreError> {
        if let Some(uri) = dislike.uri.as_deref() {
            let seen = sqlx::query("SELECT id FROM dislikes WHERE uri = $1")
                .bind(uri)
                .fetch_optional(self.conn())
                .await?;
            if seen.is_some() {
                return Ok(false);
            }
        }
        self.delete_dislike(dislike.account, dislike.note).await?;
        let done = sqlx::query(
            "INSERT INTO dislikes (id, account_id, note_id, uri, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(dislike.id.as_i64())
        .bind(dislike.account.as_i64())
        .bind(dislike.note.as_i64())
        .bind(dislike.uri.as_deref())
        .bind(dislike.created_at.as_millis())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn delete_dislike(
        &mut self,
        account: AccountId,
        note: NoteId,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM dislikes WHERE account_id = $1 AND note_id = $2")
            .bind(account.as_i64())
            .bind(note.as_i64())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
