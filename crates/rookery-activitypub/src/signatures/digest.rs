//! Body digests the signatures cover: `Digest: SHA-256=<b64>` (RFC 3230, used with
//! draft-cavage) and `Content-Digest: sha-256=:<b64>:` (RFC 9530, used with RFC 9421).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sfv::{BareItem, ListEntry, Parser, SerializeValue as _};
use sha2::{Digest as _, Sha256, Sha512};

use super::error::SignatureError;

/// The `Digest` header value for `body`, spelled as Mastodon sends it
/// (activitypub.md §4.1: `SHA-256=<base64 of SHA-256 of the exact body bytes>`).
pub fn digest_header(body: &[u8]) -> String {
    format!("SHA-256={}", STANDARD.encode(Sha256::digest(body)))
}

/// Checks a `Digest` header value (several field lines joined by `,`) against `body`.
///
/// Like Mastodon (activitypub.md §4.1): the list must hold a `sha-256` entry, its name
/// compared case-insensitively (bovine sends `sha-256=`, GoToSocial `SHA-256=`), with a
/// 32-byte base64 value equal to the body's hash. Other algorithms in the list
/// (RFC 3230 §4.3.2 allows several) are ignored.
pub fn verify_digest_header(value: &str, body: &[u8]) -> Result<(), SignatureError> {
    let expected = Sha256::digest(body);
    let mut found = false;
    for entry in value.split(',') {
        let Some((algorithm, encoded)) = entry.trim().split_once('=') else {
            continue;
        };
        if !algorithm.trim().eq_ignore_ascii_case("sha-256") {
            continue;
        }
        let decoded = STANDARD
            .decode(encoded.trim())
            .map_err(|_| SignatureError::DigestMismatch)?;
        if decoded.as_slice() != expected.as_slice() {
            return Err(SignatureError::DigestMismatch);
        }
        found = true;
    }
    if found {
        Ok(())
    } else {
        Err(SignatureError::DigestMismatch)
    }
}

/// The `Content-Digest` header value for `body` (RFC 9530 §2: a Structured Field
/// Dictionary whose `sha-256` member is a Byte Sequence).
pub fn content_digest_header(body: &[u8]) -> String {
    let mut dict = sfv::Dictionary::new();
    dict.insert(
        "sha-256".into(),
        sfv::Item::new(BareItem::ByteSeq(Sha256::digest(body).to_vec())).into(),
    );
    // Serializing a one-member dictionary with a valid key cannot fail; fall back to the
    // same text by hand rather than panic.
    dict.serialize_value()
        .unwrap_or_else(|_| format!("sha-256=:{}:", STANDARD.encode(Sha256::digest(body))))
}

/// Checks a `Content-Digest` header value against `body`.
///
/// RFC 9530 §2 lets a sender list several algorithms; we check every `sha-256` and
/// `sha-512` member (the two registered as "Active", RFC 9530 §5) and require at least
/// one of them. Unknown algorithms are ignored, as §2 asks.
pub fn verify_content_digest(value: &str, body: &[u8]) -> Result<(), SignatureError> {
    let dict =
        Parser::parse_dictionary(value.as_bytes()).map_err(|_| SignatureError::DigestMismatch)?;
    let mut found = false;
    for (algorithm, member) in &dict {
        let expected: Vec<u8> = match algorithm.as_str() {
            "sha-256" => Sha256::digest(body).to_vec(),
            "sha-512" => Sha512::digest(body).to_vec(),
            _ => continue,
        };
        let ListEntry::Item(item) = member else {
            return Err(SignatureError::DigestMismatch);
        };
        let Some(given) = item.bare_item.as_byte_seq() else {
            return Err(SignatureError::DigestMismatch);
        };
        if *given != expected {
            return Err(SignatureError::DigestMismatch);
        }
        found = true;
    }
    if found {
        Ok(())
    } else {
        Err(SignatureError::DigestMismatch)
    }
}
