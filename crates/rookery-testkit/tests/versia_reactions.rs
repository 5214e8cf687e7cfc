//! Emoji reactions between two instances (versia.md §10.9: a Reaction, undone by a
//! Delete naming it) and inbound dislikes (§10.6: a Dislike replaces a Like by the same
//! user and vice versa; a Delete of the Dislike removes it).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod versia_support;

use rookery_core::service::Draft;
use rookery_core::social::FollowState;
use rookery_core::NoteId;
use rookery_testkit::{eventually_async, TestInstance};
use serde_json::{json, Value};
use versia_support::{get, now, post_inbox, reference, resolve, user, versia_cluster, WAIT};

fn note_reference(instance: &TestInstance, id: NoteId) -> String {
    format!("{}:{}", instance.domain, id.as_i64())
}

#[tokio::test]
async fn a_reaction_and_its_undoing_reach_the_note_author() {
    let cluster = versia_cluster(2).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (services_a, services_b) = (&a.state().services, &b.state().services);
    let (store_a, store_b) = (&a.state().store, &b.state().store);
    let alice = user(a, "alice").await;
    let bob = user(b, "bob").await;

    // alice follows bob, so bob's public note reaches a.
    let bob_on_a = resolve(a, "bob@b.test").await;
    services_a.follow(alice.id, bob_on_a.id).await.unwrap();
    eventually_async("the follow accepted on a", WAIT, || async {
        let f = store_a.follow_between(alice.id, bob_on_a.id).await.unwrap();
        f.filter(|f| f.state == FollowState::Accepted)
    })
    .await;
    let posted = services_b
        .post_note(bob.id, Draft::public("react to this"))
        .await
        .unwrap();
    let uri = note_reference(b, posted.note.id);
    let on_a = eventually_async("bob's note on a", WAIT, || {
        let uri = uri.clone();
        async move { store_a.note_by_uri(&uri).await.unwrap() }
    })
    .await;

    // alice reacts with 🔥 (twice: idempotent): b stores one reaction by her.
    let reaction = services_a.react(alice.id, on_a.id, "🔥").await.unwrap();
    let again = services_a.react(alice.id, on_a.id, "🔥").await.unwrap();
    assert_eq!(reaction.id, again.id);
    let too_long = "x".repeat(257);
    assert!(services_a
        .react(alice.id, on_a.id, &too_long)
        .await
        .is_err());
    let stored = eventually_async("the reaction on b", WAIT, || async {
        let list = store_b.reactions_on(posted.note.id).await.unwrap();
        (!list.is_empty()).then_some(list)
    })
    .await;
    let [on_b] = stored.as_slice() else {
        panic!("one reaction expected: {stored:?}")
    };
    assert_eq!(on_b.content, "🔥");
    assert_eq!(
        on_b.uri.as_deref(),
        Some(&*format!("a.test:{}", reaction.id))
    );
    let alice_on_b = store_b.account(on_b.account).await.unwrap().unwrap();
    assert_eq!(alice_on_b.username, "alice");

    // b serves it in the note's Reactions collection (§10.9), signed.
    let path = rookery_versia::paths::collection_path(
        "Note",
        &posted.note.id.to_string(),
        "pub.versia:reactions/Reactions",
    );
    let r = get(Some(a), b, &path).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let collection: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(collection["total"], 1, "{collection}");
    let item = &collection["items"][0];
    assert_eq!(item["type"], "pub.versia:reactions/Reaction");
    assert_eq!(item["content"], "🔥");
    assert_eq!(item["id"], reaction.id.to_string());
    assert_eq!(item["author"], reference(a, alice.id));

    // Taken back: a Delete of the Reaction removes it on b.
    services_a.unreact(alice.id, on_a.id, "🔥").await.unwrap();
    assert!(store_a
        .reaction_between(alice.id, on_a.id, "🔥")
        .await
        .unwrap()
        .is_none());
    eventually_async("the reaction gone on b", WAIT, || async {
        let list = store_b.reactions_on(posted.note.id).await.unwrap();
        list.is_empty().then_some(())
    })
    .await;

    cluster.shutdown().await;
}

/// POSTs `entity` from `from` to `to` and expects 202.
async fn deliver(from: &TestInstance, to: &TestInstance, entity: Value) {
    let body = entity.to_string();
    let r = post_inbox(from, to, body.as_bytes(), body.as_bytes(), now()).await;
    assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));
}

#[tokio::test]
async fn a_dislike_replaces_a_like_and_is_undone_by_a_delete() {
    let cluster = versia_cluster(2).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let store_b = &b.state().store;
    let carol = user(a, "carol").await;
    let dan = user(b, "dan").await;
    let posted = b
        .state()
        .services
        .post_note(dan.id, Draft::public("like or dislike"))
        .await
        .unwrap();
    let note = posted.note.id;
    let carol_ref = reference(a, carol.id);
    let like = |id: &str| {
        json!({
            "id": id,
            "type": "pub.versia:likes/Like",
            "created_at": now().to_rfc3339(),
            "author": carol_ref,
            "liked": note_reference(b, note),
            "extensions": null,
        })
    };
    let dislike = |id: &str| {
        json!({
            "id": id,
            "type": "pub.versia:likes/Dislike",
            "created_at": now().to_rfc3339(),
            "author": carol_ref,
            "disliked": note_reference(b, note),
            "extensions": null,
        })
    };

    // A Like, then a Dislike from the same user: the like is gone, the dislike stored.
    deliver(a, b, like("like-1")).await;
    let carol_on_b = store_b.account_by_uri(&carol_ref).await.unwrap().unwrap();
    assert!(store_b
        .like_between(carol_on_b.id, note)
        .await
        .unwrap()
        .is_some());
    deliver(a, b, dislike("dislike-1")).await;
    assert!(store_b
        .like_between(carol_on_b.id, note)
        .await
        .unwrap()
        .is_none());
    let stored = store_b.dislike_by_uri("a.test:dislike-1").await.unwrap();
    assert_eq!(stored.unwrap().account, carol_on_b.id);
    assert_eq!(store_b.count_likes(note).await.unwrap(), 0);

    // And the other way round: a new Like replaces the Dislike.
    deliver(a, b, like("like-2")).await;
    assert!(store_b
        .like_between(carol_on_b.id, note)
        .await
        .unwrap()
        .is_some());
    assert!(store_b
        .dislike_by_uri("a.test:dislike-1")
        .await
        .unwrap()
        .is_none());

    // A Dislike again (twice: a duplicate changes nothing), then its Delete.
    deliver(a, b, dislike("dislike-2")).await;
    deliver(a, b, dislike("dislike-2")).await;
    assert!(store_b
        .dislike_by_uri("a.test:dislike-2")
        .await
        .unwrap()
        .is_some());
    deliver(
        a,
        b,
        json!({
            "type": "Delete",
            "created_at": now().to_rfc3339(),
            "author": carol_ref,
            "deleted_type": "pub.versia:likes/Dislike",
            "deleted": "a.test:dislike-2",
            "extensions": null,
        }),
    )
    .await;
    assert!(store_b
        .dislike_by_uri("a.test:dislike-2")
        .await
        .unwrap()
        .is_none());
    assert!(store_b
        .like_between(carol_on_b.id, note)
        .await
        .unwrap()
        .is_none());

    cluster.shutdown().await;
}
