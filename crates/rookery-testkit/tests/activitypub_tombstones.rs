//! Deleted notes (activitypub.md §5.9, §5.0): the author's server answers 410 Gone with a
//! Tombstone at the note's URL, the follower's server drops its copy and refuses to store
//! that note again when a Create for it arrives later.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;

use std::time::SystemTime;

use activitypub_support::{
    ap_cluster, client, draft, follow, get_json, install_key, json, post_signed, WAIT,
};
use http::StatusCode;
use rookery_core::Visibility;
use rookery_testkit::eventually_async;
use serde_json::json;

#[tokio::test]
async fn a_deleted_note_is_gone_for_good() {
    let cluster = ap_cluster(2, |_, _| {}).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (alice, _) = a.create_user("alice").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    let (key, key_id) = install_key(a, &alice).await;
    follow(b, &bob, "@alice@a.test").await;
    let http = client(b);

    let posted = a
        .state()
        .services
        .post_note(alice.id, draft("soon gone", Visibility::Public))
        .await
        .unwrap();
    let uri = a.url(&format!("/notes/{}", posted.note.id));
    eventually_async("b.test stores the note", WAIT, || async {
        b.state().store.note_by_uri(&uri).await.unwrap()
    })
    .await;
    let served = get_json(&http, &uri, None).await;
    assert_eq!(served.status, StatusCode::OK);
    let note = json(&served);

    a.state()
        .services
        .delete_note(alice.id, posted.note.id)
        .await
        .unwrap();
    let gone = get_json(&http, &uri, None).await;
    assert_eq!(gone.status, StatusCode::GONE);
    let tombstone = json(&gone);
    assert_eq!(tombstone["type"], "Tombstone");
    assert_eq!(tombstone["id"], uri.as_str());
    assert_eq!(tombstone["formerType"], "Note");
    assert!(tombstone["deleted"].is_string(), "{tombstone}");
    let never = get_json(&http, &a.url("/notes/12345"), None).await;
    assert_eq!(
        never.status,
        StatusCode::NOT_FOUND,
        "never posted: 404, not 410"
    );

    eventually_async("b.test drops its copy", WAIT, || async {
        let store = &b.state().store;
        let copy = store.note_by_uri(&uri).await.unwrap();
        let tombstone = store.tombstone(&uri).await.unwrap();
        (copy.is_none() && tombstone.is_some()).then_some(())
    })
    .await;

    // The same note arrives again, in a fresh Create properly signed by its author: it is
    // acknowledged (nothing to retry) and not stored.
    let create = serde_json::to_vec(&json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{uri}#create-again"),
        "type": "Create",
        "actor": a.url("/users/alice"),
        "to": note["to"],
        "cc": note["cc"],
        "object": note,
    }))
    .unwrap();
    let response = post_signed(
        &http,
        (&key, &key_id),
        &b.url("/inbox"),
        &create,
        SystemTime::now(),
    )
    .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    assert!(b.state().store.note_by_uri(&uri).await.unwrap().is_none());
    cluster.shutdown().await;
}
