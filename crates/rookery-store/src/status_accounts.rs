//! The store as core's `StatusAccounts` port: who liked, shared or disliked a note, paged by the
//! like's or share's id (Mastodon pages `favourited_by`/`reblogged_by` by the
//! favourite's or reblog's id, not the account's).

use async_trait::async_trait;
use rookery_core::ports::{Entry, PortResult, StatusAccounts};
use rookery_core::{AccountId, Id, NoteId};
use sqlx::Row;

use crate::error::StoreError;
use crate::page::{paging, Page};
use crate::store::Store;

impl Store {
    /// Runs `select` (returning `id` and `account_id` for note `$1`) with the paging
    /// tail on `column`, newest first.
    async fn note_accounts(
        &self,
        select: &str,
        column: &str,
        note: NoteId,
        page: &Page,
    ) -> Result<Vec<Entry<AccountId>>, StoreError> {
        let tail = paging(page, column, 2);
        let sql = format!("{select}{}", tail.sql);
        let mut query = sqlx::query(&sql).bind(note.as_i64());
        for value in &tail.binds {
            query = query.bind(*value);
        }
        let mut found = query
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|row| {
                Ok(Entry {
                    id: Id::from_i64(row.try_get("id")?),
                    target: AccountId::from_i64(row.try_get("account_id")?),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        if tail.reverse {
            found.reverse();
        }
        Ok(found)
    }
}

#[async_trait]
impl StatusAccounts for Store {
    async fn favourited_by(&self, note: NoteId, page: &Page) -> PortResult<Vec<Entry<AccountId>>> {
        Ok(self
            .note_accounts(
                "SELECT l.id AS id, l.account_id AS account_id FROM likes l WHERE l.note_id = $1",
                "l.id",
                note,
                page,
            )
            .await?)
    }

    async fn reblogged_by(&self, note: NoteId, page: &Page) -> PortResult<Vec<Entry<AccountId>>> {
        Ok(self
            .note_accounts(
                "SELECT s.id AS id, s.account_id AS account_id FROM shares s WHERE s.note_id = $1",
                "s.id",
                note,
                page,
            )
            .await?)
    }

    async fn disliked_by(&self, note: NoteId, page: &Page) -> PortResult<Vec<Entry<AccountId>>> {
        Ok(self
            .note_accounts(
                "SELECT d.id AS id, d.account_id AS account_id FROM dislikes d WHERE d.note_id = $1",
                "d.id",
                note,
                page,
            )
            .await?)
    }
}
