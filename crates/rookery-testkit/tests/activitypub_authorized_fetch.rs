//! Authorized fetch (activitypub.md §4.3): with `federation.authorized_fetch` on (b.test),
//! actors, notes and collections are served only to signed GETs, the instance actor to
//! anyone; federation between the two instances still works because every fetch is
//! signed. With it off (a.test, the default), everything public is served unsigned.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;

use activitypub_support::{
    ap_cluster, client, draft, follow, get_json, install_key, json, AP_JSON, WAIT,
};
use http::{HeaderMap, HeaderValue, StatusCode};
use rookery_core::{Page, Visibility};
use rookery_testkit::eventually_async;

#[tokio::test]
async fn signed_fetches_only_when_asked_and_federation_still_works() {
    let cluster = ap_cluster(2, |domain, config| {
        config.federation.authorized_fetch = domain == "b.test";
    })
    .await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (alice, _) = a.create_user("alice").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    let (key, key_id) = install_key(a, &alice).await;
    let http = client(a);

    // Federation works both ways: alice finds and follows bob (signed fetches of b.test's
    // documents), and bob's note reaches her.
    follow(a, &alice, "@bob@b.test").await;
    let posted = b
        .state()
        .services
        .post_note(bob.id, draft("only for signed eyes", Visibility::Public))
        .await
        .unwrap();
    eventually_async("bob's note reaches alice", WAIT, || async {
        let home = a
            .state()
            .services
            .home_timeline(alice.id, &Page::default())
            .await
            .unwrap();
        home.iter()
            .any(|n| n.source.contains("only for signed eyes"))
            .then_some(())
    })
    .await;

    // On b.test, unsigned fetches of its documents are refused as Mastodon does...
    let note = b.url(&format!("/notes/{}", posted.note.id));
    for url in [
        b.url("/users/bob"),
        note.clone(),
        b.url("/users/bob/followers"),
        b.url("/users/bob/outbox"),
    ] {
        let response = get_json(&http, &url, None).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{url}");
        assert_eq!(
            json(&response),
            serde_json::json!({"error": "Request not signed"})
        );
    }
    // ...but the instance actor is served to anyone, and browsers still get the page.
    let instance_actor = get_json(&http, &b.url("/actor"), None).await;
    assert_eq!(instance_actor.status, StatusCode::OK);
    let mut html = HeaderMap::new();
    html.insert(http::header::ACCEPT, HeaderValue::from_static("text/html"));
    let page = http.get(&b.url("/users/bob"), html).await.unwrap();
    assert_eq!(page.status, StatusCode::OK);

    // Signed by a user of a.test, the same fetches succeed.
    for url in [
        b.url("/users/bob"),
        note.clone(),
        b.url("/users/bob/followers"),
    ] {
        let response = get_json(&http, &url, Some((&key, &key_id))).await;
        assert_eq!(response.status, StatusCode::OK, "{url}");
    }
    // A signature made for another URL does not open this one.
    let parsed = url::Url::parse(&b.url("/users/bob")).unwrap();
    let headers = rookery_activitypub::signatures::cavage::sign_get(
        &key,
        &key_id,
        &parsed,
        AP_JSON,
        std::time::SystemTime::now(),
    )
    .unwrap();
    let replayed = http
        .get(&b.url("/users/bob/followers"), headers)
        .await
        .unwrap();
    assert_eq!(replayed.status, StatusCode::UNAUTHORIZED);

    // a.test (authorized fetch off) serves its documents unsigned.
    let own = a
        .state()
        .services
        .post_note(alice.id, draft("open to all", Visibility::Public))
        .await
        .unwrap();
    for url in [
        a.url("/users/alice"),
        a.url(&format!("/notes/{}", own.note.id)),
        a.url("/users/alice/followers"),
    ] {
        let response = get_json(&http, &url, None).await;
        assert_eq!(response.status, StatusCode::OK, "{url}");
    }
    cluster.shutdown().await;
}
