//! The `Status` entity.

use rookery_core::ports::StatusBatch;
use rookery_core::{AccountId, Note, NoteId, Timestamp};
use serde::Serialize;
use serde_json::Value;

use super::account::{account_json, AccountJson};
use super::media::{render_media, render_tag, MediaAttachmentJson, TagJson};
use super::poll::{poll_json, PollJson};
use crate::error::ApiError;
use crate::state::ApiState;

#[derive(Debug, Serialize)]
pub struct MentionJson {
    pub id: String,
    pub username: String,
    pub acct: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct StatusJson {
    pub id: String,
    pub uri: String,
    pub url: Option<String>,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub account: AccountJson,
    pub content: String,
    pub visibility: &'static str,
    pub sensitive: bool,
    pub spoiler_text: String,
    pub media_attachments: Vec<MediaAttachmentJson>,
    pub application: Option<Value>,
    pub mentions: Vec<MentionJson>,
    pub tags: Vec<TagJson>,
    pub emojis: Vec<Value>,
    pub reblogs_count: u64,
    pub favourites_count: u64,
    pub replies_count: u64,
    pub in_reply_to_id: Option<String>,
    pub in_reply_to_account_id: Option<String>,
    pub reblog: Option<Value>,
    pub poll: Option<PollJson>,
    pub card: Option<Value>,
    pub language: Option<String>,
    pub text: Option<String>,
    pub favourited: bool,
    pub reblogged: bool,
    pub muted: bool,
    pub bookmarked: bool,
    pub pinned: bool,
}

/// A note as `viewer` sees it.
pub async fn render_status(
    state: &ApiState,
    note: &Note,
    viewer: Option<AccountId>,
) -> Result<StatusJson, ApiError> {
    render_statuses(state, std::slice::from_ref(note), viewer)
        .await?
        .pop()
        .ok_or(ApiError::NotFound)
}

/// Notes as `viewer` sees them, in order: everything beyond the notes is read for the
/// whole page at once through the `StatusViews` port (a few queries per page). A note
/// whose author is gone is left out (a single status answers 404 for it).
pub async fn render_statuses(
    state: &ApiState,
    notes: &[Note],
    viewer: Option<AccountId>,
) -> Result<Vec<StatusJson>, ApiError> {
    let ids: Vec<NoteId> = notes.iter().map(|n| n.id).collect();
    let accounts: Vec<AccountId> = notes
        .iter()
        .flat_map(|n| std::iter::once(n.author).chain(n.mentions.iter().copied()))
        .collect();
    let batch = state
        .status_views
        .status_batch(&ids, &accounts, viewer)
        .await?;
    let now = state.services.now();
    Ok(notes
        .iter()
        .filter_map(|note| status_json(state, &batch, note, viewer, now))
        .collect())
}

/// One status from a page's [`StatusBatch`]; `None` when its author is unknown.
fn status_json(
    state: &ApiState,
    batch: &StatusBatch,
    note: &Note,
    viewer: Option<AccountId>,
    now: Timestamp,
) -> Option<StatusJson> {
    let author = batch.accounts.get(&note.author)?;
    let base = &state.instance.public_url;
    let uri = note
        .uri
        .clone()
        .unwrap_or_else(|| format!("{base}/notes/{}", note.id));
    let url = note.url.clone().or_else(|| {
        author
            .is_local()
            .then(|| format!("{base}/@{}/{}", author.username, note.id))
    });
    // The mentioned accounts that exist, in the order the note names them.
    let mentions = note
        .mentions
        .iter()
        .filter_map(|id| batch.accounts.get(id))
        .map(|account| MentionJson {
            id: account.id.to_string(),
            username: account.username.clone(),
            acct: account.acct(),
            url: account
                .federation()
                .and_then(|f| f.url.clone())
                .unwrap_or_else(|| format!("{base}/@{}", account.username)),
        })
        .collect();
    let seen = viewer.is_some();
    let counts = batch.note_counts.get(&note.id).copied().unwrap_or_default();
    let author_counts = batch
        .account_counts
        .get(&note.author)
        .copied()
        .unwrap_or_default();
    Some(StatusJson {
        id: note.id.to_string(),
        uri,
        url,
        created_at: note.created_at.to_rfc3339(),
        edited_at: note.edited_at.map(|t| t.to_rfc3339()),
        account: account_json(state, author, author_counts),
        content: note.content_html.clone(),
        visibility: note.visibility.as_str(),
        sensitive: note.sensitive,
        spoiler_text: note.content_warning.clone(),
        media_attachments: note
            .attachments
            .iter()
            .enumerate()
            .map(|(position, attachment)| render_media(note.id, position, attachment))
            .collect(),
        application: None,
        mentions,
        tags: note.tags.iter().map(|tag| render_tag(base, tag)).collect(),
        emojis: super::emoji::status_emojis(state, author, note, batch.emojis.get(&note.id)),
        reblogs_count: counts.shares,
        favourites_count: counts.likes,
        replies_count: counts.replies,
        in_reply_to_id: note.in_reply_to.map(|id| id.to_string()),
        in_reply_to_account_id: note.in_reply_to_account.map(|id| id.to_string()),
        reblog: None,
        poll: batch.polls.get(&note.id).map(|poll| {
            let own = viewer.map(|v| {
                let choices = batch.poll_choices.get(&note.id).cloned();
                (choices.unwrap_or_default(), v == note.author)
            });
            poll_json(poll, now, own)
        }),
        card: None,
        language: note.language.clone(),
        text: (viewer == Some(note.author)).then(|| note.source.clone()),
        favourited: seen && batch.liked.contains(&note.id),
        reblogged: seen && batch.shared.contains(&note.id),
        muted: false,
        bookmarked: seen && batch.bookmarked.contains(&note.id),
        // Only the author's own pins are shown as `pinned`, as in Mastodon.
        pinned: viewer == Some(note.author) && batch.pinned.contains(&note.id),
    })
}
