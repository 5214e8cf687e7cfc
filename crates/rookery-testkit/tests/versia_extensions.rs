//! Versia Instance Messaging (versia.md §10.4): plain-text messages are accepted
//! unsigned at both the v0.6 path and the reference's `/messaging`, capped at 4 KiB, and
//! the endpoint is advertised in InstanceMetadata the way the reference reads it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod versia_support;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue};
use rookery_net::HttpResponse;
use rookery_testkit::TestInstance;
use serde_json::Value;
use versia_support::{get, versia_cluster};

const MESSAGING: &str = "/.versia/v0.6/messaging";

/// An unsigned `text/plain` POST of `body` to `path` on `to`.
async fn post_text(to: &TestInstance, path: &str, body: Vec<u8>) -> HttpResponse {
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("text/plain"));
    to.state()
        .http
        .post(&to.url(path), headers, Bytes::from(body))
        .await
        .unwrap()
}

#[tokio::test]
async fn instance_messages_are_accepted_capped_and_advertised() {
    let cluster = versia_cluster(1).await;
    let a = cluster.instance("a");

    for path in [MESSAGING, "/messaging"] {
        let text = b"Note b.test:42 failed validation: content missing".to_vec();
        let ok = post_text(a, path, text).await;
        assert_eq!(ok.status, 200, "{path}");
        assert!(ok.body.is_empty(), "{path}: no response body (§10.4)");

        let at_cap = post_text(a, path, vec![b'x'; 4096]).await;
        assert_eq!(at_cap.status, 200, "{path}: 4 KiB is allowed");

        let too_big = post_text(a, path, vec![b'x'; 4097]).await;
        assert_eq!(too_big.status, 413, "{path}: above 4 KiB");
    }

    let meta = get(None, a, "/.versia/v0.6/instance").await;
    assert_eq!(meta.status, 200);
    let body: Value = serde_json::from_slice(&meta.body).unwrap();
    let endpoint = body["extensions"]["pub.versia:instance_messaging"]["endpoint"]
        .as_str()
        .unwrap_or_else(|| panic!("no messaging endpoint in {body}"));
    assert!(endpoint.ends_with(MESSAGING), "{endpoint}");
    assert!(endpoint.contains(&a.domain), "absolute URL: {endpoint}");
    let extensions = body["compatibility"]["extensions"].as_array().unwrap();
    assert!(
        extensions.contains(&Value::from("pub.versia:instance_messaging")),
        "{extensions:?}"
    );
}
