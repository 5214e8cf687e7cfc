//! Custom emoji: remote ones kept by reference (a shortcode and the http(s) URL of its
//! image on the sender's server; activitypub.md §5.4 `Emoji` tags, versia.md §10.1
//! `pub.versia:custom_emojis`; the image is never downloaded), the instance's own
//! [`LocalEmoji`] added by the operator, and the `:shortcode:` scan of local text.

use crate::time::Timestamp;

/// At most this many emoji are kept per note (Mastodon keeps all; a bound keeps a
/// hostile note small).
pub const MAX_EMOJIS: usize = 64;

/// Longest shortcode kept (the Versia reference server's limit, versia.md §10.1).
const MAX_SHORTCODE: usize = 256;

/// One custom emoji: `shortcode` without delimiters, `url` of the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomEmoji {
    pub shortcode: String,
    pub url: String,
}

impl CustomEmoji {
    /// From an ActivityPub `Emoji` tag: `name` is `:shortcode:` with a shortcode of
    /// `[A-Za-z0-9_]{2,}`, as Mastodon accepts (activitypub.md §5.4).
    pub fn from_activitypub(name: &str, url: &str) -> Option<CustomEmoji> {
        let shortcode = name.strip_prefix(':')?.strip_suffix(':')?;
        let valid = shortcode.len() >= 2
            && shortcode
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        Self::checked(shortcode, url, valid)
    }

    /// From a Versia CustomEmoji: `name` is `[A-Za-z0-9_-]+` between one delimiter
    /// character at each end, which is not itself in that set (versia.md §10.1).
    pub fn from_versia(name: &str, url: &str) -> Option<CustomEmoji> {
        let in_set = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        let mut chars = name.chars();
        let (first, last) = (chars.next()?, chars.next_back()?);
        let shortcode = chars.as_str();
        let valid = !in_set(first)
            && !in_set(last)
            && !shortcode.is_empty()
            && shortcode.chars().all(in_set);
        Self::checked(shortcode, url, valid)
    }

    fn checked(shortcode: &str, url: &str, valid: bool) -> Option<CustomEmoji> {
        let web = url::Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
        (valid && shortcode.len() <= MAX_SHORTCODE && web.is_some()).then(|| CustomEmoji {
            shortcode: shortcode.to_owned(),
            url: url.to_owned(),
        })
    }
}

/// Longest shortcode an operator may give a local emoji.
pub const MAX_LOCAL_SHORTCODE: usize = 64;

/// One of this instance's own emoji (Mastodon's "custom emoji" an admin adds): its image
/// is a file of our media library, served at `url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalEmoji {
    pub shortcode: String,
    /// Absolute URL of the image (`https://DOMAIN/media/NAME`); also its static copy.
    pub url: String,
    /// The image's MIME type (`image/png`).
    pub media_type: String,
    /// Groups emoji in client pickers.
    pub category: Option<String>,
    pub created_at: Timestamp,
    /// When the image last changed; peers refresh their copy by it.
    pub updated_at: Timestamp,
}

impl LocalEmoji {
    /// The emoji as any custom emoji is shown: shortcode and image URL.
    pub fn as_custom(&self) -> CustomEmoji {
        CustomEmoji {
            shortcode: self.shortcode.clone(),
            url: self.url.clone(),
        }
    }
}

