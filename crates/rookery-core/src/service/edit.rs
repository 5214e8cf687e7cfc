//! Editing a local note: same id, new text, `edited_at` set, sent again to everyone who
//! received it (versia.md §8.2 "Edits: send the whole Note again with the same id",
//! §9.2; ActivityPub `Update`).

use crate::error::CoreError;
use crate::hashtag::normalize_tags;
use crate::id::{AccountId, NoteId};
use crate::note_edit::NoteEdit;
use crate::ports::{Event, NoteContext};

use super::compose::MAX_NOTE_CHARS;
use super::error::{forbidden, not_found, ServiceResult};
use super::Services;

/// A new version of a note, as its author typed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteChange {
    pub text: String,
    pub content_warning: String,
    pub sensitive: bool,
    /// `Some` replaces the language (`Some(None)` clears it); `None` keeps it.
    pub language: Option<Option<String>>,
}

impl Services {
    /// Replaces the text, content warning and sensitivity of `author`'s note `note_id`.
    /// Mentions typed in the new text are added (the ones it had stay, so the update
    /// reaches everyone the note reached); visibility, reply target and id never change.
    pub async fn edit_note(
        &self,
        author: AccountId,
        note_id: NoteId,
        new_text: &str,
        content_warning: &str,
        sensitive: bool,
    ) -> ServiceResult<NoteContext> {
        let change = NoteChange {
            text: new_text.to_owned(),
            content_warning: content_warning.to_owned(),
            sensitive,
            language: None,
        };
        self.change_note(author, note_id, change).await
    }

    /// [`Services::edit_note`], with the language too. The version replaced is kept in
    /// the note's edit history, in the same transaction.
    pub async fn change_note(
        &self,
        author: AccountId,
        note_id: NoteId,
        change: NoteChange,
    ) -> ServiceResult<NoteContext> {
        let NoteChange {
            text: new_text,
            content_warning,
            sensitive,
            language,
        } = change;
        let new_text = new_text.as_str();
        let author = self.local_account(author).await?;
        if new_text.trim().is_empty() {
            return Err(CoreError::invalid("text", "must not be empty").into());
        }
        if new_text.chars().count() > MAX_NOTE_CHARS {
            return Err(
                CoreError::invalid("text", format!("is longer than {MAX_NOTE_CHARS}")).into(),
            );
        }
        let old = self
            .repo
            .note(note_id)
            .await?
            .ok_or_else(|| not_found("note"))?;
        if old.author != author.id {
            return Err(forbidden("only the author may edit a note"));
        }
        let previous = NoteEdit::snapshot(&old);
        let typed = self.resolve_mentions(new_text).await?;
        let mut context = self.note_context(old).await?;
        for (_, account) in &typed {
            if account.id != author.id && !context.mentioned.iter().any(|m| m.id == account.id) {
                context.mentioned.push(account.clone());
            }
        }
        let note = &mut context.note;
        note.content_html = self.text.render(new_text, &typed);
        note.source = new_text.to_owned();
        note.tags = normalize_tags(self.text.hashtags(new_text));
        note.content_warning = content_warning;
        note.sensitive = sensitive;
        if let Some(language) = language {
            note.language = language;
        }
        note.mentions = context.mentioned.iter().map(|m| m.id).collect();
        // Strictly later than a previous edit, so receivers see it as newer.
        let now = self.now();
        note.edited_at = Some(match note.edited_at {
            Some(previous) if previous >= now => {
                crate::Timestamp::from_millis(previous.as_millis() + 1)
            }
            _ => now,
        });
        let audience = self.audience_of(&context).await?;
        let mut tx = self.repo.begin().await?;
        tx.insert_note_edit(&previous).await?;
        tx.update_note(&context.note).await?;
        let queued = self
            .enqueue(tx.as_mut(), &Event::NoteUpdated(&context), &audience)
            .await?;
        self.commit(tx, queued).await?;
        Ok(context)
    }
}
