//! Our notes as Versia Notes (versia.md §8.2): the whole entity, sent again unchanged in
//! shape for edits (§1 "updates have no entity of their own").

use rookery_core::ports::NoteContext;
use rookery_core::Visibility;

use super::refs::{account_ref, note_ref};
use super::text::html_and_plain;
use crate::context::Versia;
use crate::entities::extensions::NoteExtensions;
use crate::entities::{Category, Note, NoteGroup, NoteTag};

/// The Note for a local note. `group` follows §9.4: `public` for public and unlisted
/// (Versia has no unlisted), `followers` for followers-only, `null` for direct.
/// Mentioned accounts without a Versia identity are left out of `mentions`.
pub fn local_note(versia: &Versia, context: &NoteContext) -> Option<Note> {
    let note = &context.note;
    let author = account_ref(versia, &context.author)?;
    let group = match note.visibility {
        Visibility::Public | Visibility::Unlisted => Some(NoteGroup::Public),
        Visibility::FollowersOnly => Some(NoteGroup::Followers),
        Visibility::Direct => None,
    };
    let replies_to = context
        .in_reply_to
        .as_ref()
        .and_then(|(parent, parent_author)| note_ref(versia, parent, parent_author));
    Some(Note {
        id: note.id.as_i64().to_string(),
        entity_type: NoteTag,
        created_at: note.created_at.to_rfc3339(),
        author,
        content: Some(html_and_plain(&note.content_html)),
        attachments: note
            .attachments
            .iter()
            .map(super::media::attachment_out)
            .collect(),
        category: Some(Category::Microblog),
        device: None,
        group,
        is_sensitive: note.sensitive,
        mentions: context
            .mentioned
            .iter()
            .filter_map(|account| account_ref(versia, account))
            .collect(),
        previews: Vec::new(),
        quotes: None,
        replies_to,
        subject: Some(note.content_warning.clone()).filter(|s| !s.is_empty()),
        extensions: note_extensions(versia, context),
    })
}

/// The poll and the local emoji the note uses; `None` when it has neither.
fn note_extensions(versia: &Versia, context: &NoteContext) -> Option<NoteExtensions> {
    let poll = context.poll.as_ref().map(super::polls::poll_extension);
    let custom_emojis = super::emojis::note_emojis_out(versia, &context.note);
    (poll.is_some() || custom_emojis.is_some()).then_some(NoteExtensions {
        poll,
        custom_emojis,
    })
}
