//! A Note's `replies` and `quotes` collections over Versia (versia.md §4 E4): a reply
//! from another instance is listed, signed, for instances that may see the note.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod versia_support;

use std::time::Duration;

use rookery_core::service::Draft;
use rookery_testkit::eventually_async;
use serde_json::Value;
use versia_support::{get, resolve, user, versia_cluster};

const WAIT: Duration = Duration::from_secs(20);

#[tokio::test]
async fn replies_collection_lists_remote_replies() {
    let cluster = versia_cluster(2).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let alice = user(a, "alice").await;
    let bob = user(b, "bob").await;
    let note = a
        .state()
        .services
        .post_note(alice.id, Draft::public("Threads, anyone?"))
        .await
        .unwrap();
    // bob meets alice, sees her note through the outbox backfill, and answers it.
    resolve(b, "alice@a.test").await;
    let uri = format!("a.test:{}", note.note.id);
    let on_b = eventually_async("alice's note reaches b", WAIT, || async {
        b.state().services.note_by_uri(&uri).await.unwrap()
    })
    .await;
    let reply = b
        .state()
        .services
        .post_note(
            bob.id,
            Draft {
                in_reply_to: Some(on_b.id),
                ..Draft::public("Always.")
            },
        )
        .await
        .unwrap();
    let reply_ref = format!("b.test:{}", reply.note.id);
    eventually_async("the reply reaches a", WAIT, || async {
        a.state().services.note_by_uri(&reply_ref).await.unwrap()
    })
    .await;

    let path = format!(
        "/.versia/v0.6/entities/Note/{}/collections/replies?offset=0&limit=10",
        note.note.id
    );
    let response = get(Some(b), a, &path).await;
    assert_eq!(response.status, 200);
    assert!(response.headers.contains_key("versia-signature"), "signed");
    let body: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(body["total"], 1);
    assert_eq!(body["items"][0], reply_ref.as_str());
    let quotes = get(Some(b), a, &path.replace("/replies", "/quotes")).await;
    let quotes: Value = serde_json::from_slice(&quotes.body).unwrap();
    assert_eq!(
        (
            quotes["total"].as_u64(),
            quotes["items"].as_array().map(Vec::len)
        ),
        (Some(0), Some(0))
    );
    let bad = get(Some(b), a, &path.replace("limit=10", "limit=41")).await;
    assert_eq!(bad.status, 422);
    cluster.shutdown().await;
}
