//! Our own custom emoji as ActivityPub `Emoji` tags (activitypub.md §5.4, the shape
//! Mastodon sends): on a local note for the emoji its text uses, on a local actor for
//! those of its name, bio and fields.

use rookery_core::emoji::LocalEmoji;
use rookery_core::local_emojis::LocalEmojis;
use rookery_core::{Account, Note};
use serde_json::{json, Value};

use crate::urls::Urls;

/// One `Emoji` tag: `name` with colons, the image as an `Image` with its type, and
/// `updated` so a receiver knows when to fetch the picture again.
pub fn emoji_tag(urls: &Urls, emoji: &LocalEmoji) -> Value {
    json!({
        "id": format!("{}/emojis/{}", urls.base(), emoji.shortcode),
        "type": "Emoji",
        "name": format!(":{}:", emoji.shortcode),
        "updated": emoji.updated_at.to_rfc3339(),
        "icon": {"type": "Image", "mediaType": emoji.media_type, "url": emoji.url},
    })
}

/// The tags of the local emoji a local note's text and content warning use; none for
/// remote notes (their emoji are their server's to send).
pub fn note_emoji_tags(
    urls: &Urls,
    emojis: &LocalEmojis,
    author: &Account,
    note: &Note,
) -> Vec<Value> {
    if !author.is_local() {
        return Vec::new();
    }
    emojis
        .used_in(&[&note.source, &note.content_warning])
        .iter()
        .map(|e| emoji_tag(urls, e))
        .collect()
}

/// The tags of the local emoji a local account's name, bio and fields use.
pub fn actor_emoji_tags(urls: &Urls, emojis: &LocalEmojis, account: &Account) -> Vec<Value> {
    let mut texts: Vec<&str> = vec![&account.display_name, &account.note];
    for field in &account.profile.fields {
        texts.push(&field.name);
        texts.push(&field.value);
    }
    emojis
        .used_in(&texts)
        .iter()
        .map(|e| emoji_tag(urls, e))
        .collect()
}

#[cfg(test)]
mod tests {
    use rookery_core::emoji::CustomEmoji;
    use rookery_core::Timestamp;
    use serde_json::json;

    use super::*;
    use crate::mapping::actor_profile;
    use crate::wire::Actor;

    #[test]
    fn an_actors_emoji_tags_are_kept_with_its_profile() {
        // Mastodon's and GoToSocial's shape: `Emoji` tags for the name and bio.
        let actor: Actor = serde_json::from_value(json!({
            "id": "https://b.test/users/bea", "type": "Person",
            "preferredUsername": "bea", "name": "Bea :blob:",
            "tag": [
                {"id": "https://b.test/emojis/1", "type": "Emoji", "name": ":blob:",
                 "updated": "2026-01-01T00:00:00Z",
                 "icon": {"type": "Image", "mediaType": "image/png",
                          "url": "https://b.test/e/blob.png"}},
                {"type": "Emoji", "name": ":x:", "icon": {"url": "https://b.test/x.png"}},
                {"type": "Hashtag", "name": "#tag", "href": "https://b.test/tags/tag"}
            ]
        }))
        .unwrap();
        assert_eq!(
            actor_profile(&actor).emojis,
            [CustomEmoji {
                shortcode: "blob".into(),
                url: "https://b.test/e/blob.png".into()
            }]
        );
    }

    #[test]
    fn ours_go_out_as_mastodon_sends_them() {
        let emoji = LocalEmoji {
            shortcode: "blobcat".into(),
            url: "https://a.test/media/k.png".into(),
            media_type: "image/png".into(),
            category: None,
            created_at: Timestamp::from_millis(0),
            updated_at: Timestamp::from_millis(1_767_225_600_000),
        };
        assert_eq!(
            emoji_tag(&Urls::new("https://a.test"), &emoji),
            json!({"id": "https://a.test/emojis/blobcat", "type": "Emoji",
                   "name": ":blobcat:", "updated": "2026-01-01T00:00:00Z",
                   "icon": {"type": "Image", "mediaType": "image/png",
                            "url": "https://a.test/media/k.png"}})
        );
    }
}
