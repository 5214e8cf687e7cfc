//! The last client API gaps over real HTTP: `favourited_by`/`reblogged_by` (paging,
//! visibility), `Idempotency-Key` on posting, the follow options (`reblogs`, `notify`,
//! `languages`) and the scope each write endpoint needs. Errors too: 404 for unknown or
//! invisible statuses, 403 for a wrong scope, 422 for a bad option.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use http::Method;
use rookery_core::ports::{Idempotency, KeyClaim};
use rookery_core::{NoteId, Timestamp};
use rookery_testkit::Backend;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

mod api_support;
use api_support::{cluster, ids, token_with, Api, Body, Reply};

impl Api<'_> {
    /// Posts `text` with an `Idempotency-Key`, returning the reply.
    async fn keyed(&self, token: &str, key: &str, text: &str) -> Reply {
        self.send(
            Method::POST,
            "/api/v1/statuses",
            Some(token),
            Body::Json(json!({"status": text})),
            &[("idempotency-key", key)],
        )
        .await
    }
}

/// The `max_id` of a `Link` header's `next` URL.
fn next_max_id(link: &str) -> String {
    let next = link
        .split(',')
        .find(|part| part.contains("rel=\"next\""))
        .unwrap_or_else(|| panic!("no next link in {link}"));
    let start = next.find("max_id=").unwrap() + "max_id=".len();
    next[start..].split(['>', '&']).next().unwrap().to_owned()
}

async fn favourited_and_reblogged_by(backend: Backend) {
    let Some(cluster) = cluster(1, backend, None).await else {
        return;
    };
    let a = cluster.instance("a");
    let api = Api { instance: a };
    let (alice, alice_token) = a.create_user("alice").await.unwrap();
    let (bob, bob_token) = a.create_user("bob").await.unwrap();
    let (carol, carol_token) = a.create_user("carol").await.unwrap();
    let note = api.status(&alice_token, "like me", "public").await;
    for token in [&bob_token, &carol_token] {
        let liked = api
            .post(
                &format!("/api/v1/statuses/{note}/favourite"),
                token,
                json!({}),
            )
            .await;
        assert_eq!(liked.status, 200, "{}", liked.body);
    }
    let shared = api
        .post(
            &format!("/api/v1/statuses/{note}/reblog"),
            &carol_token,
            json!({}),
        )
        .await;
    assert_eq!(shared.status, 200, "{}", shared.body);

    // Public: no token needed; newest favourite first.
    let all = api
        .get(&format!("/api/v1/statuses/{note}/favourited_by"), None)
        .await;
    assert_eq!(all.status, 200, "{}", all.body);
    assert_eq!(
        ids(&all.body),
        vec![carol.id.to_string(), bob.id.to_string()]
    );
    // Paged by the favourite's id: the `next` link leads to the older one.
    let first = api
        .get(
            &format!("/api/v1/statuses/{note}/favourited_by?limit=1"),
            Some(&alice_token),
        )
        .await;
    assert_eq!(ids(&first.body), vec![carol.id.to_string()]);
    let link = first.link.expect("a Link header");
    assert!(link.contains(&format!("/api/v1/statuses/{note}/favourited_by?max_id=")));
    let max_id = next_max_id(&link);
    assert_ne!(
        max_id,
        carol.id.to_string(),
        "paged by the favourite, not the account"
    );
    let second = api
        .get(
            &format!("/api/v1/statuses/{note}/favourited_by?limit=1&max_id={max_id}"),
            None,
        )
        .await;
    assert_eq!(ids(&second.body), vec![bob.id.to_string()]);

    let reblogs = api
        .get(&format!("/api/v1/statuses/{note}/reblogged_by"), None)
        .await;
    assert_eq!(reblogs.status, 200, "{}", reblogs.body);
    assert_eq!(ids(&reblogs.body), vec![carol.id.to_string()]);
    assert!(reblogs.link.is_some());

    // A followers-only status: its author sees it, nobody else does (404, not 403).
    let private = api.status(&alice_token, "followers only", "private").await;
    for path in ["favourited_by", "reblogged_by"] {
        let path = format!("/api/v1/statuses/{private}/{path}");
        assert_eq!(api.get(&path, Some(&alice_token)).await.status, 200);
        assert_eq!(api.get(&path, Some(&bob_token)).await.status, 404);
        assert_eq!(api.get(&path, None).await.status, 404);
    }
    // Unknown and malformed ids.
    assert_eq!(
        api.get("/api/v1/statuses/999999999/favourited_by", None)
            .await
            .status,
        404
    );
    assert_eq!(
        api.get("/api/v1/statuses/nope/reblogged_by", None)
            .await
            .status,
        404
    );
    // A token without a read scope is refused.
    let write_only = token_with(a, &alice, "write:statuses").await;
    let refused = api
        .get(
            &format!("/api/v1/statuses/{note}/favourited_by"),
            Some(&write_only),
        )
        .await;
    assert_eq!(refused.status, 403);
    assert!(refused.body["error"].is_string());
}

