//! Storage of local uploads (see [`crate::media`]). Supertraits of
//! [`super::Repository`] and [`super::WriteTx`]: recording and describing an upload are
//! single writes of their own, while attaching uploads to a note happens inside the
//! note's transaction, so a note never exists without its media nor media marked as
//! attached to a note that was never stored.

use async_trait::async_trait;

use crate::id::{AccountId, NoteId};
use crate::media::{Focus, LocalMedia, MediaId};

use super::PortResult;

#[async_trait]
pub trait MediaStore: Send + Sync {
    /// Records a processed upload (its files are already on disk).
    async fn insert_media(&self, media: &LocalMedia) -> PortResult<()>;
    /// An upload by id, attached or not.
    async fn media(&self, id: MediaId) -> PortResult<Option<LocalMedia>>;
    /// Sets the alt text and focus of an upload that is not attached yet; false when
    /// there is no such unattached upload.
    async fn update_media(
        &self,
        id: MediaId,
        description: Option<&str>,
        focus: Focus,
    ) -> PortResult<bool>;
}

#[async_trait]
pub trait MediaTx: Send {
    /// Attaches `owner`'s unattached uploads `ids` to `note`. Returns how many were
    /// attached: fewer than `ids.len()` means one was taken (or is not theirs) and the
    /// caller must roll back.
    async fn attach_media(
        &mut self,
        note: NoteId,
        owner: AccountId,
        ids: &[MediaId],
    ) -> PortResult<u64>;
}
