//! Delivery between real instances (activitypub.md §6.1, §6.2; seed 002 "Deduplicate and
//! Batch", "Handling Failures"): one POST per server for many followers, retries until a
//! server that was down answers, giving up on inboxes that refuse for good, and resuming
//! deliveries parked behind an unreachable host as soon as it talks to us; a personal
//! inbox answering 410 removes its actor.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use activitypub_support::{ap_cluster, counter, draft, drained, follow, inbox_posts, Proxy, WAIT};
use axum::http::StatusCode;
use rookery_core::social::{Follow, FollowState};
use rookery_core::{
    Account, AccountId, Domain, FederationFacts, FollowId, Origin, Page, Protocol, Visibility,
};
use rookery_server::instance::now;
use rookery_testkit::{eventually_async, TestInstance};

/// Whether `account`'s home timeline on `instance` shows a note containing `text`.
async fn at_home(instance: &TestInstance, account: &Account, text: &str) -> bool {
    instance
        .state()
        .services
        .home_timeline(account.id, &Page::default())
        .await
        .unwrap()
        .iter()
        .any(|n| n.source.contains(text))
}

#[tokio::test]
async fn two_followers_on_one_server_cost_one_post() {
    let cluster = ap_cluster(2, |_, _| {}).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (alice, _) = a.create_user("alice").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    let (bea, _) = b.create_user("bea").await.unwrap();
    follow(b, &bob, "@alice@a.test").await;
    follow(b, &bea, "@alice@a.test").await;
    drained(a).await;
    let before = inbox_posts(b);
    let shared_before = counter(b, "inbox_requests.shared");

    a.state()
        .services
        .post_note(alice.id, draft("hello, both of you", Visibility::Public))
        .await
        .unwrap();
    for follower in [&bob, &bea] {
        eventually_async("the note reaches the follower's home", WAIT, || async {
            at_home(b, follower, "hello, both of you")
                .await
                .then_some(())
        })
        .await;
    }
    drained(a).await;
    assert_eq!(inbox_posts(b) - before, 1, "one POST for two followers");
    assert_eq!(counter(b, "inbox_requests.shared") - shared_before, 1);
    cluster.shutdown().await;
}

/// A cluster whose a.test reaches b.test only through `proxy`.
async fn behind_proxy(unreachable_after_days: u32) -> (rookery_testkit::TestCluster, Proxy) {
    let proxy = Proxy::start().await;
    let through = proxy.addr.to_string();
    let cluster = ap_cluster(2, move |domain, config| {
        if domain == "a.test" {
            config
                .federation
                .resolve
                .insert("b.test".into(), through.clone());
            config.delivery.unreachable_after_days = unreachable_after_days;
        }
    })
    .await;
    proxy.forward_to(cluster.instance("b").addr());
    (cluster, proxy)
}

#[tokio::test]
async fn a_delivery_to_a_server_that_was_down_arrives_after_a_retry() {
    let (cluster, proxy) = behind_proxy(7).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (alice, _) = a.create_user("alice").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    follow(b, &bob, "@alice@a.test").await;
    drained(a).await;

    proxy.set_up(false);
    a.state()
        .services
        .post_note(alice.id, draft("are you back?", Visibility::Public))
        .await
        .unwrap();
    eventually_async("a.test tries b.test and fails", WAIT, || async {
        (proxy.refused() >= 1).then_some(())
    })
    .await;
    assert!(!at_home(b, &bob, "are you back?").await);

    proxy.set_up(true);
    eventually_async("the retry delivers the note", WAIT, || async {
        at_home(b, &bob, "are you back?").await.then_some(())
    })
    .await;
    drained(a).await;
    let failed = a.state().store.failed_deliveries(10).await.unwrap();
    assert!(failed.is_empty(), "{failed:?}");
    cluster.shutdown().await;
}

