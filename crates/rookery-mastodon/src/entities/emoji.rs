//! Mastodon's `CustomEmoji`: remote ones by reference, our own from the instance's
//! emoji. A local note or account shows the local emoji its text names (found when
//! rendered, as Mastodon does); a remote one shows what its server sent.

use rookery_core::emoji::{CustomEmoji, LocalEmoji};
use rookery_core::{Account, Note};
use serde_json::{json, Value};

use crate::state::ApiState;

/// A remote emoji: the same URL as `static_url` (we never make a still copy), never
/// offered in pickers.
pub fn remote_emoji_json(emoji: &CustomEmoji) -> Value {
    json!({
        "shortcode": emoji.shortcode,
        "url": emoji.url,
        "static_url": emoji.url,
        "visible_in_picker": false,
    })
}

/// One of ours, offered in pickers under its category; the stored file is already a
/// still picture (the media library keeps a GIF's first frame), so it is its own
/// `static_url`.
pub fn local_emoji_json(emoji: &LocalEmoji) -> Value {
    json!({
        "shortcode": emoji.shortcode,
        "url": emoji.url,
        "static_url": emoji.url,
        "visible_in_picker": true,
        "category": emoji.category,
    })
}

/// A status's `emojis`: for a local author the local emoji its text and content
/// warning name, else `stored` (what the note's server sent).
pub fn status_emojis(
    state: &ApiState,
    author: &Account,
    note: &Note,
    stored: Option<&Vec<CustomEmoji>>,
) -> Vec<Value> {
    if author.is_local() {
        return state
            .services
            .local_emojis()
            .used_in(&[&note.source, &note.content_warning])
            .iter()
            .map(local_emoji_json)
            .collect();
    }
    stored
        .map(|emojis| emojis.iter().map(remote_emoji_json).collect())
        .unwrap_or_default()
}

/// An account's `emojis`: for a local account the local emoji its name, bio and
/// fields name, else those its server sent with the profile.
pub fn account_emojis(state: &ApiState, account: &Account) -> Vec<Value> {
    if !account.is_local() {
        return account
            .profile
            .emojis
            .iter()
            .map(remote_emoji_json)
            .collect();
    }
    let mut texts: Vec<&str> = vec![&account.display_name, &account.note];
    for field in &account.profile.fields {
        texts.push(&field.name);
        texts.push(&field.value);
    }
    state
        .services
        .local_emojis()
        .used_in(&texts)
        .iter()
        .map(local_emoji_json)
        .collect()
}
