//! Fixed host resolution: names mapped by `resolve` reach the test servers on their
//! random ports, with the right Host header and our User-Agent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::routing::get;
use axum::Router;
use http::HeaderMap;
use rookery_net::NetConfig;

fn hello(name: &'static str) -> Router {
    Router::new().route("/x", get(move || async move { name }))
}

#[tokio::test]
async fn mapped_name_reaches_the_server_on_its_port() {
    let server = common::serve(hello("a")).await;
    let ua = NetConfig::user_agent_for("me.test", "https");
    let client = common::client(NetConfig {
        user_agent: ua.clone(),
        allow_private_addresses: true,
        resolve: vec![("a.test".to_owned(), server.addr)],
        ..NetConfig::default()
    });

    // No port in the URL: the override's port must be used, not 80.
    let response = client
        .get("http://a.test/x", HeaderMap::new())
        .await
        .unwrap();

    assert_eq!(response.status, 200);
    assert_eq!(&response.body[..], b"a");
    assert_eq!(response.final_url.as_str(), "http://a.test/x");
    assert_eq!(server.seen.last_host().as_deref(), Some("a.test"));
    assert_eq!(server.seen.last_user_agent(), Some(ua));
}

#[tokio::test]
async fn explicit_port_in_the_url_wins() {
    let server = common::serve(hello("a")).await;
    let stale = std::net::SocketAddr::from(([127, 0, 0, 1], 9));
    let client = common::permissive(vec![("a.test", stale)]);
    let url = format!("http://a.test:{}/x", server.addr.port());
    let response = client.get(&url, HeaderMap::new()).await.unwrap();
    assert_eq!(&response.body[..], b"a");
    let expected_host = format!("a.test:{}", server.addr.port());
    assert_eq!(server.seen.last_host(), Some(expected_host));
}

#[tokio::test]
async fn wildcard_matches_subdomains_but_not_the_parent() {
    let fleet = common::serve(hello("fleet")).await;
    let parent = common::serve(hello("parent")).await;
    // The bare parent is pinned to another server so that, were the wildcard to match
    // it, the body would tell; and so no test name ever reaches real DNS.
    let client = common::permissive(vec![
        ("*.fleet.test", fleet.addr),
        ("fleet.test", parent.addr),
    ]);

    for host in ["x.fleet.test", "deep.y.fleet.test"] {
        let response = client
            .get(&format!("http://{host}/x"), HeaderMap::new())
            .await
            .unwrap();
        assert_eq!(&response.body[..], b"fleet", "{host}");
        assert_eq!(fleet.seen.last_host().as_deref(), Some(host));
    }
    let response = client
        .get("http://fleet.test/x", HeaderMap::new())
        .await
        .unwrap();
    assert_eq!(&response.body[..], b"parent");
}

#[tokio::test]
async fn configured_user_agent_replaces_the_callers() {
    let server = common::serve(hello("a")).await;
    let client = common::permissive(vec![("a.test", server.addr)]);
    let mut headers = HeaderMap::new();
    headers.insert(http::header::USER_AGENT, "impostor".parse().unwrap());
    client.get("http://a.test/x", headers).await.unwrap();
    let ua = server.seen.last_user_agent().unwrap();
    assert!(ua.starts_with("rookery/"), "{ua}");
}

#[test]
fn user_agent_names_version_and_instance() {
    assert_eq!(
        NetConfig::user_agent_for("social.example", "https"),
        format!(
            "rookery/{} (+https://social.example)",
            rookery_core::VERSION
        )
    );
}
