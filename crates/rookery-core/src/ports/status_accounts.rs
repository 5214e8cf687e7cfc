//! The status-accounts port: who favourited or reblogged a note (Mastodon's
//! `favourited_by` and `reblogged_by`), paged by the like or share record's id as
//! Mastodon pages them, and who disliked it (Versia's Note `Dislikes` collection).
//! `rookery-store` implements it.

use async_trait::async_trait;

use crate::id::{AccountId, NoteId};
use crate::page::Page;

use super::{Entry, PortResult};

#[async_trait]
pub trait StatusAccounts: Send + Sync {
    /// Accounts that liked `note`, newest like first; `Entry::id` is the like's id.
    async fn favourited_by(&self, note: NoteId, page: &Page) -> PortResult<Vec<Entry<AccountId>>>;
    /// Accounts that shared `note`, newest share first; `Entry::id` is the share's id.
    async fn reblogged_by(&self, note: NoteId, page: &Page) -> PortResult<Vec<Entry<AccountId>>>;
    /// Accounts that disliked `note` (versia.md §10.6), newest dislike first;
    /// `Entry::id` is the dislike's id.
    async fn disliked_by(&self, note: NoteId, page: &Page) -> PortResult<Vec<Entry<AccountId>>>;
}
