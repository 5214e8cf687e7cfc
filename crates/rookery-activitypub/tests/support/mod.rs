//! Shared helpers for the fixture tests: locating fixtures/peers and splitting a
//! captured HTTP message into head and body.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// The ActivityPub peers whose captures are parsed.
pub const PEERS: &[&str] = &["gotosocial", "fedify", "bovine"];

pub fn peers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/peers")
}

/// Files in `peer`'s folder whose name ends with `suffix`, sorted.
pub fn files(peer: &str, suffix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(peers_dir().join(peer))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .ends_with(suffix)
        })
        .collect();
    found.sort();
    found
}

pub fn read(peer: &str, name: &str) -> Vec<u8> {
    std::fs::read(peers_dir().join(peer).join(name)).unwrap()
}

/// Splits a captured HTTP message at the first CRLFCRLF (LF LF as a fallback):
/// (request or status line plus headers, body).
pub fn split_http(message: &[u8]) -> (&[u8], &[u8]) {
    let find = |needle: &[u8]| message.windows(needle.len()).position(|w| w == needle);
    match find(b"\r\n\r\n") {
        Some(at) => (&message[..at], &message[at + 4..]),
        None => match find(b"\n\n") {
            Some(at) => (&message[..at], &message[at + 2..]),
            None => (message, &[]),
        },
    }
}

/// The JSON body of a captured HTTP message in `peer`'s folder.
pub fn http_body(peer: &str, name: &str) -> Vec<u8> {
    let message = read(peer, name);
    split_http(&message).1.to_vec()
}

pub fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_str().unwrap().to_owned()
}

#[test]
fn splits_at_the_first_blank_line() {
    let (head, body) = split_http(b"POST / HTTP/1.1\r\nA: b\r\n\r\n{\"x\":\"\r\n\r\n\"}");
    assert_eq!(head, b"POST / HTTP/1.1\r\nA: b");
    assert_eq!(body, b"{\"x\":\"\r\n\r\n\"}");
    assert_eq!(split_http(b"no body"), (&b"no body"[..], &b""[..]));
}