async fn idempotency_key(backend: Backend) {
    let Some(cluster) = cluster(1, backend, None).await else {
        return;
    };
    let a = cluster.instance("a");
    let api = Api { instance: a };
    let (alice, alice_token) = a.create_user("alice").await.unwrap();
    let (_bob, bob_token) = a.create_user("bob").await.unwrap();
    let count = |token: String| {
        let api = &api;
        let path = format!("/api/v1/accounts/{}/statuses", alice.id);
        async move { ids(&api.get(&path, Some(&token)).await.body).len() }
    };

    let first = api.keyed(&alice_token, "retry-1", "posted once").await;
    assert_eq!(first.status, 200, "{}", first.body);
    let again = api.keyed(&alice_token, "retry-1", "posted once").await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["id"], first.body["id"], "the first status again");
    assert_eq!(
        count(alice_token.clone()).await,
        1,
        "nothing new was posted"
    );

    // Another key, or the same key from another account, posts anew.
    let other = api.keyed(&alice_token, "retry-2", "posted twice").await;
    assert_ne!(other.body["id"], first.body["id"]);
    assert_eq!(count(alice_token.clone()).await, 2);
    let bobs = api.keyed(&bob_token, "retry-1", "bob's own").await;
    assert_eq!(bobs.status, 200);
    assert_ne!(bobs.body["id"], first.body["id"]);

    // A token without write:statuses gets 403 even for a known key, and posts nothing.
    let read_only = token_with(a, &alice, "read").await;
    assert_eq!(api.keyed(&read_only, "retry-1", "x").await.status, 403);
    assert_eq!(api.keyed(&read_only, "retry-9", "x").await.status, 403);
    assert_eq!(count(alice_token.clone()).await, 2);

    // A deleted status frees its key.
    let gone = first.body["id"].as_str().unwrap();
    let deleted = api
        .send(
            Method::DELETE,
            &format!("/api/v1/statuses/{gone}"),
            Some(&alice_token),
            Body::None,
            &[],
        )
        .await;
    assert_eq!(deleted.status, 200);
    let fresh = api.keyed(&alice_token, "retry-1", "posted again").await;
    assert_eq!(fresh.status, 200);
    assert_ne!(fresh.body["id"], first.body["id"]);

    // A key recorded more than an hour ago no longer counts (the record is in the
    // database, stored as the key's SHA-256).
    let old_note: NoteId = other.body["id"].as_str().unwrap().parse().unwrap();
    let hashed: String = Sha256::digest(b"old-key")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let now = rookery_server::instance::now();
    let two_hours_ago = Timestamp::from_millis(now.as_millis() - 2 * 3600 * 1000);
    let store: &dyn Idempotency = &a.state().store;
    let claimed = store
        .claim_key(
            alice.id,
            &hashed,
            two_hours_ago,
            two_hours_ago,
            two_hours_ago,
        )
        .await
        .unwrap();
    assert_eq!(claimed, KeyClaim::Claimed);
    store
        .complete_key(alice.id, &hashed, old_note)
        .await
        .unwrap();
    let expired = api.keyed(&alice_token, "old-key", "after an hour").await;
    assert_eq!(expired.status, 200);
    assert_ne!(expired.body["id"], other.body["id"]);
    let within = api.keyed(&alice_token, "old-key", "after an hour").await;
    assert_eq!(
        within.body["id"], expired.body["id"],
        "the new record holds"
    );

    // Two retries racing each other post one status between them.
    let before = count(alice_token.clone()).await;
    let (one, two) = tokio::join!(
        api.keyed(&alice_token, "raced", "raced"),
        api.keyed(&alice_token, "raced", "raced")
    );
    let created: Vec<&Reply> = [&one, &two]
        .into_iter()
        .filter(|r| r.status == 200)
        .collect();
    assert!(!created.is_empty());
    for reply in [&one, &two] {
        assert!(matches!(reply.status, 200 | 503), "{}", reply.body);
    }
    if created.len() == 2 {
        assert_eq!(created[0].body["id"], created[1].body["id"]);
    }
    assert_eq!(count(alice_token.clone()).await, before + 1);
    // A refused post leaves its key free for a corrected retry.
    let refused = api
        .send(
            Method::POST,
            "/api/v1/statuses",
            Some(&alice_token),
            Body::Json(json!({"status": "x", "visibility": "nonsense"})),
            &[("idempotency-key", "fix-me")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert_eq!(api.keyed(&alice_token, "fix-me", "fixed").await.status, 200);
}

async fn follow_options(backend: Backend) {
    let Some(cluster) = cluster(1, backend, None).await else {
        return;
    };
    let a = cluster.instance("a");
    let api = Api { instance: a };
    let (alice, alice_token) = a.create_user("alice").await.unwrap();
    let (bob, _) = a.create_user("bob").await.unwrap();
    let (carol, _) = a.create_user("carol").await.unwrap();

    let follow = format!("/api/v1/accounts/{}/follow", bob.id);
    let first = api
        .post(
            &follow,
            &alice_token,
            json!({"reblogs": false, "notify": true, "languages": ["en", "de"]}),
        )
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.body["following"], true);
    assert_eq!(first.body["showing_reblogs"], false);
    assert_eq!(first.body["notifying"], true);
    assert_eq!(first.body["languages"], json!(["en", "de"]));

    // A second call changes only what it names (a form, as Mastodon.py sends).
    let second = api
        .send(
            Method::POST,
            &follow,
            Some(&alice_token),
            Body::Form("notify=false"),
            &[],
        )
        .await;
    assert_eq!(second.status, 200, "{}", second.body);
    assert_eq!(second.body["notifying"], false);
    assert_eq!(second.body["showing_reblogs"], false);
    assert_eq!(second.body["languages"], json!(["en", "de"]));
    let third = api
        .send(
            Method::POST,
            &follow,
            Some(&alice_token),
            Body::Form("reblogs=1&languages[]=fr"),
            &[],
        )
        .await;
    assert_eq!(third.body["showing_reblogs"], true);
    assert_eq!(third.body["languages"], json!(["fr"]));
    // The choices are stored on the follow: relationships reads them back.
    let rel = api
        .get(
            &format!("/api/v1/accounts/relationships?id[]={}", bob.id),
            Some(&alice_token),
        )
        .await;
    assert_eq!(rel.body[0]["showing_reblogs"], true);
    assert_eq!(rel.body[0]["notifying"], false);
    assert_eq!(rel.body[0]["languages"], json!(["fr"]));
    let follow_row = a
        .state()
        .store
        .follow_between(alice.id, bob.id)
        .await
        .unwrap()
        .unwrap();
    assert!(follow_row.show_reblogs && !follow_row.notify);

    // A plain follow: Mastodon's defaults, no languages filter.
    let plain = api
        .post(
            &format!("/api/v1/accounts/{}/follow", carol.id),
            &alice_token,
            json!({}),
        )
        .await;
    assert_eq!(plain.body["showing_reblogs"], true);
    assert_eq!(plain.body["notifying"], false);
    assert_eq!(plain.body["languages"], Value::Null);

    // A bad language is 422 naming the field, and follows nobody.
    let (dave, _) = a.create_user("dave").await.unwrap();
    let bad = api
        .post(
            &format!("/api/v1/accounts/{}/follow", dave.id),
            &alice_token,
            json!({"languages": ["not a language"]}),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body["error"].as_str().unwrap().contains("languages"));
    assert!(a
        .state()
        .store
        .follow_between(alice.id, dave.id)
        .await
        .unwrap()
        .is_none());
    // Unknown account, wrong scope.
    assert_eq!(
        api.post("/api/v1/accounts/999999999/follow", &alice_token, json!({}))
            .await
            .status,
        404
    );
    let read_only = token_with(a, &alice, "read").await;
    assert_eq!(
        api.post(&follow, &read_only, json!({"notify": true}))
            .await
            .status,
        403
    );
}

