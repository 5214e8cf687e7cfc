//! Remote custom emoji, kept by reference: a shortcode and the http(s) URL of its image
//! on the sender's server (activitypub.md §5.4 `Emoji` tags, versia.md §10.1
//! `pub.versia:custom_emojis`). The image is never downloaded; clients load it.

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
    fn dedupe_keeps_the_first_of_each_shortcode() {
        let a = CustomEmoji::from_activitypub(":aa:", IMG).unwrap();
        let a2 = CustomEmoji::from_activitypub(":aa:", "https://b.test/2.png").unwrap();
        let b = CustomEmoji::from_activitypub(":bb:", IMG).unwrap();
        assert_eq!(dedupe([a.clone(), a2, b.clone()]), [a, b]);
    }
}
