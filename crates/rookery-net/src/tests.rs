//! End-to-end checks of the redirect guard. They live inside the crate because they need
//! one server the guard treats as public, and every reachable test server is loopback:
//! the crate-private `Guard::exempt` lets exactly 127.0.0.1 through.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::Path;
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use http::HeaderMap;

use crate::guard::Guard;
use crate::{HttpClient, NetConfig, NetError};

/// Serves `/to/{target}`: a 302 to the percent-decoded target. Counts requests.
async fn start_bouncer(addr: &str) -> (SocketAddr, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = Router::new().route(
        "/to/{*target}",
        get(move |Path(target): Path<String>| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move { (StatusCode::FOUND, [(LOCATION, target)]).into_response() }
        }),
    );
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    let local = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (local, hits)
}

fn client_exempting(server: SocketAddr) -> HttpClient {
    let mut guard = Guard::new(false);
    guard.exempt.push(IpAddr::from([127, 0, 0, 1]));
    let config = NetConfig {
        resolve: vec![
            ("public.test".to_owned(), server),
            // 127.0.0.2 is loopback too, but not exempt: a name that resolves inward.
            (
                "inward.test".to_owned(),
                SocketAddr::from(([127, 0, 0, 2], server.port())),
            ),
        ],
        ..NetConfig::default()
    };
    HttpClient::with_guard(config, guard).unwrap()
}

#[tokio::test]
async fn redirect_to_a_forbidden_ip_literal_is_refused() {
    let (server, hits) = start_bouncer("127.0.0.1:0").await;
    let client = client_exempting(server);
    let cases = [
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.2]/",
    ];
    for (i, target) in cases.iter().enumerate() {
        let url = format!("http://public.test/to/{target}");
        let err = client.get(&url, HeaderMap::new()).await.unwrap_err();
        assert!(
            matches!(err, NetError::ForbiddenAddress(_)),
            "{target}: {err:?}"
        );
        // The first hop was served; the refused hop was never attempted.
        assert_eq!(hits.load(Ordering::SeqCst), i + 1);
    }
}

#[tokio::test]
async fn redirect_to_a_name_resolving_inward_is_refused() {
    let (server, _hits) = start_bouncer("127.0.0.1:0").await;
    // Listen on 127.0.0.2 too, so a guard failure would show up as a success.
    let inward = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 2], 0))).await;
    let client = client_exempting(server);
    let port = inward
        .as_ref()
        .map(|l| l.local_addr().unwrap().port())
        .unwrap_or(server.port());
    let url = format!("http://public.test/to/http://inward.test:{port}/");
    let err = client.get(&url, HeaderMap::new()).await.unwrap_err();
    assert!(matches!(err, NetError::ForbiddenAddress(_)), "{err:?}");
}

#[tokio::test]
async fn redirect_to_another_scheme_is_not_followed() {
    // tower-http's redirect layer hands a non-http(s) Location back as the response
    // itself; nothing is fetched, and the caller sees the 302.
    let (server, hits) = start_bouncer("127.0.0.1:0").await;
    let client = client_exempting(server);
    let response = client
        .get("http://public.test/to/file:///etc/passwd", HeaderMap::new())
        .await
        .unwrap();
    assert_eq!(response.status, StatusCode::FOUND);
    assert!(response.body.is_empty());
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn exempt_server_is_reachable_with_the_guard_on() {
    // Sanity check of the fixture: the guard is on, yet public.test works, so the
    // refusals above are the redirect guard's doing and not a broken setup.
    let (server, _hits) = start_bouncer("127.0.0.1:0").await;
    let client = client_exempting(server);
    let err = client
        .get("http://public.test/to/http://public.test/to/http://public.test/to/http://public.test/to/x", HeaderMap::new())
        .await
        .unwrap_err();
    assert!(matches!(err, NetError::TooManyRedirects), "{err:?}");
}
