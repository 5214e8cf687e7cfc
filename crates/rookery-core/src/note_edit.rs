//! A note's earlier versions, kept when it is edited (locally or by its remote author) so
//! clients can show the edit history (Mastodon's `StatusEdit`).

use crate::id::NoteId;
use crate::time::Timestamp;

/// One earlier version of a note, as it read until it was replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEdit {
    pub note: NoteId,
    /// Sanitized HTML, as the note carried it then.
    pub content_html: String,
    pub content_warning: String,
    pub sensitive: bool,
    /// When this version was written: the note's creation, or the edit that made it.
    pub created_at: Timestamp,
}

impl NoteEdit {
    /// The version `note` shows now, to be kept before it is replaced.
    pub fn snapshot(note: &crate::Note) -> Self {
        NoteEdit {
            note: note.id,
            content_html: note.content_html.clone(),
            content_warning: note.content_warning.clone(),
            sensitive: note.sensitive,
            created_at: note.edited_at.unwrap_or(note.created_at),
        }
    }
}
