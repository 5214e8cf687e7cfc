//! The inbox queue (issue 7, B1): many signed `Create(Note)`s POSTed at once to
//! b.test's shared inbox are each answered 202 once durably queued (appends share
//! commits); the processor then stores every note, a duplicate within the burst once,
//! and what was queued but not yet applied when the server restarts is applied after.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;

use std::sync::Arc;
use std::time::SystemTime;

use activitypub_support::{ap_cluster, client, install_key, post_signed};
use http::StatusCode;
use serde_json::json;
use tokio::task::JoinSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_note_is_stored_once_even_across_a_restart() {
    let mut cluster = ap_cluster(2, |_, _| {}).await;
    let b = cluster.instances.remove(1);
    let a = cluster.instance("a");
    let (carol, _) = a.create_user("carol").await.unwrap();
    let (key, key_id) = install_key(a, &carol).await;
    let key = Arc::new(key);
    let http = client(a);
    let inbox = b.url("/inbox");
    let carol_uri = a.url("/users/carol");
    let published = "2026-01-01T00:00:00Z";

    let activity = |n: usize| {
        let note = a.url(&format!("/bench-notes/{n}"));
        let body = serde_json::to_vec(&json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{note}/activity"),
            "type": "Create",
            "actor": carol_uri,
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "object": {
                "id": note, "type": "Note", "attributedTo": carol_uri,
                "content": format!("<p>note {n}</p>"), "published": published,
                "to": ["https://www.w3.org/ns/activitystreams#Public"],
            },
        }))
        .unwrap();
        (note, body)
    };
    // The first one makes b.test fetch carol's actor; the burst then hits the writer.
    let (first, body) = activity(0);
    let response = post_signed(&http, (&*key, &key_id), &inbox, &body, SystemTime::now()).await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    b.inbox_settled().await;
    assert!(b
        .state()
        .services
        .note_by_uri(&first)
        .await
        .unwrap()
        .is_some());

    let mut posts = JoinSet::new();
    // Activity 1 twice: a duplicate inside the burst.
    let burst: Vec<usize> = (1..=200).chain([1]).collect();
    for n in burst {
        let (_, body) = activity(n);
        let (http, key, key_id, inbox) = (http.clone(), key.clone(), key_id.clone(), inbox.clone());
        posts.spawn(async move {
            let response =
                post_signed(&http, (&*key, &key_id), &inbox, &body, SystemTime::now()).await;
            assert_eq!(response.status, StatusCode::ACCEPTED, "note {n}");
        });
    }
    while let Some(done) = posts.join_next().await {
        done.unwrap();
    }
    // Straight after the last 202, restart: whatever was acknowledged but not applied
    // yet is in the queue and must survive.
    let (pending, _) = b.state().store.inbox_backlog().await.unwrap();
    println!("{pending} of 201 acknowledged deliveries were still queued at the restart");
    let b = b.restart().await.unwrap();
    b.inbox_settled().await;
    let carol_there = b
        .state()
        .services
        .repo()
        .account_by_uri(&carol_uri)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        b.state()
            .services
            .repo()
            .count_notes_by(carol_there.id)
            .await
            .unwrap(),
        201,
        "the duplicate was stored twice, or a note is missing"
    );
    b.shutdown().await;
    cluster.shutdown().await;
}
