//! Names of stored files. An upload's files are `KEY.EXT` (the original) and
//! `KEY.small.EXT` (its thumbnail), KEY being 128 random bits in hex: unguessable, so
//! an unattached upload cannot be found by trying names, and safe as a path component.

use rand::RngCore;

use crate::process::Encoding;

const KEY_LEN: usize = 32;
const SMALL_MARK: &str = ".small";

/// A fresh random key.
pub(crate) fn new_key() -> String {
    let mut bytes = [0u8; KEY_LEN / 2];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn original_name(key: &str, encoding: Encoding) -> String {
    format!("{key}.{}", encoding.extension())
}

pub(crate) fn small_name(key: &str, encoding: Encoding) -> String {
    format!("{key}{SMALL_MARK}.{}", encoding.extension())
}

fn is_key(text: &str) -> bool {
    text.len() == KEY_LEN
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// What a requested file name stands for, if it is one of ours: its encoding and
/// whether it is a thumbnail. Anything else (other characters, `..`, slashes) is `None`.
pub fn parse_file_name(name: &str) -> Option<(Encoding, bool)> {
    let (stem, extension) = name.rsplit_once('.')?;
    let encoding = Encoding::from_extension(extension)?;
    match stem.strip_suffix(SMALL_MARK) {
        Some(key) if is_key(key) => Some((encoding, true)),
        None if is_key(stem) => Some((encoding, false)),
        _ => None,
    }
}

/// The thumbnail URL of an original's URL served by a rookery media library
/// (`.../media/KEY.EXT` → `.../media/KEY.small.EXT`); `None` for any other URL, whose
/// preview is the file itself. Status rendering calls this, since a note's attachments
/// keep only the main URL.
pub fn small_url_of(url: &str) -> Option<String> {
    let (base, name) = url.rsplit_once('/')?;
    if !base.ends_with("/media") {
        return None;
    }
    match parse_file_name(name)? {
        (encoding, false) => {
            let key = name.rsplit_once('.')?.0;
            Some(format!("{base}/{}", small_name(key, encoding)))
        }
        (_, true) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_hex() {
        let (a, b) = (new_key(), new_key());
        assert_ne!(a, b);
        assert!(is_key(&a), "{a}");
        assert_eq!(
            parse_file_name(&original_name(&a, Encoding::Png)),
            Some((Encoding::Png, false))
        );
        assert_eq!(
            parse_file_name(&small_name(&a, Encoding::Jpeg)),
            Some((Encoding::Jpeg, true))
        );
    }

    #[test]
    fn only_our_names_are_accepted() {
        let key = "0123456789abcdef0123456789abcdef";
        for bad in [
            "",
            "x.png",
            "../etc/passwd",
            &format!("{key}.gif"),
            &format!("{key}.PNG"),
            &format!("{key}.big.png"),
            &format!("../{key}.png"),
            &format!("{}.png", key.to_uppercase()),
        ] {
            assert_eq!(parse_file_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn small_urls() {
        let key = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            small_url_of(&format!("https://a.test/media/{key}.jpg")).as_deref(),
            Some(format!("https://a.test/media/{key}.small.jpg").as_str())
        );
        assert_eq!(
            small_url_of(&format!("https://a.test/media/{key}.small.jpg")),
            None
        );
        assert_eq!(
            small_url_of(&format!("https://a.test/files/{key}.jpg")),
            None
        );
        assert_eq!(small_url_of("https://b.test/media/cat.png"), None);
    }
}
