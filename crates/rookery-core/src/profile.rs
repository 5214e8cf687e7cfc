//! The decorative parts of a profile: avatar, header and the name/value fields
//! (Mastodon's "profile metadata", ActivityPub `PropertyValue`, Versia User `fields`).

use crate::time::Timestamp;

/// Most fields a profile keeps (Mastodon's limit); extra ones from peers are dropped.
pub const MAX_PROFILE_FIELDS: usize = 4;
/// Longest field name, in characters (Mastodon's limit).
pub const MAX_FIELD_NAME_CHARS: usize = 255;
/// Longest field value as typed, in characters (Mastodon's limit).
pub const MAX_FIELD_VALUE_CHARS: usize = 2047;

/// Avatar, header and fields. Empty by default, so account constructors that do not
/// care say `profile: Default::default()`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// Absolute http(s) URL of the avatar image.
    pub avatar: Option<String>,
    /// Absolute http(s) URL of the header (banner) image.
    pub header: Option<String>,
    pub fields: Vec<ProfileField>,
    /// A remote account's custom emoji (display name, bio and fields), by reference,
    /// at most [`crate::emoji::MAX_EMOJIS`]. Empty for local accounts: theirs are found
    /// in their text when rendered (`local_emojis`).
    pub emojis: Vec<crate::emoji::CustomEmoji>,
    /// Pronouns, location, birthday, time zone: a remote Versia user's
    /// `pub.versia:vanity` (versia.md §10.12); empty for everyone else.
    pub vanity: crate::vanity::Vanity,
}

/// One name/value pair shown on the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileField {
    /// Plain text.
    pub name: String,
    /// Sanitized HTML (local values are rendered like a note, remote ones sanitized).
    pub value: String,
    /// When a `rel="me"` link back to the profile was last confirmed.
    pub verified_at: Option<Timestamp>,
}

/// True for absolute `http://` and `https://` URLs: the only image addresses kept from
/// peers (no `data:`, `javascript:` or relative references).
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && url.len() <= 2048
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_are_web_urls() {
        for (url, ok) in [
            ("https://x.test/a.png", true),
            ("HTTP://x.test/a.png", true),
            ("data:image/png;base64,AAAA", false),
            ("javascript:alert(1)", false),
            ("/relative.png", false),
            ("", false),
        ] {
            assert_eq!(is_web_url(url), ok, "{url}");
        }
    }
}
