//! A Note's `pub.versia:likes/Likes`, `pub.versia:likes/Dislikes` and
//! `pub.versia:share/Shares` collections over Versia (versia.md §4 E4, §10.6, §10.11):
//! bob on b.test likes and shares alice's note on a.test, dan on c.test dislikes it, and
//! a.test serves who did, signed and paged; a followers-only note's collections answer
//! 404 to instances that may not see the note.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod versia_support;

use rookery_core::service::Draft;
use rookery_core::social::FollowState;
use rookery_core::{Account, NoteId, Visibility};
use rookery_testkit::{eventually_async, TestInstance};
use rookery_versia::paths::collection_path;
use serde_json::{json, Value};
use versia_support::{get, now, post_inbox, reference, resolve, user, versia_cluster, WAIT};

const LIKES: &str = "pub.versia:likes/Likes";
const DISLIKES: &str = "pub.versia:likes/Dislikes";
const SHARES: &str = "pub.versia:share/Shares";

/// `follower` on `instance` follows `handle` and waits for the accept.
async fn follow(instance: &TestInstance, follower: &Account, handle: &str) {
    let followee = resolve(instance, handle).await;
    let store = &instance.state().store;
    instance
        .state()
        .services
        .follow(follower.id, followee.id)
        .await
        .unwrap();
    eventually_async(&format!("{handle} accepts"), WAIT, || async {
        let f = store
            .follow_between(follower.id, followee.id)
            .await
            .unwrap();
        f.filter(|f| f.state == FollowState::Accepted)
    })
    .await;
}

/// The note `id` of `author_instance` as `on` stores it, once delivered.
async fn arrived(author_instance: &TestInstance, on: &TestInstance, id: NoteId) -> NoteId {
    let uri = format!("{}:{}", author_instance.domain, id.as_i64());
    let store = &on.state().store;
    eventually_async(&format!("{uri} on {}", on.domain), WAIT, || {
        let uri = uri.clone();
        async move { store.note_by_uri(&uri).await.unwrap() }
    })
    .await
    .id
}

/// GETs the collection `name` of `owner`'s note `note` (with `query`), signed by `from`
/// when given; returns the status and the body as JSON (`Null` when not JSON).
async fn collection(
    from: Option<&TestInstance>,
    owner: &TestInstance,
    note: NoteId,
    name: &str,
    query: &str,
) -> (u16, Value) {
    let path = format!(
        "{}{query}",
        collection_path("Note", &note.to_string(), name)
    );
    let r = get(from, owner, &path).await;
    if r.status == 200 {
        // Every GET response is signed (versia.md §3.4).
        assert!(
            r.headers.contains_key("versia-signature"),
            "unsigned collection"
        );
    }
    let body = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
    (r.status.as_u16(), body)
}

/// Waits until the collection's `total` on `owner` is `total`; returns the body.
async fn total_becomes(
    from: &TestInstance,
    owner: &TestInstance,
    note: NoteId,
    name: &str,
    total: u64,
) -> Value {
    eventually_async(&format!("{name} total {total}"), WAIT, || async {
        let (status, body) = collection(Some(from), owner, note, name, "").await;
        (status == 200 && body["total"] == total).then_some(body)
    })
    .await
}