/// Every write endpoint refuses a token whose scopes are unrelated to it (403), and a
/// few accept the granular scope or the legacy `follow` scope, as Mastodon does.
async fn write_scopes(backend: Backend) {
    let Some(cluster) = cluster(1, backend, None).await else {
        return;
    };
    let a = cluster.instance("a");
    let api = Api { instance: a };
    let (alice, alice_token) = a.create_user("alice").await.unwrap();
    let (bob, _) = a.create_user("bob").await.unwrap();
    let note = api.status(&alice_token, "scoped", "public").await;
    let (b, n) = (bob.id.to_string(), note.clone());
    let table: Vec<(Method, String)> = vec![
        (Method::POST, "/api/v1/statuses".into()),
        (Method::PUT, format!("/api/v1/statuses/{n}")),
        (Method::DELETE, format!("/api/v1/statuses/{n}")),
        (Method::POST, format!("/api/v1/statuses/{n}/favourite")),
        (Method::POST, format!("/api/v1/statuses/{n}/unfavourite")),
        (Method::POST, format!("/api/v1/statuses/{n}/reblog")),
        (Method::POST, format!("/api/v1/statuses/{n}/unreblog")),
        (Method::POST, format!("/api/v1/statuses/{n}/bookmark")),
        (Method::POST, format!("/api/v1/statuses/{n}/unbookmark")),
        (Method::POST, format!("/api/v1/statuses/{n}/pin")),
        (Method::POST, format!("/api/v1/statuses/{n}/unpin")),
        (Method::POST, format!("/api/v1/accounts/{b}/follow")),
        (Method::POST, format!("/api/v1/accounts/{b}/unfollow")),
        (Method::POST, format!("/api/v1/accounts/{b}/block")),
        (Method::POST, format!("/api/v1/accounts/{b}/unblock")),
        (Method::POST, format!("/api/v1/accounts/{b}/mute")),
        (Method::POST, format!("/api/v1/accounts/{b}/unmute")),
        (
            Method::POST,
            format!("/api/v1/follow_requests/{b}/authorize"),
        ),
        (Method::POST, format!("/api/v1/follow_requests/{b}/reject")),
        (Method::POST, "/api/v1/domain_blocks".into()),
        (Method::DELETE, "/api/v1/domain_blocks".into()),
        (Method::POST, "/api/v1/markers".into()),
        (Method::POST, "/api/v1/notifications/clear".into()),
        (Method::POST, format!("/api/v1/notifications/{n}/dismiss")),
        (Method::PATCH, "/api/v1/accounts/update_credentials".into()),
        (Method::POST, format!("/api/v1/polls/{n}/votes")),
    ];
    for scopes in ["read", "write:lists push"] {
        let token = token_with(a, &alice, scopes).await;
        for (method, path) in &table {
            let reply = api
                .send(
                    method.clone(),
                    path,
                    Some(&token),
                    Body::Form("domain=example.org"),
                    &[],
                )
                .await;
            assert_eq!(
                reply.status, 403,
                "{method} {path} with only {scopes:?}: {}",
                reply.body
            );
            assert!(reply.body["error"].is_string(), "{method} {path}");
        }
    }
    // Nothing happened through the refused calls.
    assert_eq!(
        api.get(&format!("/api/v1/statuses/{note}"), None)
            .await
            .status,
        200
    );

    // The granular scope suffices, and the legacy `follow` scope covers blocks, mutes
    // and follows.
    let favourites = token_with(a, &alice, "write:favourites").await;
    let liked = api
        .post(
            &format!("/api/v1/statuses/{note}/favourite"),
            &favourites,
            json!({}),
        )
        .await;
    assert_eq!(liked.status, 200, "{}", liked.body);
    let follow = token_with(a, &alice, "follow").await;
    for action in ["mute", "unmute", "block", "unblock", "follow"] {
        let reply = api
            .post(
                &format!("/api/v1/accounts/{b}/{action}"),
                &follow,
                json!({}),
            )
            .await;
        assert_eq!(reply.status, 200, "{action} with `follow`: {}", reply.body);
    }
    // A read endpoint with a scope check: search needs read:search.
    let media_only = token_with(a, &alice, "write:media").await;
    assert_eq!(
        api.get("/api/v2/search?q=bob", Some(&media_only))
            .await
            .status,
        403
    );
    assert_eq!(
        api.get("/api/v2/search?q=bob", Some(&alice_token))
            .await
            .status,
        200
    );
}

/// Runs each scenario on SQLite and on PostgreSQL.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $name() {
                super::$name(rookery_testkit::Backend::Sqlite).await;
            })*
        }
        mod postgres {
            $(#[tokio::test]
            async fn $name() {
                super::$name(rookery_testkit::Backend::Postgres).await;
            })*
        }
    };
}

on_both_backends!(
    favourited_and_reblogged_by,
    idempotency_key,
    follow_options,
    write_scopes,
);