/// A stand-in server whose two inboxes refuse for good: one answers 410 (its actor is
/// gone), one 400. Counts the POSTs each gets.
async fn refusing_server() -> (std::net::SocketAddr, Arc<AtomicU64>, Arc<AtomicU64>) {
    let gone = Arc::new(AtomicU64::new(0));
    let bad = Arc::new(AtomicU64::new(0));
    let (g, b) = (gone.clone(), bad.clone());
    let app = axum::Router::new()
        .route(
            "/users/gone/inbox",
            axum::routing::post(move || async move {
                g.fetch_add(1, Ordering::SeqCst);
                StatusCode::GONE
            }),
        )
        .route(
            "/users/bad/inbox",
            axum::routing::post(move || async move {
                b.fetch_add(1, Ordering::SeqCst);
                StatusCode::BAD_REQUEST
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, gone, bad)
}

/// Stores a remote ActivityPub account of `host` on `instance` that follows `followee`.
async fn remote_follower(instance: &TestInstance, host: &str, name: &str, followee: &Account) {
    let store = &instance.state().store;
    let uri = format!("http://{host}/users/{name}");
    let account = Account {
        id: AccountId(instance.state().ids.next(now())),
        username: name.into(),
        domain: Some(Domain::parse(host).unwrap()),
        display_name: String::new(),
        note: String::new(),
        locked: false,
        bot: false,
        discoverable: false,
        profile: Default::default(),
        origin: Origin::Remote(Box::new(FederationFacts {
            protocol: Protocol::ActivityPub,
            inbox: format!("{uri}/inbox"),
            uri,
            shared_inbox: None,
            url: None,
            outbox: None,
            followers: None,
            public_keys: Vec::new(),
        })),
        created_at: now(),
        updated_at: now(),
    };
    let mut tx = store.begin().await.unwrap();
    let follower = tx.upsert_remote_account(&account).await.unwrap();
    tx.insert_follow(&Follow {
        id: FollowId(instance.state().ids.next(now())),
        follower,
        followee: followee.id,
        state: FollowState::Accepted,
        uri: None,
        show_reblogs: true,
        notify: false,
        created_at: now(),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn inboxes_that_refuse_for_good_are_given_up_while_others_receive() {
    let (addr, gone_hits, bad_hits) = refusing_server().await;
    let cluster = ap_cluster(2, move |domain, config| {
        if domain == "a.test" {
            config
                .federation
                .resolve
                .insert("refusing.test".into(), addr.to_string());
        }
    })
    .await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (alice, _) = a.create_user("alice").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    follow(b, &bob, "@alice@a.test").await;
    remote_follower(a, "refusing.test", "gone", &alice).await;
    remote_follower(a, "refusing.test", "bad", &alice).await;

    a.state()
        .services
        .post_note(alice.id, draft("to all my followers", Visibility::Public))
        .await
        .unwrap();
    eventually_async("the healthy follower receives the note", WAIT, || async {
        at_home(b, &bob, "to all my followers").await.then_some(())
    })
    .await;
    let failed = eventually_async("both refusals are given up", WAIT, || async {
        let failed = a.state().store.failed_deliveries(10).await.unwrap();
        (failed.len() == 2).then_some(failed)
    })
    .await;
    let mut outcomes: Vec<(String, String)> = failed
        .iter()
        .map(|f| (f.inbox.clone(), f.last_error.clone()))
        .collect();
    outcomes.sort();
    assert_eq!(
        outcomes,
        vec![
            (
                "http://refusing.test/users/bad/inbox".to_owned(),
                "HTTP 400".to_owned()
            ),
            (
                "http://refusing.test/users/gone/inbox".to_owned(),
                "410 Gone".to_owned()
            ),
        ]
    );
    assert_eq!(gone_hits.load(Ordering::SeqCst), 1, "410 is not retried");
    assert_eq!(bad_hits.load(Ordering::SeqCst), 1, "400 is not retried");
    // A personal inbox's 410: its actor is gone and removed with its follow (§6.2), so
    // the next note is not even queued for it; a 400 removes no one.
    let store = &a.state().store;
    let counts = store.follow_counts(alice.id).await.unwrap();
    assert_eq!(counts.followers, 2, "bob and the refusing `bad` remain");
    assert!(store
        .account_by_uri("http://refusing.test/users/gone")
        .await
        .unwrap()
        .is_none());
    assert!(store
        .account_by_uri("http://refusing.test/users/bad")
        .await
        .unwrap()
        .is_some());
    a.state()
        .services
        .post_note(alice.id, draft("once more", Visibility::Public))
        .await
        .unwrap();
    eventually_async("the second note is refused by `bad` only", WAIT, || async {
        (bad_hits.load(Ordering::SeqCst) == 2).then_some(())
    })
    .await;
    assert_eq!(
        gone_hits.load(Ordering::SeqCst),
        1,
        "nothing more for the gone actor"
    );
    drained(a).await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn an_unreachable_host_that_talks_to_us_gets_its_deliveries_again() {
    // One failing day marks a host unreachable, so the test need not wait a week.
    let (cluster, proxy) = behind_proxy(1).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (alice, _) = a.create_user("alice").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    let (dan, _) = b.create_user("dan").await.unwrap();
    follow(b, &bob, "@alice@a.test").await;
    drained(a).await;

    proxy.set_up(false);
    a.state()
        .services
        .post_note(alice.id, draft("parked for a while", Visibility::Public))
        .await
        .unwrap();
    eventually_async("a.test marks b.test unreachable", WAIT, || async {
        let hosts = a.state().store.unreachable_hosts().await.unwrap();
        hosts.iter().any(|(h, _)| h == "b.test").then_some(())
    })
    .await;
    proxy.set_up(true);
    assert!(!at_home(b, &bob, "parked for a while").await);

    // b.test talks to a.test (a signed Follow from dan): its deliveries resume.
    follow(b, &dan, "@alice@a.test").await;
    eventually_async("the parked note is delivered", WAIT, || async {
        at_home(b, &bob, "parked for a while").await.then_some(())
    })
    .await;
    assert!(a
        .state()
        .store
        .unreachable_hosts()
        .await
        .unwrap()
        .is_empty());
    cluster.shutdown().await;
}
