//! Instance-level domain blocks (Mastodon's suspend) between two real instances, over
//! each protocol: with b.test blocked on a.test, b's requests are refused with 403
//! before any key fetch (subdomains too), b's notes are not stored, a's notes are not
//! queued for b, b's accounts do not resolve; unblocking restores all of it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode};
use rookery_core::instance_blocks::InstanceBlock;
use rookery_core::service::Draft;
use rookery_core::social::FollowState;
use rookery_core::{Account, Domain, Handle, NoteId};
use rookery_testkit::{eventually_async, ClusterOptions, TestCluster, TestInstance};

const WAIT: Duration = Duration::from_secs(20);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Proto {
    ActivityPub,
    Versia,
}

async fn cluster(proto: Proto) -> TestCluster {
    let name = match proto {
        Proto::ActivityPub => "activitypub",
        Proto::Versia => "versia",
    };
    let options = ClusterOptions {
        configure: Some(Box::new(move |_, config| {
            config.federation.protocols = vec![name.into()];
            config.federation.prefer = name.into();
        })),
        ..ClusterOptions::default()
    };
    TestCluster::start_with(2, options).await.unwrap().unwrap()
}

fn note_uri(proto: Proto, instance: &TestInstance, id: NoteId) -> String {
    match proto {
        Proto::ActivityPub => instance.url(&format!("/notes/{}", id.as_i64())),
        Proto::Versia => format!("{}:{}", instance.domain, id.as_i64()),
    }
}

async fn resolve(instance: &TestInstance, handle: &str) -> Option<Account> {
    let handle = Handle::parse(handle).unwrap();
    instance
        .state()
        .services
        .resolve_handle(&handle)
        .await
        .unwrap()
}

/// `follower` (on `from`) follows `followee` and waits for the accept.
async fn follow(from: &TestInstance, follower: &Account, followee: &str) {
    let target = resolve(from, followee).await.expect("followee resolves");
    let services = &from.state().services;
    services.follow(follower.id, target.id).await.unwrap();
    eventually_async("the follow is accepted", WAIT, || async {
        let f = services
            .repo()
            .follow_between(follower.id, target.id)
            .await
            .unwrap();
        f.filter(|f| f.state == FollowState::Accepted)
    })
    .await;
}

/// A request from b.test that a.test cannot verify: 403 while b.test is blocked (the
/// block is checked before any key fetch), 401 once it is not.
async fn knock(proto: Proto, a: &TestInstance, b: &TestInstance, actor_host: &str) -> StatusCode {
    let mut headers = HeaderMap::new();
    let (path, body) = match proto {
        Proto::ActivityPub => {
            headers.insert(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/activity+json"),
            );
            headers.insert(
                "signature",
                HeaderValue::from_str(&format!(
                    "keyId=\"http://{actor_host}/users/dan#main-key\",headers=\"date\",signature=\"AAAA\""
                ))
                .unwrap(),
            );
            let body = serde_json::json!({
                "id": format!("http://{actor_host}/activities/1"),
                "type": "Create",
                "actor": format!("http://{actor_host}/users/dan"),
                "object": {"type": "Note", "content": "hi"},
            });
            ("/inbox", body)
        }
        Proto::Versia => {
            headers.insert(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            headers.insert(
                "versia-signed-by",
                HeaderValue::from_str(actor_host).unwrap(),
            );
            let at = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs();
            headers.insert("versia-signed-at", HeaderValue::from(at));
            headers.insert("versia-signature", HeaderValue::from_static("AAAA"));
            let body = serde_json::json!({"type": "Delete", "deleted_type": "Note"});
            ("/.versia/v0.6/inbox", body)
        }
    };
    let body = Bytes::from(serde_json::to_vec(&body).unwrap());
    b.state()
        .http
        .post(&a.url(path), headers, body)
        .await
        .unwrap()
        .status
}

async fn queue_depth(instance: &TestInstance) -> u64 {
    let now = rookery_server::instance::now();
    instance
        .state()
        .store
        .queue_summary(now)
        .await
        .unwrap()
        .depth
}

async fn blocked_then_unblocked(proto: Proto) {
    let cluster = cluster(proto).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (carol, _) = a.create_user("carol").await.unwrap();
    let (dan, _) = b.create_user("dan").await.unwrap();
    let (sa, sb) = (&a.state().services, &b.state().services);
    follow(a, &carol, "@dan@b.test").await;
    follow(b, &dan, "@carol@a.test").await;
    assert_eq!(
        knock(proto, a, b, "b.test").await,
        StatusCode::UNAUTHORIZED,
        "unverifiable before the block"
    );

    let block = InstanceBlock {
        domain: Domain::parse("b.test").unwrap(),
        reason: Some("spam".into()),
        created_at: sa.now(),
    };
    assert!(sa.instance_blocks().block(&block).await.unwrap());
    assert_eq!(knock(proto, a, b, "b.test").await, StatusCode::FORBIDDEN);
    if proto == Proto::ActivityPub {
        assert_eq!(
            knock(proto, a, b, "media.b.test").await,
            StatusCode::FORBIDDEN,
            "subdomains are blocked too"
        );
    }
    assert!(resolve(a, "@dan@b.test").await.is_none(), "no resolving");

    // b's note is refused (a permanent 403: b's queue drains) and never stored on a.
    let refused = sb
        .post_note(dan.id, Draft::public("from b, refused"))
        .await
        .unwrap();
    eventually_async("b gives up on the refused delivery", WAIT, || async {
        (queue_depth(b).await == 0).then_some(())
    })
    .await;
    let refused_uri = note_uri(proto, b, refused.note.id);
    assert!(a
        .state()
        .store
        .note_by_uri(&refused_uri)
        .await
        .unwrap()
        .is_none());

    // a's note to its follower on b is not even queued.
    let withheld = sa
        .post_note(carol.id, Draft::public("from a, withheld"))
        .await
        .unwrap();
    assert_eq!(
        queue_depth(a).await,
        0,
        "nothing queued for a blocked domain"
    );

    // Unblocking restores both directions.
    assert!(sa.instance_blocks().unblock(&block.domain).await.unwrap());
    assert_eq!(knock(proto, a, b, "b.test").await, StatusCode::UNAUTHORIZED);
    assert!(resolve(a, "@dan@b.test").await.is_some());
    let from_b = sb
        .post_note(dan.id, Draft::public("from b, welcome"))
        .await
        .unwrap();
    let from_b_uri = note_uri(proto, b, from_b.note.id);
    eventually_async("b's note reaches a after the unblock", WAIT, || async {
        a.state().store.note_by_uri(&from_b_uri).await.unwrap()
    })
    .await;
    let from_a = sa
        .post_note(carol.id, Draft::public("from a, sent"))
        .await
        .unwrap();
    let from_a_uri = note_uri(proto, a, from_a.note.id);
    eventually_async("a's note reaches b after the unblock", WAIT, || async {
        b.state().store.note_by_uri(&from_a_uri).await.unwrap()
    })
    .await;
    let withheld_uri = note_uri(proto, a, withheld.note.id);
    assert!(
        b.state()
            .store
            .note_by_uri(&withheld_uri)
            .await
            .unwrap()
            .is_none(),
        "the note written during the block was never sent"
    );
    cluster.shutdown().await;
}

#[tokio::test]
async fn activitypub_blocked_domain_is_suspended_until_unblocked() {
    blocked_then_unblocked(Proto::ActivityPub).await;
}

#[tokio::test]
async fn versia_blocked_domain_is_suspended_until_unblocked() {
    blocked_then_unblocked(Proto::Versia).await;
}
