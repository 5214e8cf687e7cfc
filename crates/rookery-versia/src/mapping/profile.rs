//! A User's `avatar`, `header` and `fields` (versia.md §8.1) both ways: images as
//! remote `image/*` ContentFormats (§7.1), fields as `{key, value}` text ContentFormats.

use rookery_core::profile::{is_web_url, MAX_PROFILE_FIELDS};
use rookery_core::{Profile, ProfileField};

use super::text::{html_and_plain, remote_html};
use crate::entities::{ContentEntry, ContentFormat, Field, User};

/// Our stored image URL as a one-entry ContentFormat, typed from its extension (the
/// media library names every file after the format it encoded).
pub fn image_format(url: &str) -> ContentFormat {
    let lower = url.to_ascii_lowercase();
    let mime = [".png", ".gif", ".webp"]
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map_or("image/jpeg", |ext| match *ext {
            ".png" => "image/png",
            ".gif" => "image/gif",
            _ => "image/webp",
        });
    let mut format = ContentFormat::new();
    format.insert(mime, ContentEntry::remote(url));
    format
}

/// Our fields: the name as text (HTML-escaped for the `text/html` form), the value as
/// the HTML we rendered.
pub fn local_fields(profile: &Profile) -> Vec<Field> {
    profile
        .fields
        .iter()
        .map(|f| Field {
            key: ContentFormat::html_and_plain(rookery_html::escape_html(&f.name), &f.name),
            value: html_and_plain(&f.value),
        })
        .collect()
}

/// The first remote http(s) entry of an image ContentFormat.
fn remote_image(format: Option<&ContentFormat>) -> Option<String> {
    format?
        .iter()
        .find(|(mime, entry)| {
            mime.starts_with("image/") && entry.remote && is_web_url(&entry.content)
        })
        .map(|(_, entry)| entry.content.clone())
}

/// A remote User's profile: http(s) images only, field values sanitized, names as plain
/// text, at most Mastodon's four fields.
pub fn remote_profile(user: &User) -> Profile {
    Profile {
        avatar: remote_image(user.avatar.as_ref()),
        header: remote_image(user.header.as_ref()),
        fields: user
            .fields
            .iter()
            .take(MAX_PROFILE_FIELDS)
            .map(|f| ProfileField {
                name: rookery_html::plain_text(&remote_html(Some(&f.key))),
                value: strip_paragraph(remote_html(Some(&f.value))),
                verified_at: None,
            })
            .collect(),
        // `pub.versia:custom_emojis` of the User (§10.1), as on Notes.
        emojis: rookery_core::emoji::dedupe(super::emojis::emojis_in(
            user.extensions
                .as_ref()
                .and_then(|e| e.custom_emojis.as_ref()),
        )),
        vanity: super::vanity::remote_vanity(user),
    }
}

/// Field values are inline: a single wrapping paragraph is dropped.
fn strip_paragraph(html: String) -> String {
    match html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_and_fields_round_trip() {
        let profile = Profile {
            avatar: Some("https://a.test/media/k.png".into()),
            header: Some("https://a.test/media/h.jpg".into()),
            fields: vec![ProfileField {
                name: "Site & co".into(),
                value: "<a href=\"https://x.test\">x.test</a>".into(),
                verified_at: None,
            }],
            emojis: Vec::new(),
            vanity: Default::default(),
        };
        let avatar = image_format(profile.avatar.as_deref().unwrap());
        assert!(avatar.get("image/png").is_some_and(|e| e.remote));
        let header = image_format(profile.header.as_deref().unwrap());
        assert!(header.get("image/jpeg").is_some());
        let fields = local_fields(&profile);
        assert_eq!(
            fields[0].key.get("text/plain").map(|e| e.content.as_str()),
            Some("Site & co")
        );
        let user_fields: Vec<ProfileField> = fields
            .iter()
            .map(|f| ProfileField {
                name: rookery_html::plain_text(&remote_html(Some(&f.key))),
                value: strip_paragraph(remote_html(Some(&f.value))),
                verified_at: None,
            })
            .collect();
        assert_eq!(user_fields[0].name, "Site & co");
        assert!(user_fields[0].value.contains("https://x.test"));
        let mut unsafe_image = ContentFormat::new();
        unsafe_image.insert("image/png", ContentEntry::remote("javascript:x"));
        assert_eq!(remote_image(Some(&unsafe_image)), None);
    }
}
