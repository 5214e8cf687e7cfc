//! Remote accounts that are gone: deleted by their own server (ActivityPub
//! `Delete{object: actor}`, an actor URL or personal inbox answering 410 Gone,
//! activitypub.md §5.9 and §6.2). The account goes with everything it wrote or did here.

use crate::Account;

use super::error::{forbidden, ServiceResult};
use super::Services;

impl Services {
    /// Removes the remote account `gone` and its content (notes, follows, likes, shares,
    /// keys, by the store's cascades). Idempotent: false when it was already gone.
    pub async fn receive_account_deleted(&self, gone: &Account) -> ServiceResult<bool> {
        if gone.is_local() {
            return Err(forbidden("a remote server cannot delete a local account"));
        }
        let mut tx = self.repo.begin().await?;
        let deleted = tx.delete_remote_account(gone.id).await?;
        self.commit(tx, 0).await?;
        if deleted {
            tracing::info!(account = %gone.acct(), "remote account deleted with its content");
        }
        Ok(deleted)
    }
}
