//! The custom-emoji port: remote emoji per (domain, shortcode) and the notes that use
//! them. `rookery-store` implements it.

use async_trait::async_trait;

use crate::emoji::CustomEmoji;
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
}
