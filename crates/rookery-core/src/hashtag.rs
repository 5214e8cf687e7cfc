//! Hashtags as stored with a note: lowercased, without `#`, no repeats, sorted (the
//! order the store gives them back in; activitypub.md §5.4: Mastodon indexes tags
//! lowercased).

/// At most this many hashtags are kept per note.
pub const MAX_TAGS: usize = 64;

/// Longest hashtag kept, in characters.
pub const MAX_TAG_CHARS: usize = 100;

/// `tags` normalized: `#` stripped, lowercased, empty, overlong and repeated ones
/// dropped, at most [`MAX_TAGS`] (the first ones), sorted.
pub fn normalize_tags<I, S>(tags: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut kept: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.as_ref().trim().trim_start_matches('#').to_lowercase();
        let usable = !tag.is_empty()
            && tag.chars().count() <= MAX_TAG_CHARS
            && !tag.chars().any(char::is_whitespace);
        if usable && !kept.contains(&tag) && kept.len() < MAX_TAGS {
            kept.push(tag);
        }
    }
    kept.sort();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalized() {
        let cases: &[(&[&str], &[&str])] = &[
            (&["#Rust", "rust", "#Fedi"], &["fedi", "rust"]),
            (&["#", "", "two words"], &[]),
            (&["#ÉTÉ"], &["été"]),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_tags(input.iter()), *expected, "{input:?}");
        }
    }
}