/// Whether `shortcode` may name a local emoji: `[A-Za-z0-9_]{2,64}`, the characters
/// Mastodon accepts, so every peer can read it (activitypub.md §5.4 is the stricter
/// protocol: Versia also allows `-`).
pub fn valid_local_shortcode(shortcode: &str) -> bool {
    (2..=MAX_LOCAL_SHORTCODE).contains(&shortcode.len())
        && shortcode
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The distinct shortcodes written as `:shortcode:` in `text`, in order of first use.
/// As Mastodon scans: `[A-Za-z0-9_]{2,}` between colons, not glued to a letter, digit
/// or colon on either side (so `a:bc:`, `:bc:d` and `::bc::` name nothing). A non-ASCII
/// neighbour counts as a letter.
pub fn shortcodes_in(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let boundary = |b: u8| !(b.is_ascii_alphanumeric() || b == b':' || !b.is_ascii());
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut found: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b':' || (i > 0 && !boundary(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < bytes.len() && word(bytes[end]) {
            end += 1;
        }
        let closed = end < bytes.len() && bytes[end] == b':';
        let free_after = bytes.get(end + 1).is_none_or(|&b| boundary(b));
        if closed && end - start >= 2 && free_after {
            // Only ASCII between `start` and `end`: slicing there is on char boundaries.
            let code = &text[start..end];
            if !found.contains(&code) {
                found.push(code);
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    found
}

/// Keeps the first emoji of each shortcode, at most [`MAX_EMOJIS`].
pub fn dedupe(emojis: impl IntoIterator<Item = CustomEmoji>) -> Vec<CustomEmoji> {
    let mut kept: Vec<CustomEmoji> = Vec::new();
    for emoji in emojis {
        if kept.len() == MAX_EMOJIS {
            break;
        }
        if !kept.iter().any(|k| k.shortcode == emoji.shortcode) {
            kept.push(emoji);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    const IMG: &str = "https://b.test/emoji/blob.png";

    #[test]
    fn activitypub_names() {
        let ok = CustomEmoji::from_activitypub(":blob_cat:", IMG).unwrap();
        assert_eq!(ok.shortcode, "blob_cat");
        for bad in ["blob", ":b:", ":blob-cat:", ":blob cat:", "::", ":blob"] {
            assert_eq!(CustomEmoji::from_activitypub(bad, IMG), None, "{bad}");
        }
    }

    #[test]
    fn versia_names() {
        assert_eq!(
            CustomEmoji::from_versia(":happy-face:", IMG)
                .unwrap()
                .shortcode,
            "happy-face"
        );
        assert_eq!(CustomEmoji::from_versia("|x|", IMG).unwrap().shortcode, "x");
        for bad in ["happy", "::", "a:b:", ":a:b:", ":é:"] {
            assert_eq!(CustomEmoji::from_versia(bad, IMG), None, "{bad}");
        }
    }

    #[test]
    fn only_web_urls() {
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,AA",
            "ftp://b.test/x",
            "/x",
        ] {
            assert_eq!(CustomEmoji::from_activitypub(":ok:", bad), None, "{bad}");
        }
        assert!(CustomEmoji::from_versia(":ok:", "http://b.test/x.png").is_some());
    }

    #[test]
    fn shortcodes_as_mastodon_scans_them() {
        for (text, want) in [
            (":blobcat: hi", vec!["blobcat"]),
            ("hi :blobcat:", vec!["blobcat"]),
            ("(:a_1:) and :b2:!", vec!["a_1", "b2"]),
            (":blobcat::blobcat:", vec![]),
            (":blobcat: :blobcat: :wave:", vec!["blobcat", "wave"]),
            ("a:bc: :bc:d", vec![]),
            ("é:bc: x", vec![]),
            (":b: :: :bc", vec![]),
            ("line\n:ok:\n", vec!["ok"]),
            ("https://x.test:80:90/", vec![]),
            (":blob-cat: :blob cat:", vec![]),
            ("<p>:ok:</p>", vec!["ok"]),
        ] {
            assert_eq!(shortcodes_in(text), want, "{text:?}");
        }
    }

    #[test]
    fn local_shortcodes() {
        assert!(valid_local_shortcode("blob_cat2"));
        for bad in ["b", "blob-cat", "blob cat", ":blob:", "é1", &"x".repeat(65)] {
            assert!(!valid_local_shortcode(bad), "{bad}");
        }
    }

    #[test]
    fn dedupe_keeps_the_first_of_each_shortcode() {
        let a = CustomEmoji::from_activitypub(":aa:", IMG).unwrap();
        let a2 = CustomEmoji::from_activitypub(":aa:", "https://b.test/2.png").unwrap();
        let b = CustomEmoji::from_activitypub(":bb:", IMG).unwrap();
        assert_eq!(dedupe([a.clone(), a2, b.clone()]), [a, b]);
    }
}
