//! The inbox refuses what it must (activitypub.md §4.1, §4.4, §5.0): requests built by
//! the test, signed (or not) with a key of a user of a.test, POSTed over real HTTP to
//! b.test's inboxes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;

use std::time::{Duration, SystemTime};

use activitypub_support::{ap_cluster, client, counter, install_key, post_signed, AP_JSON};
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::json;

fn follow(id: &str, actor: &str, object: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": id,
        "type": "Follow",
        "actor": actor,
        "object": object,
    }))
    .unwrap()
}

#[tokio::test]
async fn the_inbox_refuses_forged_stale_misattributed_and_oversized_requests() {
    let cluster = ap_cluster(2, |_, _| {}).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (carol, _) = a.create_user("carol").await.unwrap();
    a.create_user("dave").await.unwrap();
    let (dan, _) = b.create_user("dan").await.unwrap();
    let (key, key_id) = install_key(a, &carol).await;
    let signer = (&key, key_id.as_str());
    let http = client(a);
    let inbox = b.url("/users/dan/inbox");
    let shared_inbox = b.url("/inbox");
    let carol_uri = a.url("/users/carol");
    let dan_uri = b.url("/users/dan");
    let now = SystemTime::now();

    // No signature at all: 401.
    let body = follow(&a.url("/follows/1"), &carol_uri, &dan_uri);
    let mut headers = HeaderMap::new();
    headers.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static(AP_JSON),
    );
    let unsigned = http
        .post(&inbox, headers, Bytes::from(body.clone()))
        .await
        .unwrap();
    assert_eq!(unsigned.status, StatusCode::UNAUTHORIZED);

    // A valid signature over a body, then one byte of the body changed: 401.
    let url = url::Url::parse(&inbox).unwrap();
    let headers = rookery_activitypub::signatures::cavage::sign_post(
        &key, &key_id, &url, AP_JSON, &body, now,
    )
    .unwrap();
    let mut tampered = body.clone();
    let at = tampered.iter().position(|b| *b == b'1').unwrap();
    tampered[at] = b'2';
    let response = http
        .post(&inbox, headers, Bytes::from(tampered))
        .await
        .unwrap();
    assert_eq!(response.status, StatusCode::UNAUTHORIZED, "tampered body");

    // A request signed two hours ago (a replay): 401.
    let two_hours_ago = now - Duration::from_secs(2 * 60 * 60);
    let response = post_signed(&http, signer, &inbox, &body, two_hours_ago).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED, "stale Date");

    // Signed by carol, but claiming to be dave's: 403.
    let dave = follow(&a.url("/follows/2"), &a.url("/users/dave"), &dan_uri);
    let response = post_signed(&http, signer, &inbox, &dave, now).await;
    assert_eq!(
        response.status,
        StatusCode::FORBIDDEN,
        "actor is not the signer"
    );

    // An activity id on another server than its actor's: 403.
    let elsewhere = follow("http://c.test/follows/3", &carol_uri, &dan_uri);
    let response = post_signed(&http, signer, &shared_inbox, &elsewhere, now).await;
    assert_eq!(response.status, StatusCode::FORBIDDEN, "id on another host");

    // Nothing of the above was acted on.
    let store = &b.state().store;
    assert_eq!(store.follow_counts(dan.id).await.unwrap().followers, 0);
    assert_eq!(counter(b, "inbox_requests.refused"), 5);

    // The same valid Follow twice: accepted both times, stored once.
    for attempt in 1..=2 {
        let response = post_signed(&http, signer, &inbox, &body, SystemTime::now()).await;
        assert_eq!(response.status, StatusCode::ACCEPTED, "attempt {attempt}");
    }
    b.inbox_settled().await;
    let remote_carol = store.account_by_uri(&carol_uri).await.unwrap().unwrap();
    assert!(store
        .follow_between(remote_carol.id, dan.id)
        .await
        .unwrap()
        .is_some());
    assert_eq!(store.follow_counts(dan.id).await.unwrap().followers, 1);

    // A body over 1 MiB, however well signed: 413.
    let big = serde_json::to_vec(&json!({
        "id": a.url("/follows/4"),
        "type": "Follow",
        "actor": carol_uri,
        "object": dan_uri,
        "padding": "x".repeat(1024 * 1024),
    }))
    .unwrap();
    let response = post_signed(&http, signer, &inbox, &big, SystemTime::now()).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);

    assert_eq!(
        counter(b, "inbox_requests.personal"),
        6,
        "the size cap answers first"
    );
    assert_eq!(counter(b, "inbox_requests.shared"), 1);
    cluster.shutdown().await;
}
