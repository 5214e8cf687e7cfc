//! POST and the general `execute` form: method, headers and body arrive intact.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Bytes;
use axum::http::{HeaderMap as AxumHeaders, Method as AxumMethod};
use axum::routing::any;
use axum::Router;
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use rookery_net::OutboundRequest;

/// Echoes `METHOD content-type body`, answering 202 to make the status visible.
fn echo() -> Router {
    Router::new().route(
        "/inbox",
        any(
            |method: AxumMethod, headers: AxumHeaders, body: Bytes| async move {
                let kind = headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-")
                    .to_owned();
                let text = format!("{method} {kind} {}", String::from_utf8_lossy(&body));
                (axum::http::StatusCode::ACCEPTED, [("x-echo", "yes")], text)
            },
        ),
    )
}

#[tokio::test]
async fn post_sends_headers_and_body() {
    let server = common::serve(echo()).await;
    let client = common::permissive(vec![("a.test", server.addr)]);
    let mut headers = HeaderMap::new();
    headers.insert(
        "content-type",
        HeaderValue::from_static("application/activity+json"),
    );

    let response = client
        .post(
            "http://a.test/inbox",
            headers,
            Bytes::from_static(b"{\"type\":\"Follow\"}"),
        )
        .await
        .unwrap();

    assert_eq!(response.status, StatusCode::ACCEPTED);
    assert_eq!(response.headers.get("x-echo").unwrap(), "yes");
    assert_eq!(
        &response.body[..],
        b"POST application/activity+json {\"type\":\"Follow\"}"
    );
}

#[tokio::test]
async fn execute_sends_any_method() {
    let server = common::serve(echo()).await;
    let client = common::permissive(vec![("a.test", server.addr)]);
    let request = OutboundRequest::new(Method::PUT, "http://a.test/inbox")
        .with_body(Bytes::from_static(b"payload"));
    let response = client.execute(request).await.unwrap();
    assert_eq!(&response.body[..], b"PUT - payload");

    let response = client
        .execute(OutboundRequest::new(Method::DELETE, "http://a.test/inbox"))
        .await
        .unwrap();
    assert_eq!(&response.body[..], b"DELETE - ");
}

#[tokio::test]
async fn clones_share_the_client() {
    let server = common::serve(echo()).await;
    let client = common::permissive(vec![("a.test", server.addr)]);
    let clone = client.clone();
    let (a, b) = tokio::join!(
        client.get("http://a.test/inbox", HeaderMap::new()),
        clone.get("http://a.test/inbox", HeaderMap::new())
    );
    assert_eq!(a.unwrap().status, StatusCode::ACCEPTED);
    assert_eq!(b.unwrap().status, StatusCode::ACCEPTED);
}
