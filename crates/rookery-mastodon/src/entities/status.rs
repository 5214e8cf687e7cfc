//! The `Status` entity.

use rookery_core::emoji::CustomEmoji;
use rookery_core::{AccountId, Note};
use serde::Serialize;
use serde_json::Value;

use super::account::{render_account, AccountJson};
use super::media::{render_media, render_tag, MediaAttachmentJson, TagJson};
use super::poll::{render_poll, PollJson};
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

/// Mastodon's `CustomEmoji`: remote images by reference, the same URL as `static_url`
/// (we never make a still copy), never offered in pickers.
fn render_emoji(emoji: &CustomEmoji) -> Value {
    serde_json::json!({
        "shortcode": emoji.shortcode,
        "url": emoji.url,
        "static_url": emoji.url,
        "visible_in_picker": false,
    })
}

/// A note as `viewer` sees it.
pub async fn render_status(
    state: &ApiState,
    note: &Note,
    viewer: Option<AccountId>,
) -> Result<StatusJson, ApiError> {
    let repo = state.services.repo();
    let author = repo.account(note.author).await?.ok_or(ApiError::NotFound)?;
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
    let mut mentions = Vec::new();
    for account in repo.accounts(&note.mentions).await? {
        mentions.push(MentionJson {
            id: account.id.to_string(),
            username: account.username.clone(),
            acct: account.acct(),
            url: account
                .federation()
                .and_then(|f| f.url.clone())
                .unwrap_or_else(|| format!("{base}/@{}", account.username)),
        });
    }
    let (favourited, reblogged, bookmarked, pinned) = match viewer {
        Some(viewer) => (
            repo.like_between(viewer, note.id).await?.is_some(),
            repo.share_between(viewer, note.id).await?.is_some(),
            state.personal.is_bookmarked(viewer, note.id).await?,
            // Only the author's own pins are shown as `pinned`, as in Mastodon.
            viewer == note.author && state.personal.is_pinned(viewer, note.id).await?,
        ),
        None => (false, false, false, false),
    };
    Ok(StatusJson {
        id: note.id.to_string(),
        uri,
        url,
        created_at: note.created_at.to_rfc3339(),
        edited_at: note.edited_at.map(|t| t.to_rfc3339()),
        account: render_account(state, &author).await?,
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
        emojis: state
            .services
            .emojis()
            .note_emojis(note.id)
            .await?
            .iter()
            .map(render_emoji)
            .collect(),
        reblogs_count: repo.count_shares(note.id).await?,
        favourites_count: repo.count_likes(note.id).await?,
        replies_count: repo.replies_to(note.id).await?.len() as u64,
        in_reply_to_id: note.in_reply_to.map(|id| id.to_string()),
        in_reply_to_account_id: note.in_reply_to_account.map(|id| id.to_string()),
        reblog: None,
        poll: match repo.poll(note.id).await? {
            Some(poll) => Some(render_poll(state, &poll, note.author, viewer).await?),
            None => None,
        },
        card: None,
        language: note.language.clone(),
        text: (viewer == Some(note.author)).then(|| note.source.clone()),
        favourited,
        reblogged,
        muted: false,
        bookmarked,
        pinned,
    })
}
