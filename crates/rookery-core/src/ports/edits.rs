//! Storage of notes' earlier versions (see [`crate::note_edit`]). Supertraits of
//! [`super::Repository`] and [`super::WriteTx`], so a version is kept in the same
//! transaction as the edit that replaces it.

use async_trait::async_trait;

use crate::id::NoteId;
use crate::note_edit::NoteEdit;

use super::PortResult;

#[async_trait]
pub trait EditReads: Send + Sync {
    /// The earlier versions of `note`, oldest first (the current one is the note itself).
    async fn note_edits(&self, note: NoteId) -> PortResult<Vec<NoteEdit>>;
}

#[async_trait]
pub trait EditWrites: Send {
    /// Keeps an earlier version of a note; removed with the note.
    async fn insert_note_edit(&mut self, edit: &NoteEdit) -> PortResult<()>;
}
