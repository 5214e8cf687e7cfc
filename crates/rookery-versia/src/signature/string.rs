//! The signed string `lower(method) SP encodeURI(path) SP timestamp SP b64(sha256(body))`
//! (versia.md §3.3), byte-for-byte as the reference server builds it.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

/// Bytes JavaScript's `encodeURI` leaves alone besides ASCII letters and digits:
/// `; , / ? : @ & = + $ - _ . ! ~ * ' ( ) #`. Everything else, `%` included, becomes
/// `%XX` with uppercase hex (versia.md §3.3 step 2; vectors V3a/V3b).
const ENCODE_URI: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b';')
    .remove(b',')
    .remove(b'/')
    .remove(b'?')
    .remove(b':')
    .remove(b'@')
    .remove(b'&')
    .remove(b'=')
    .remove(b'+')
    .remove(b'$')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'#');

/// SHA-256 of the empty body in base64: the digest of every bodiless GET (versia.md §3.3).
pub const EMPTY_BODY_DIGEST: &str = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

/// JavaScript `encodeURI` over `text`. Applied to the raw (still percent-encoded) path,
/// so an existing `%3A` turns into `%253A`, exactly as the reference does.
pub fn encode_uri(text: &str) -> String {
    utf8_percent_encode(text, ENCODE_URI).to_string()
}

/// Standard base64 (padded) of SHA-256 over the exact body bytes (versia.md §3.3 step 4).
pub fn body_digest(body: &[u8]) -> String {
    STANDARD.encode(Sha256::digest(body))
}

/// The string that is signed. `raw_path` is the path as on the wire; a query string, if
/// the caller passed a request target, is cut off because it is not signed (versia.md
/// §3.3 step 2, vector V5). `timestamp` is the decimal text of `Versia-Signed-At`, used
/// verbatim on verification (§3.3 step 3).
pub fn signed_string(method: &str, raw_path: &str, timestamp: &str, body: &[u8]) -> String {
    signed_string_digested(method, raw_path, timestamp, &body_digest(body))
}

/// [`signed_string`] with the body's [`body_digest`] computed by the caller: a fan-out
/// sends one body to many inboxes and hashes it once.
pub fn signed_string_digested(
    method: &str,
    raw_path: &str,
    timestamp: &str,
    body_digest: &str,
) -> String {
    let path = raw_path.split_once('?').map_or(raw_path, |(path, _)| path);
    format!(
        "{} {} {} {}",
        method.to_ascii_lowercase(),
        encode_uri(path),
        timestamp,
        body_digest
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_uri_matches_javascript() {
        // Rows observed by running Bun's encodeURI (versia-vectors.md, V3 table).
        let table = [
            ("/.versia/v0.6/inbox", "/.versia/v0.6/inbox"),
            (
                "/.versia/v0.6/entities/pub.versia%3Ashare%2FShare/x",
                "/.versia/v0.6/entities/pub.versia%253Ashare%252FShare/x",
            ),
            (
                "/a%20b/c%20d/%C3%A9/[x]/%5E|",
                "/a%2520b/c%2520d/%25C3%25A9/%5Bx%5D/%255E%7C",
            ),
            ("/é ^\"<>`{}\\", "/%C3%A9%20%5E%22%3C%3E%60%7B%7D%5C"),
            ("/;,/?:@&=+$-_.!~*'()#AZaz09", "/;,/?:@&=+$-_.!~*'()#AZaz09"),
        ];
        for (input, expected) in table {
            assert_eq!(encode_uri(input), expected, "{input}");
        }
    }

    #[test]
    fn empty_body_digest_constant_is_right() {
        assert_eq!(body_digest(b""), EMPTY_BODY_DIGEST);
    }

    #[test]
    fn digested_string_is_the_same_string() {
        let body = br#"{"type":"Note","id":"1"}"#;
        assert_eq!(
            signed_string_digested("POST", "/.versia/v0.6/inbox", "7", &body_digest(body)),
            signed_string("POST", "/.versia/v0.6/inbox", "7", body)
        );
    }

    #[test]
    fn query_is_not_part_of_the_string() {
        assert_eq!(
            signed_string("GET", "/c?offset=1&limit=2", "5", b""),
            format!("get /c 5 {EMPTY_BODY_DIGEST}")
        );
    }
}
