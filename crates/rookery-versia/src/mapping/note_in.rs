//! A remote Note (versia.md §8.2) as core's `IncomingNote`: sanitized HTML, visibility
//! from `group` (§9.4), mentions and `replies_to` resolved to what we store, attachments
//! by reference and hashtags read from the text. Unknown
//! mentioned users and parents are left out rather than fetched.

use rookery_core::ports::PortResult;
use rookery_core::service::IncomingNote;
use rookery_core::{AccountId, NoteId, Visibility};

use super::refs::local_id;
use super::text::{remote_html, remote_plain};
use crate::context::{now, Versia};
use crate::entities::{Note, NoteGroup, Reference};
use crate::paths::entity_path;

/// Maps `note`, sent (or served) by `origin`. A known note whose text changed counts as
/// an edit (Versia re-sends the whole Note, §1); unchanged, it is a duplicate.
pub async fn incoming_note(versia: &Versia, origin: &str, note: &Note) -> PortResult<IncomingNote> {
    let uri = format!("{origin}:{}", note.id);
    let content_html = remote_html(note.content.as_ref());
    let source = remote_plain(note.content.as_ref(), &content_html);
    // Versia has no tag list: hashtags are read from the text (§8.2).
    let tags = rookery_html::extract_hashtags(&source);
    let content_warning = note.subject.clone().unwrap_or_default();
    let visibility = match note.group {
        Some(NoteGroup::Public) => Visibility::Public,
        Some(NoteGroup::Followers) => Visibility::FollowersOnly,
        // A Group we do not implement counts as null, a direct note (§9.4, §10.3).
        Some(NoteGroup::Group(_)) | None => Visibility::Direct,
    };
    let mut mentions = Vec::new();
    for reference in &note.mentions {
        if let Some(id) = account_id(versia, reference, origin).await? {
            if !mentions.contains(&id) {
                mentions.push(id);
            }
        }
    }
    let in_reply_to = match &note.replies_to {
        Some(parent) => note_id(versia, parent, origin).await?,
        None => None,
    };
    let edited_at = match versia.repo.note_by_uri(&uri).await? {
        Some(old)
            if old.content_html != content_html
                || old.content_warning != content_warning
                || old.sensitive != note.is_sensitive =>
        {
            Some(now())
        }
        _ => None,
    };
    Ok(IncomingNote {
        url: Some(versia.remote_url(origin, &entity_path("Note", &note.id))),
        uri,
        content_html,
        source,
        content_warning,
        sensitive: note.is_sensitive,
        language: None,
        visibility,
        in_reply_to,
        mentions,
        poll: note
            .extensions
            .as_ref()
            .and_then(|e| e.poll.as_ref())
            .map(super::polls::incoming_poll),
        attachments: super::media::attachments_in(&note.attachments),
        tags,
        emojis: super::emojis::emojis_in(
            note.extensions
                .as_ref()
                .and_then(|e| e.custom_emojis.as_ref()),
        ),
        created_at: rookery_core::Timestamp::parse_rfc3339(&note.created_at).unwrap_or_else(now),
        edited_at,
    })
}

/// The account a reference names, if we have it: a local one, or a stored remote one.
pub async fn account_id(
    versia: &Versia,
    reference: &Reference,
    origin: &str,
) -> PortResult<Option<AccountId>> {
    if let Some(id) = local_id(versia, reference, origin) {
        let account = versia.repo.account(AccountId::from_i64(id)).await?;
        return Ok(account.filter(|a| a.is_local()).map(|a| a.id));
    }
    let uri = reference.resolve(origin).to_string();
    Ok(versia.repo.account_by_uri(&uri).await?.map(|a| a.id))
}

/// The note a reference names, if we have it: a local one, or a stored remote one.
pub async fn note_id(
    versia: &Versia,
    reference: &Reference,
    origin: &str,
) -> PortResult<Option<NoteId>> {
    if let Some(id) = local_id(versia, reference, origin) {
        return Ok(local_note_by_id(versia, id).await?.map(|(n, _)| n.id));
    }
    let uri = reference.resolve(origin).to_string();
    Ok(versia.repo.note_by_uri(&uri).await?.map(|n| n.id))
}

/// A note written here, with its author: `None` for unknown ids and for remote notes
/// we merely store (their numeric ids are not ours to serve or name, §4 E3 [REC]).
pub async fn local_note_by_id(
    versia: &Versia,
    id: i64,
) -> PortResult<Option<(rookery_core::Note, rookery_core::Account)>> {
    let Some(note) = versia.repo.note(NoteId::from_i64(id)).await? else {
        return Ok(None);
    };
    match versia.repo.account(note.author).await? {
        Some(author) if author.is_local() => Ok(Some((note, author))),
        _ => Ok(None),
    }
}
