//! The custom-emoji port: remote emoji per (domain, shortcode) and the notes that use
//! them, and the instance's own emoji. `rookery-store` implements it.

use async_trait::async_trait;

use crate::emoji::{CustomEmoji, LocalEmoji};
use crate::id::NoteId;

use super::PortResult;

#[async_trait]
pub trait Emojis: Send + Sync {
    /// Makes `emojis` (of `domain`, the note author's) exactly the ones `note` uses;
    /// an emoji's stored URL is replaced by a newer one.
    async fn set_note_emojis(
        &self,
        note: NoteId,
        domain: &str,
        emojis: &[CustomEmoji],
    ) -> PortResult<()>;

    /// The emoji `note` uses, by shortcode.
    async fn note_emojis(&self, note: NoteId) -> PortResult<Vec<CustomEmoji>>;

    /// The instance's own emoji, by shortcode.
    async fn local_emojis(&self) -> PortResult<Vec<LocalEmoji>>;

    /// Adds a local emoji, or replaces the one with its shortcode; returns the one
    /// replaced (its file is no longer used).
    async fn put_local_emoji(&self, emoji: &LocalEmoji) -> PortResult<Option<LocalEmoji>>;

    /// Removes the local emoji `shortcode`; returns it when there was one.
    async fn remove_local_emoji(&self, shortcode: &str) -> PortResult<Option<LocalEmoji>>;
}
