//! Size cap, redirect cap and timeouts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::Path;
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use http::HeaderMap;
use rookery_net::{NetConfig, NetError};

const CAP: usize = 1024;

fn sized_bodies() -> Router {
    Router::new()
        // Content-Length is known: refused before reading.
        .route(
            "/fixed/{n}",
            get(|Path(n): Path<usize>| async move { vec![b'x'; n] }),
        )
        // Chunked, no Content-Length: refused while streaming.
        .route(
            "/chunked/{n}",
            get(|Path(n): Path<usize>| async move {
                let chunks =
                    (0..n / 100).map(|_| Ok::<_, std::io::Error>(Bytes::from(vec![b'y'; 100])));
                Body::from_stream(futures_util::stream::iter(chunks))
            }),
        )
}

fn capped(server: &common::TestServer) -> rookery_net::HttpClient {
    common::client(NetConfig {
        allow_private_addresses: true,
        max_response_bytes: CAP,
        resolve: vec![("a.test".to_owned(), server.addr)],
        ..NetConfig::default()
    })
}

#[tokio::test]
async fn body_over_the_cap_is_too_large() {
    let server = common::serve(sized_bodies()).await;
    let client = capped(&server);
    for path in [
        "/fixed/1025",
        "/fixed/2000000",
        "/chunked/1100",
        "/chunked/100000",
    ] {
        let err = client
            .get(&format!("http://a.test{path}"), HeaderMap::new())
            .await
            .unwrap_err();
        assert!(
            matches!(err, NetError::TooLarge { limit: CAP }),
            "{path}: {err:?}"
        );
        assert!(!err.is_retryable());
    }
}

#[tokio::test]
async fn body_at_the_cap_is_accepted() {
    let server = common::serve(sized_bodies()).await;
    let client = capped(&server);
    let fixed = client
        .get("http://a.test/fixed/1024", HeaderMap::new())
        .await
        .unwrap();
    assert_eq!(fixed.body.len(), CAP);
    let chunked = client
        .get("http://a.test/chunked/1000", HeaderMap::new())
        .await
        .unwrap();
    assert_eq!(chunked.body.len(), 1000);
}

/// `/hop/{n}` redirects to `/hop/{n+1}` forever, except `/hop/{n}` with `n >= stop`.
fn hops(stop: usize) -> Router {
    Router::new().route(
        "/hop/{n}",
        get(move |Path(n): Path<usize>| async move {
            if n >= stop {
                (StatusCode::OK, format!("landed at {n}")).into_response()
            } else {
                let next = format!("/hop/{}", n + 1);
                (StatusCode::FOUND, [(LOCATION, next)]).into_response()
            }
        }),
    )
}

#[tokio::test]
async fn redirects_within_the_limit_are_followed() {
    let server = common::serve(hops(3)).await;
    let client = common::permissive(vec![("a.test", server.addr)]);
    let response = client
        .get("http://a.test/hop/0", HeaderMap::new())
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(&response.body[..], b"landed at 3");
    assert_eq!(response.final_url.as_str(), "http://a.test/hop/3");
    assert_eq!(
        server.seen.last_user_agent().as_deref(),
        Some(NetConfig::default().user_agent.as_str())
    );
}

#[tokio::test]
async fn more_redirects_than_the_max_fail() {
    let server = common::serve(hops(usize::MAX)).await;
    let client = common::permissive(vec![("a.test", server.addr)]);
    let err = client
        .get("http://a.test/hop/0", HeaderMap::new())
        .await
        .unwrap_err();
    assert!(matches!(err, NetError::TooManyRedirects), "{err:?}");
    // The original request plus the three hops allowed by default.
    assert_eq!(server.seen.requests(), 4);
}

#[tokio::test]
async fn zero_max_redirects_refuses_the_first_redirect() {
    let server = common::serve(hops(usize::MAX)).await;
    let client = common::client(NetConfig {
        allow_private_addresses: true,
        max_redirects: 0,
        resolve: vec![("a.test".to_owned(), server.addr)],
        ..NetConfig::default()
    });
    let err = client
        .get("http://a.test/hop/0", HeaderMap::new())
        .await
        .unwrap_err();
    assert!(matches!(err, NetError::TooManyRedirects), "{err:?}");
    assert_eq!(server.seen.requests(), 1);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    // Accepts connections and holds them open without ever reading or replying.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let timeout = Duration::from_millis(300);
    let client = common::client(NetConfig {
        allow_private_addresses: true,
        request_timeout: timeout,
        resolve: vec![("slow.test".to_owned(), addr)],
        ..NetConfig::default()
    });

    let started = Instant::now();
    let err = client
        .get("http://slow.test/", HeaderMap::new())
        .await
        .unwrap_err();
    let elapsed = started.elapsed();

    assert!(matches!(err, NetError::Timeout), "{err:?}");
    assert!(err.is_retryable());
    assert!(elapsed >= timeout, "gave up early: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
}

#[tokio::test]
async fn a_closed_port_is_a_retryable_connect_error() {
    // Bind then drop, so the port is (almost certainly) closed.
    let addr = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let client = common::permissive(vec![("gone.test", addr)]);
    let err = client
        .get("http://gone.test/", HeaderMap::new())
        .await
        .unwrap_err();
    assert!(matches!(err, NetError::Connect(_)), "{err:?}");
    assert!(err.is_retryable());
}