#[tokio::test]
async fn likes_dislikes_and_shares_of_a_note_are_served_paged() {
    let cluster = versia_cluster(3).await;
    let (a, b, c) = (
        cluster.instance("a"),
        cluster.instance("b"),
        cluster.instance("c"),
    );
    let sb = &b.state().services;
    let alice = user(a, "alice").await;
    let bob = user(b, "bob").await;
    let bea = user(b, "bea").await;
    let dan = user(c, "dan").await;
    follow(b, &bob, "alice@a.test").await;

    let posted = a
        .state()
        .services
        .post_note(alice.id, Draft::public("like, share or dislike me"))
        .await
        .unwrap();
    let note = posted.note.id;
    let on_b = arrived(a, b, note).await;

    // Nothing yet: empty, correct collections (no `type` or `id` members, §4 E4 [GAP]).
    let (status, empty) = collection(Some(b), a, note, LIKES, "").await;
    assert_eq!(status, 200);
    assert_eq!(
        empty,
        json!({"author": reference(a, alice.id), "total": 0, "items": []})
    );

    // bob likes, then bea likes; bob shares.
    sb.like(bob.id, on_b).await.unwrap();
    total_becomes(b, a, note, LIKES, 1).await;
    sb.like(bea.id, on_b).await.unwrap();
    sb.share(bob.id, on_b).await.unwrap();
    let likes = total_becomes(b, a, note, LIKES, 2).await;
    // References to the Users who liked, newest first.
    assert_eq!(
        likes["items"],
        json!([reference(b, bea.id), reference(b, bob.id)])
    );
    let shares = total_becomes(b, a, note, SHARES, 1).await;
    assert_eq!(shares["items"], json!([reference(b, bob.id)]));
    // The reference server's spelling of the extension names the same collection.
    let (_, legacy) = collection(Some(b), a, note, "pub.versia:shares/Shares", "").await;
    assert_eq!(legacy, shares);

    // Paged by offset and limit (§4 E4): total stays, items are the window.
    let (_, second) = collection(Some(b), a, note, LIKES, "?offset=1&limit=1").await;
    assert_eq!(second["total"], 2);
    assert_eq!(second["items"], json!([reference(b, bob.id)]));
    let (_, past) = collection(Some(b), a, note, LIKES, "?offset=2&limit=40").await;
    assert_eq!(past["total"], 2);
    assert_eq!(past["items"], json!([]));
    let (status, _) = collection(Some(b), a, note, LIKES, "?limit=41").await;
    assert_eq!(status, 422, "limit outside 1..40");
    // A public note's collections are public: an unsigned GET sees them too.
    let (status, unsigned) = collection(None, a, note, LIKES, "").await;
    assert_eq!(status, 200);
    assert_eq!(unsigned["total"], 2);

    // dan on c.test dislikes it (a Dislike is only ever received, §10.6).
    let dislike = json!({
        "id": "dislike-1",
        "type": "pub.versia:likes/Dislike",
        "created_at": now().to_rfc3339(),
        "author": reference(c, dan.id),
        "disliked": format!("a.test:{}", note.as_i64()),
        "extensions": null,
    })
    .to_string();
    let r = post_inbox(c, a, dislike.as_bytes(), dislike.as_bytes(), now()).await;
    assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));
    let dislikes = total_becomes(c, a, note, DISLIKES, 1).await;
    assert_eq!(dislikes["items"], json!([reference(c, dan.id)]));
    assert_eq!(dislikes["author"], reference(a, alice.id));

    // Taken back: an unshare and an unlike leave the collections.
    sb.unshare(bob.id, on_b).await.unwrap();
    sb.unlike(bea.id, on_b).await.unwrap();
    total_becomes(b, a, note, SHARES, 0).await;
    let likes = total_becomes(b, a, note, LIKES, 1).await;
    assert_eq!(likes["items"], json!([reference(b, bob.id)]));

    // An unknown note, or a collection name in the wrong case, is 404.
    let (status, _) = collection(Some(b), a, NoteId::from_i64(1), LIKES, "").await;
    assert_eq!(status, 404);
    let (status, _) = collection(Some(b), a, note, "pub.versia:likes/likes", "").await;
    assert_eq!(status, 404);
    cluster.shutdown().await;
}

#[tokio::test]
async fn a_followers_only_notes_collections_are_hidden_from_others() {
    let cluster = versia_cluster(3).await;
    let (a, b, c) = (
        cluster.instance("a"),
        cluster.instance("b"),
        cluster.instance("c"),
    );
    let alice = user(a, "alice").await;
    let bob = user(b, "bob").await;
    follow(b, &bob, "alice@a.test").await;
    let posted = a
        .state()
        .services
        .post_note(
            alice.id,
            Draft {
                visibility: Visibility::FollowersOnly,
                ..Draft::public("for my followers")
            },
        )
        .await
        .unwrap();
    let note = posted.note.id;
    let on_b = arrived(a, b, note).await;
    b.state().services.like(bob.id, on_b).await.unwrap();

    // b.test hosts a follower: it sees the note, so it sees who liked it.
    let likes = total_becomes(b, a, note, LIKES, 1).await;
    assert_eq!(likes["items"], json!([reference(b, bob.id)]));
    // Anyone else gets 404, as for the note itself (§4 E3), on every collection.
    for name in [LIKES, DISLIKES, SHARES] {
        let (status, body) = collection(None, a, note, name, "").await;
        assert_eq!(status, 404, "unsigned {name}: {body}");
        let (status, body) = collection(Some(c), a, note, name, "").await;
        assert_eq!(status, 404, "c.test {name}: {body}");
    }
    let (status, _) = collection(Some(b), a, note, SHARES, "").await;
    assert_eq!(status, 200);
    cluster.shutdown().await;
}
