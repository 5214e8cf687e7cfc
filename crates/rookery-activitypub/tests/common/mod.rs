//! Test helpers shared by the signature tests: reading the captured `.http` requests of
//! fixtures/peers byte for byte, and pinned clocks.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName, HeaderValue, Method};
use rookery_activitypub::signatures::RequestParts;

/// A request as it arrived: request line, header lines in wire order, raw body.
#[derive(Debug, Clone)]
pub struct CapturedRequest {
    pub method: Method,
    pub path_and_query: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl CapturedRequest {
    pub fn parts(&self) -> RequestParts<'_> {
        RequestParts {
            method: &self.method,
            path_and_query: &self.path_and_query,
            headers: &self.headers,
            body: &self.body,
        }
    }
}

/// Parses an HTTP/1.1 request: `METHOD SP target SP version CRLF`, `name: value CRLF`
/// lines, an empty line, then the body exactly as the remaining bytes (never re-encoded).
pub fn parse_http(bytes: &[u8]) -> CapturedRequest {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("no CRLF CRLF after the headers");
    let head = std::str::from_utf8(&bytes[..split]).expect("head is not UTF-8");
    let body = bytes[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().expect("no request line");
    let mut words = request_line.split(' ');
    let method = Method::from_bytes(words.next().unwrap().as_bytes()).unwrap();
    let path_and_query = words.next().expect("no request target").to_owned();
    assert!(words.next().unwrap().starts_with("HTTP/"), "{request_line}");
    let mut headers = HeaderMap::new();
    for line in lines {
        assert!(!line.contains('\n'), "bare LF in a header line: {line:?}");
        let (name, value) = line.split_once(':').expect("header line without colon");
        headers.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_bytes(value.trim_matches([' ', '\t']).as_bytes()).unwrap(),
        );
    }
    CapturedRequest {
        method,
        path_and_query,
        headers,
        body,
    }
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/peers")
}

pub fn read_http(path: &Path) -> CapturedRequest {
    parse_http(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

pub fn at(unix_seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(unix_seconds)
}

/// First and last second of the captures (fixtures/peers/README.md).
pub const CAPTURE_START: u64 = 1_795_345_578;
pub const CAPTURE_END: u64 = 1_795_346_424;
