//! `pub.versia:custom_emojis` (versia.md §10.1) both ways. In: core's emoji kept by
//! reference, for each emoji the first remote http(s) image of its ContentFormat
//! (`content`, or the reference server's `url`, both read by the entity type). Out:
//! our own emoji used by a local Note or User.

use rookery_core::emoji::{CustomEmoji, LocalEmoji};
use rookery_core::{Account, Note};

use crate::context::Versia;
use crate::entities::{
    ContentEntry, ContentFormat, CustomEmoji as VersiaEmoji, CustomEmojis, User,
};

pub fn emojis_in(extension: Option<&CustomEmojis>) -> Vec<CustomEmoji> {
    extension
        .into_iter()
        .flat_map(|e| &e.emojis)
        .filter_map(|emoji| {
            emoji
                .content
                .iter()
                .filter(|(mime, entry)| entry.remote && mime.starts_with("image/"))
                .find_map(|(_, entry)| CustomEmoji::from_versia(&emoji.name, &entry.content))
        })
        .collect()
}

/// Our own emoji as the extension (§10.1): `name` with its `:` delimiters, `content` a
/// ContentFormat with one remote entry of the image's type (the docs' key; the
/// reference server reads `url`, FEDERATION.md). `None` when none are used.
pub fn local_emojis_out(emojis: &[LocalEmoji]) -> Option<CustomEmojis> {
    if emojis.is_empty() {
        return None;
    }
    Some(CustomEmojis {
        emojis: emojis
            .iter()
            .map(|emoji| {
                let mut content = ContentFormat::new();
                content.insert(&emoji.media_type, ContentEntry::remote(&emoji.url));
                VersiaEmoji {
                    name: format!(":{}:", emoji.shortcode),
                    content,
                }
            })
            .collect(),
    })
}

/// The local emoji a local note's text and content warning use.
pub fn note_emojis_out(versia: &Versia, note: &Note) -> Option<CustomEmojis> {
    local_emojis_out(
        &versia
            .local_emojis
            .used_in(&[&note.source, &note.content_warning]),
    )
}

/// A local User with the extension for the emoji its name, bio and fields use.
pub fn with_user_emojis(versia: &Versia, account: &Account, mut user: User) -> User {
    let mut texts: Vec<&str> = vec![&account.display_name, &account.note];
    for field in &account.profile.fields {
        texts.push(&field.name);
        texts.push(&field.value);
    }
    if let Some(emojis) = local_emojis_out(&versia.local_emojis.used_in(&texts)) {
        user.extensions
            .get_or_insert_with(Default::default)
            .custom_emojis = Some(emojis);
    }
    user
}

#[cfg(test)]
mod tests {
    use rookery_core::Timestamp;
    use serde_json::json;

    use super::*;
    use crate::mapping::profile::remote_profile;

    #[test]
    fn a_users_emojis_are_kept_with_its_profile() {
        let user: User = serde_json::from_value(json!({
            "id": "1", "type": "User", "created_at": "2026-01-01T00:00:00Z",
            "username": "bea", "display_name": "Bea :blob: :bad:", "avatar": null,
            "header": null, "bio": null, "fields": [],
            "manually_approves_followers": false, "indexable": true,
            "extensions": {"pub.versia:custom_emojis": {"emojis": [
                {"name": ":blob:", "content": {"image/png":
                    {"content": "https://b.test/e/blob.png", "remote": true}}},
                {"name": ":bad:", "url": {"image/png":
                    {"content": "javascript:alert(1)", "remote": true}}}
            ]}}
        }))
        .unwrap();
        assert_eq!(
            remote_profile(&user).emojis,
            [CustomEmoji {
                shortcode: "blob".into(),
                url: "https://b.test/e/blob.png".into()
            }]
        );
    }

    #[test]
    fn ours_go_out_with_colons_and_content() {
        let emoji = LocalEmoji {
            shortcode: "blobcat".into(),
            url: "https://a.test/media/k.png".into(),
            media_type: "image/png".into(),
            category: None,
            created_at: Timestamp::from_millis(0),
            updated_at: Timestamp::from_millis(0),
        };
        assert_eq!(local_emojis_out(&[]), None);
        let out = serde_json::to_value(local_emojis_out(&[emoji])).unwrap();
        assert_eq!(
            out,
            json!({"emojis": [{"name": ":blobcat:", "content": {"image/png":
                {"content": "https://a.test/media/k.png", "remote": true}}}]})
        );
    }
}
