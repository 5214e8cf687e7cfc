//! Edits and follower removal between two Versia instances: an edited Note is the same
//! entity sent again (versia.md §8.2, §9.2, §9.3), and a FollowReject for an accepted
//! follow removes it ("remove follower", §9.3, §9.5a step 7). The ActivityPub adapter
//! renders the same edit as an `Update`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod versia_support;

use rookery_core::ports::Event;
use rookery_core::service::Draft;
use rookery_core::social::FollowState;
use rookery_core::{Account, Protocol};
use rookery_testkit::{eventually_async, TestCluster, TestInstance};
use serde_json::Value;
use versia_support::{reference, resolve, user, versia_cluster, WAIT};

/// `follower` (on a) follows `followee` (on b) and waits until a sees it accepted;
/// returns the followee as known on a and the follower as known on b.
async fn follow(
    a: &TestInstance,
    b: &TestInstance,
    follower: &Account,
    followee: &str,
) -> (Account, Account) {
    let store_a = &a.state().store;
    let followee_on_a = resolve(a, followee).await;
    a.state()
        .services
        .follow(follower.id, followee_on_a.id)
        .await
        .unwrap();
    eventually_async("the follow accepted on a", WAIT, || async {
        let f = store_a
            .follow_between(follower.id, followee_on_a.id)
            .await
            .unwrap();
        f.filter(|f| f.state == FollowState::Accepted)
    })
    .await;
    let follower_on_b = b
        .state()
        .store
        .account_by_uri(&reference(a, follower.id))
        .await
        .unwrap()
        .unwrap();
    (followee_on_a, follower_on_b)
}

#[tokio::test]
async fn an_edited_note_changes_on_the_follower_instance() {
    let cluster = versia_cluster(2).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (store_a, store_b) = (&a.state().store, &b.state().store);
    let services_b = &b.state().services;
    let alice = user(a, "alice").await;
    let bob = user(b, "bob").await;
    follow(a, b, &alice, "bob@b.test").await;

    let posted = services_b
        .post_note(bob.id, Draft::public("first version"))
        .await
        .unwrap();
    let uri = format!("b.test:{}", posted.note.id.as_i64());
    let before = eventually_async("bob's note on a", WAIT, || {
        let uri = uri.clone();
        async move { store_a.note_by_uri(&uri).await.unwrap() }
    })
    .await;
    assert!(before.content_html.contains("first version"));

    // Someone else may not edit it.
    assert!(services_b
        .edit_note(alice.id, posted.note.id, "hijacked", "", false)
        .await
        .is_err());
    let edited = services_b
        .edit_note(bob.id, posted.note.id, "second version", "spoilers", true)
        .await
        .unwrap();
    assert_eq!(edited.note.id, posted.note.id);
    assert!(edited.note.edited_at.is_some());
    let on_b = store_b.note(posted.note.id).await.unwrap().unwrap();
    assert!(on_b.content_html.contains("second version"), "{on_b:?}");
    assert_eq!(on_b.edited_at, edited.note.edited_at);

    let after = eventually_async("the edit on a", WAIT, || {
        let uri = uri.clone();
        async move {
            let note = store_a.note_by_uri(&uri).await.unwrap()?;
            note.content_html.contains("second version").then_some(note)
        }
    })
    .await;
    assert_eq!(after.id, before.id, "an edit keeps the note");
    assert_eq!(after.content_warning, "spoilers");
    assert!(after.sensitive);
    assert!(after.edited_at.is_some());
    assert!(!after.content_html.contains("first version"));

    cluster.shutdown().await;
}

#[tokio::test]
async fn removing_a_follower_ends_the_follow_on_its_instance() {
    let cluster = versia_cluster(2).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let store_a = &a.state().store;
    let carol = user(a, "carol").await;
    let dan = user(b, "dan").await;
    let (dan_on_a, carol_on_b) = follow(a, b, &carol, "dan@b.test").await;

    // dan removes carol as a follower: b sends a FollowReject (§9.3).
    b.state()
        .services
        .reject_follower(dan.id, carol_on_b.id)
        .await
        .unwrap();
    let on_b = b
        .state()
        .store
        .follow_between(carol_on_b.id, dan.id)
        .await
        .unwrap();
    assert!(on_b.is_none());
    eventually_async("the follow gone on a", WAIT, || async {
        let f = store_a.follow_between(carol.id, dan_on_a.id).await.unwrap();
        f.is_none().then_some(())
    })
    .await;

    cluster.shutdown().await;
}

/// The same edit, rendered by the ActivityPub adapter of an instance speaking both.
#[tokio::test]
async fn the_activitypub_adapter_renders_an_edit_as_update() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    let erin = user(a, "erin").await;
    let services = &a.state().services;
    let posted = services
        .post_note(erin.id, Draft::public("before"))
        .await
        .unwrap();
    let edited = services
        .edit_note(erin.id, posted.note.id, "after", "", false)
        .await
        .unwrap();
    let ap = a
        .state()
        .adapters
        .iter()
        .find(|adapter| adapter.protocol() == Protocol::ActivityPub)
        .expect("ActivityPub is spoken by default");
    let rendered = ap.render(&Event::NoteUpdated(&edited)).unwrap().unwrap();
    let activity: Value = serde_json::from_slice(&rendered.body).unwrap();
    assert_eq!(activity["type"], "Update", "{activity}");
    assert_eq!(activity["object"]["type"], "Note");
    assert!(activity["object"]["content"]
        .as_str()
        .unwrap()
        .contains("after"));
    assert!(activity["object"]["updated"].is_string(), "{activity}");

    cluster.shutdown().await;
}
