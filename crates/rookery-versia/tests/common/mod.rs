//! Shared test helpers: fixture loading, a byte-exact `.http` parser, hex.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use http::{HeaderMap, HeaderName, HeaderValue};

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

pub fn fixture_bytes(relative: &str) -> Vec<u8> {
    let path = fixtures_dir().join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

pub fn fixture_text(relative: &str) -> String {
    String::from_utf8(fixture_bytes(relative)).unwrap()
}

/// One captured HTTP/1.1 message, bytes kept exactly: the body is everything after the
/// first CRLF CRLF, untouched.
#[derive(Debug)]
pub struct HttpMessage {
    /// `GET /path HTTP/1.1` or `HTTP/1.1 200 OK`.
    pub start_line: String,
    /// Headers in wire order, names as written.
    pub header_lines: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl HttpMessage {
    pub fn parse(raw: &[u8]) -> HttpMessage {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a CRLF CRLF between head and body");
        let head = std::str::from_utf8(&raw[..split]).expect("ASCII head");
        let body = raw[split + 4..].to_vec();
        let mut lines = head.split("\r\n");
        let start_line = lines.next().unwrap().to_owned();
        let mut header_lines = Vec::new();
        let mut headers = HeaderMap::new();
        for line in lines {
            assert!(!line.contains('\n'), "bare LF inside the head: {line:?}");
            let (name, value) = line.split_once(':').expect("name: value");
            let value = value.trim_matches([' ', '\t']);
            header_lines.push((name.to_owned(), value.to_owned()));
            headers.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        if let Some(length) = headers.get("content-length") {
            let length: usize = length.to_str().unwrap().parse().unwrap();
            assert_eq!(length, body.len(), "Content-Length matches the body bytes");
        }
        HttpMessage {
            start_line,
            header_lines,
            headers,
            body,
        }
    }

    pub fn load(relative: &str) -> HttpMessage {
        HttpMessage::parse(&fixture_bytes(relative))
    }

    /// Method and request target of a request.
    pub fn request_line(&self) -> (String, String) {
        let mut parts = self.start_line.split(' ');
        let method = parts.next().unwrap().to_owned();
        let target = parts.next().unwrap().to_owned();
        assert_eq!(parts.next(), Some("HTTP/1.1"));
        (method, target)
    }

    /// Status code of a response.
    pub fn status(&self) -> u16 {
        self.start_line.split(' ').nth(1).unwrap().parse().unwrap()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Headers carrying a Versia signature, as a receiver would see them.
pub fn versia_headers(signature: &str, signed_by: &str, signed_at: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        "versia-signature",
        HeaderValue::from_str(signature).unwrap(),
    );
    headers.insert(
        "versia-signed-by",
        HeaderValue::from_str(signed_by).unwrap(),
    );
    headers.insert(
        "versia-signed-at",
        HeaderValue::from_str(signed_at).unwrap(),
    );
    headers
}
