//! Likes (favourites) and shares (boosts) of notes.

use rookery_core::social::{Like, Share};
use rookery_core::{AccountId, Id, LikeId, NoteId, ShareId, Timestamp};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::StoreError;
use crate::sql::get_count;
use crate::store::Store;
use crate::tx::StoreTx;

/// The two interaction tables share a shape; this names one of them.
#[derive(Clone, Copy)]
enum Table {
    Likes,
    Shares,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Likes => "likes",
            Table::Shares => "shares",
        }
    }
}

struct Interaction {
    id: Id,
    account: AccountId,
    note: NoteId,
    created_at: Timestamp,
}

fn interaction(row: &AnyRow) -> Result<Interaction, StoreError> {
    Ok(Interaction {
        id: Id::from_i64(row.try_get("id")?),
        account: AccountId::from_i64(row.try_get("account_id")?),
        note: NoteId::from_i64(row.try_get("note_id")?),
        created_at: Timestamp::from_millis(row.try_get("created_at")?),
    })
}

impl Store {
    async fn interaction_between(
        &self,
        table: Table,
        account: AccountId,
        note: NoteId,
    ) -> Result<Option<Interaction>, StoreError> {
        let sql = format!(
            "SELECT id, account_id, note_id, created_at FROM {} WHERE account_id = $1 AND note_id = $2",
            table.name()
        );
        let row = sqlx::query(&sql)
            .bind(account.as_i64())
            .bind(note.as_i64())
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(interaction).transpose()
    }

    async fn interaction_by_id(
        &self,
        table: Table,
        id: Id,
    ) -> Result<Option<Interaction>, StoreError> {
        let sql = format!(
            "SELECT id, account_id, note_id, created_at FROM {} WHERE id = $1",
            table.name()
        );
        let row = sqlx::query(&sql)
            .bind(id.as_i64())
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(interaction).transpose()
    }

    async fn count_interactions(&self, table: Table, note: NoteId) -> Result<u64, StoreError> {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM {} WHERE note_id = $1",
            table.name()
        );
        let row = sqlx::query(&sql)
            .bind(note.as_i64())
            .fetch_one(&self.read)
            .await?;
        get_count(&row, "n")
    }

    pub async fn like_between(
        &self,
        account: AccountId,
        note: NoteId,
    ) -> Result<Option<Like>, StoreError> {
        Ok(self
            .interaction_between(Table::Likes, account, note)
            .await?
            .map(|i| Like {
                id: LikeId(i.id),
                account: i.account,
                note: i.note,
                created_at: i.created_at,
            }))
    }

    pub async fn share_between(
        &self,
        account: AccountId,
        note: NoteId,
    ) -> Result<Option<Share>, StoreError> {
        Ok(self
            .interaction_between(Table::Shares, account, note)
            .await?
            .map(|i| Share {
                id: ShareId(i.id),
                account: i.account,
                note: i.note,
                created_at: i.created_at,
            }))
    }

    /// One like by its own id (Versia serves Likes at their entity URLs, §10.6).
    pub async fn like(&self, id: LikeId) -> Result<Option<Like>, StoreError> {
        Ok(self
            .interaction_by_id(Table::Likes, id.0)
            .await?
            .map(|i| Like {
                id: LikeId(i.id),
                account: i.account,
                note: i.note,
                created_at: i.created_at,
            }))
    }

    /// One share by its own id (Versia serves Shares at their entity URLs, §10.11).
    pub async fn share(&self, id: ShareId) -> Result<Option<Share>, StoreError> {
        Ok(self
            .interaction_by_id(Table::Shares, id.0)
            .await?
            .map(|i| Share {
                id: ShareId(i.id),
                account: i.account,
                note: i.note,
                created_at: i.created_at,
            }))
    }

    /// Mastodon's `favourites_count`.
    pub async fn count_likes(&self, note: NoteId) -> Result<u64, StoreError> {
        self.count_interactions(Table::Likes, note).await
    }

    /// Mastodon's `reblogs_count`.
    pub async fn count_shares(&self, note: NoteId) -> Result<u64, StoreError> {
        self.count_interactions(Table::Shares, note).await
    }
}

impl StoreTx {
    async fn insert_interaction(
        &mut self,
        table: Table,
        id: Id,
        account: AccountId,
        note: NoteId,
        at: Timestamp,
    ) -> Result<bool, StoreError> {
        let sql = format!(
            "INSERT INTO {} (id, account_id, note_id, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (account_id, note_id) DO NOTHING",
            table.name()
        );
        let done = sqlx::query(&sql)
            .bind(id.as_i64())
            .bind(account.as_i64())
            .bind(note.as_i64())
            .bind(at.as_millis())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_interaction(
        &mut self,
        table: Table,
        account: AccountId,
        note: NoteId,
    ) -> Result<bool, StoreError> {
        let sql = format!(
            "DELETE FROM {} WHERE account_id = $1 AND note_id = $2",
            table.name()
        );
        let done = sqlx::query(&sql)
            .bind(account.as_i64())
            .bind(note.as_i64())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Returns `false` if the account already liked the note (liking is idempotent).
    pub async fn insert_like(&mut self, like: &Like) -> Result<bool, StoreError> {
        self.insert_interaction(
            Table::Likes,
            like.id.0,
            like.account,
            like.note,
            like.created_at,
        )
        .await
    }

    pub async fn delete_like(
        &mut self,
        account: AccountId,
        note: NoteId,
    ) -> Result<bool, StoreError> {
        self.delete_interaction(Table::Likes, account, note).await
    }

    /// Returns `false` if the account already shared the note.
    pub async fn insert_share(&mut self, share: &Share) -> Result<bool, StoreError> {
        self.insert_interaction(
            Table::Shares,
            share.id.0,
            share.account,
            share.note,
            share.created_at,
        )
        .await
    }

    pub async fn delete_share(
        &mut self,
        account: AccountId,
        note: NoteId,
    ) -> Result<bool, StoreError> {
        self.delete_interaction(Table::Shares, account, note).await
    }
}
