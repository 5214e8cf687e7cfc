//! The SSRF guard end to end: with private addresses disallowed, loopback and internal
//! targets are refused before any connection is made.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::routing::get;
use axum::Router;
use http::HeaderMap;
use rookery_net::{HttpClient, NetConfig, NetError};

fn app() -> Router {
    Router::new().route("/", get(|| async { "reached" }))
}

fn guarded(resolve: Vec<(String, std::net::SocketAddr)>) -> HttpClient {
    common::client(NetConfig {
        resolve,
        ..NetConfig::default()
    })
}

async fn assert_forbidden(client: &HttpClient, url: &str) {
    let err = client.get(url, HeaderMap::new()).await.unwrap_err();
    assert!(
        matches!(err, NetError::ForbiddenAddress(_)),
        "{url}: {err:?}"
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn ipv4_loopback_literal_is_refused_without_connecting() {
    let server = common::serve(app()).await;
    let client = guarded(vec![]);
    assert_forbidden(
        &client,
        &format!("http://127.0.0.1:{}/", server.addr.port()),
    )
    .await;
    assert_forbidden(
        &client,
        &format!("http://[::ffff:127.0.0.1]:{}/", server.addr.port()),
    )
    .await;
    common::barrier(&server).await;
    assert_eq!(server.seen.connections(), 1, "only the barrier connected");
    assert_eq!(server.seen.requests(), 1);
}

#[tokio::test]
async fn ipv6_loopback_literal_is_refused_without_connecting() {
    let client = guarded(vec![]);
    match common::try_serve("[::1]:0", app()).await {
        Some(server) => {
            assert_forbidden(&client, &format!("http://[::1]:{}/", server.addr.port())).await;
            common::barrier(&server).await;
            assert_eq!(server.seen.connections(), 1, "only the barrier connected");
        }
        // Without IPv6 loopback there is nothing to connect to; the refusal still holds.
        None => assert_forbidden(&client, "http://[::1]:9/").await,
    }
}

#[tokio::test]
async fn internal_literals_are_refused() {
    // Refused by the pre-flight check; nothing is sent anywhere.
    let client = guarded(vec![]);
    for url in [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
    ] {
        assert_forbidden(&client, url).await;
    }
}

#[tokio::test]
async fn mapped_name_pointing_at_loopback_is_refused_without_connecting() {
    let server = common::serve(app()).await;
    let client = guarded(vec![
        ("a.test".to_owned(), server.addr),
        ("*.fleet.test".to_owned(), server.addr),
    ]);
    assert_forbidden(&client, "http://a.test/").await;
    assert_forbidden(&client, "https://x.fleet.test/").await;
    common::barrier(&server).await;
    assert_eq!(server.seen.connections(), 1, "only the barrier connected");
    assert_eq!(server.seen.requests(), 1);
}

#[tokio::test]
async fn allowing_private_addresses_lets_loopback_through() {
    let server = common::serve(app()).await;
    let client = common::client(NetConfig {
        allow_private_addresses: true,
        ..NetConfig::default()
    });
    let response = client
        .get(
            &format!("http://127.0.0.1:{}/", server.addr.port()),
            HeaderMap::new(),
        )
        .await
        .unwrap();
    assert_eq!(&response.body[..], b"reached");
}

#[tokio::test]
async fn non_http_urls_are_invalid() {
    let client = guarded(vec![]);
    for url in ["ftp://a.test/", "file:///etc/passwd", "a.test/x", ""] {
        let err = client.get(url, HeaderMap::new()).await.unwrap_err();
        assert!(matches!(err, NetError::InvalidUrl(_)), "{url}: {err:?}");
    }
}
