//! Minimal PEM (RFC 7468) reading and writing for the key formats actors publish.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::error::SignatureError;

/// One decoded PEM block: its label (`PUBLIC KEY`, `RSA PUBLIC KEY`, ...) and DER bytes.
pub(crate) struct PemBlock {
    pub(crate) label: String,
    pub(crate) der: Vec<u8>,
}

/// Decodes the first PEM block in `text`.
///
/// Lenient on layout because `publicKeyPem` values in the wild vary: CRLF or LF, missing
/// line breaks (everything on one line), leading/trailing whitespace (RFC 7468 §3 asks
/// parsers to tolerate whitespace inside the base64 text).
pub(crate) fn decode(text: &str) -> Result<PemBlock, SignatureError> {
    const BEGIN: &str = "-----BEGIN ";
    const DASHES: &str = "-----";
    let bad = |why: &str| SignatureError::InvalidKey(format!("PEM: {why}"));

    let start = text.find(BEGIN).ok_or_else(|| bad("no BEGIN line"))?;
    let after_begin = &text[start + BEGIN.len()..];
    let label_end = after_begin
        .find(DASHES)
        .ok_or_else(|| bad("unterminated BEGIN line"))?;
    let label = &after_begin[..label_end];
    let body_and_rest = &after_begin[label_end + DASHES.len()..];
    let end_marker = format!("-----END {label}-----");
    let body_end = body_and_rest
        .find(&end_marker)
        .ok_or_else(|| bad("no matching END line"))?;
    let b64: String = body_and_rest[..body_end]
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let der = STANDARD
        .decode(b64.as_bytes())
        .map_err(|_| bad("bad base64"))?;
    Ok(PemBlock {
        label: label.to_owned(),
        der,
    })
}

/// Encodes DER as PEM with 64-character lines and a trailing newline (RFC 7468 §2).
pub(crate) fn encode(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    // base64 output is ASCII, so splitting on bytes never cuts a character.
    for line in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}
