//! The Versia inbox and entity endpoints refuse what they must (versia.md §3.5, §9.1,
//! §9.4, §4 E3/E4): bad and missing signatures (401), stale signatures (422), bodies
//! speaking for another instance's users (403); duplicates change nothing; hidden notes
//! are 404 for instances that may not see them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod versia_support;

use rookery_core::notification::NotificationKind;
use rookery_core::service::Draft;
use rookery_core::social::FollowState;
use rookery_core::{Page, Timestamp, Visibility};
use serde_json::{json, Value};
use versia_support::{get, now, post_inbox, reference, user, versia_cluster};

#[tokio::test]
async fn the_inbox_refuses_bad_deliveries_and_ignores_duplicates() {
    let cluster = versia_cluster(2).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let carol = user(a, "carol").await;
    let dan = user(b, "dan").await;
    let follow = json!({
        "type": "Follow",
        "created_at": now().to_rfc3339(),
        "author": reference(a, carol.id),
        "followee": reference(b, dan.id),
        "extensions": null,
    })
    .to_string();
    let body = follow.as_bytes();

    // Signed over other bytes than those sent.
    let tampered = follow.replace("Follow", "Unfollow");
    let r = post_inbox(a, b, tampered.as_bytes(), body, now()).await;
    assert_eq!(r.status, 401);
    let reason: Value = serde_json::from_slice(&r.body).unwrap();
    assert!(reason["error"].is_string(), "{reason}");

    // No signature at all.
    let unsigned = a
        .state()
        .http
        .post(
            &b.url("/.versia/v0.6/inbox"),
            http::HeaderMap::new(),
            bytes::Bytes::copy_from_slice(body),
        )
        .await
        .unwrap();
    assert_eq!(unsigned.status, 401);

    // Signed ten minutes ago: outside the 300 s window.
    let stale = Timestamp::from_secs(now().as_secs() - 600);
    let r = post_inbox(a, b, body, body, stale).await;
    assert_eq!(r.status, 422);

    // a.test speaking for a user of another instance.
    let forged = json!({
        "type": "Follow",
        "created_at": now().to_rfc3339(),
        "author": "c.test:123",
        "followee": reference(b, dan.id),
        "extensions": null,
    })
    .to_string();
    let r = post_inbox(a, b, forged.as_bytes(), forged.as_bytes(), now()).await;
    assert_eq!(r.status, 403, "{}", String::from_utf8_lossy(&r.body));

    // Not an entity at all.
    let junk = br#"{"type":"Follow","author":1}"#;
    let r = post_inbox(a, b, junk, junk, now()).await;
    assert_eq!(r.status, 422);

    // The real thing, twice: one follower, one notification.
    for _ in 0..2 {
        let r = post_inbox(a, b, body, body, now()).await;
        assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));
    }
    let store_b = &b.state().store;
    let carol_on_b = store_b
        .account_by_uri(&reference(a, carol.id))
        .await
        .unwrap()
        .expect("b fetched carol from a");
    let f = store_b.follow_between(carol_on_b.id, dan.id).await.unwrap();
    assert_eq!(f.unwrap().state, FollowState::Accepted);
    let notifications = b
        .state()
        .services
        .notifications(dan.id, &Page::default())
        .await
        .unwrap();
    let follows = notifications
        .iter()
        .filter(|n| n.kind == NotificationKind::Follow)
        .count();
    assert_eq!(follows, 1);

    cluster.shutdown().await;
}

#[tokio::test]
async fn entities_are_signed_and_hidden_notes_stay_hidden() {
    let cluster = versia_cluster(3).await;
    let (a, b, c) = (
        cluster.instance("a"),
        cluster.instance("b"),
        cluster.instance("c"),
    );
    let dan = user(b, "dan").await;
    let carol = user(a, "carol").await;
    let services_b = &b.state().services;

    // Instance discovery (E1, E2).
    let well_known = get(None, b, "/.well-known/versia").await;
    assert_eq!(well_known.status, 200);
    let versions: Value = serde_json::from_slice(&well_known.body).unwrap();
    assert_eq!(versions, json!({"versions": ["0.6.0"]}));
    let meta = get(None, b, "/.versia/v0.6/instance").await;
    assert_eq!(
        meta.headers["content-type"],
        "application/vnd.versia+json; charset=utf-8"
    );
    let meta: Value = serde_json::from_slice(&meta.body).unwrap();
    assert_eq!(meta["domain"], "b.test");
    assert!(meta["public_key"]["key"]
        .as_str()
        .unwrap()
        .starts_with("MCowBQYDK2VwAyEA"));

    // A User, signed, under the canonical and the lowercase type.
    let path = format!("/.versia/v0.6/entities/User/{}", dan.id.as_i64());
    let fetched = get(Some(a), b, &path).await;
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.headers["versia-signed-by"], "b.test");
    let entity: Value = serde_json::from_slice(&fetched.body).unwrap();
    assert_eq!(entity["username"], "dan");
    let lower = get(Some(a), b, &path.replace("/User/", "/user/")).await;
    assert_eq!(lower.status, 200);
    assert_eq!(
        get(Some(a), b, "/.versia/v0.6/entities/User/1")
            .await
            .status,
        404
    );

    // A direct note to carol@a: a may fetch it, c may not, nor may anyone unsigned.
    services_b
        .resolve_handle(&rookery_core::Handle::parse("carol@a.test").unwrap())
        .await
        .unwrap()
        .unwrap();
    let direct = services_b
        .post_note(
            dan.id,
            Draft {
                visibility: Visibility::Direct,
                ..Draft::public("@carol@a.test psst")
            },
        )
        .await
        .unwrap();
    assert_eq!(direct.mentioned.len(), 1);
    let note_path = format!("/.versia/v0.6/entities/Note/{}", direct.note.id.as_i64());
    let for_a = get(Some(a), b, &note_path).await;
    assert_eq!(for_a.status, 200);
    let note: Value = serde_json::from_slice(&for_a.body).unwrap();
    assert_eq!(note["group"], Value::Null);
    assert_eq!(note["mentions"], json!([reference(a, carol.id)]));
    assert_eq!(get(Some(c), b, &note_path).await.status, 404);
    assert_eq!(get(None, b, &note_path).await.status, 404);

    // Collections: signed, paged, 422 outside 1..=40.
    let outbox = format!(
        "/.versia/v0.6/entities/User/{}/collections/outbox?offset=0&limit=10",
        dan.id.as_i64()
    );
    let for_a = get(Some(a), b, &outbox).await;
    assert_eq!(for_a.status, 200);
    let page: Value = serde_json::from_slice(&for_a.body).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let for_c = get(Some(c), b, &outbox).await;
    let page: Value = serde_json::from_slice(&for_c.body).unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
    let bad = outbox.replace("limit=10", "limit=41");
    assert_eq!(get(Some(a), b, &bad).await.status, 422);
    let followers = format!(
        "/.versia/v0.6/entities/User/{}/collections/followers",
        dan.id.as_i64()
    );
    let followers = get(Some(a), b, &followers).await;
    assert_eq!(followers.status, 200);
    assert!(followers.headers.contains_key("versia-signature"));

    cluster.shutdown().await;
}
