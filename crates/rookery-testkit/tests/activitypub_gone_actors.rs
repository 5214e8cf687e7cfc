//! Actors that are gone (activitypub.md §5.9, §3.1): a signed `Delete` of an actor by
//! itself, or its URL answering 410 Gone, removes the account here with its notes and
//! follows, idempotently.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;

use std::time::SystemTime;

use activitypub_support::{ap_cluster, client, draft, follow, install_key, post_signed, WAIT};
use http::StatusCode;
use rookery_activitypub::signatures::{generate_rsa_key_pair, SigningKey};
use rookery_core::social::{Follow, FollowState};
use rookery_core::{
    Account, AccountId, Domain, FederationFacts, FollowId, Origin, Protocol, Visibility,
};
use rookery_server::instance::now;
use rookery_testkit::eventually_async;
use serde_json::json;

#[tokio::test]
async fn an_actor_that_deletes_itself_is_removed_with_its_content() {
    let cluster = ap_cluster(2, |_, _| {}).await;
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (alice, _) = a.create_user("alice").await.unwrap();
    let (bob, _) = b.create_user("bob").await.unwrap();
    let (key, key_id) = install_key(b, &bob).await;
    follow(a, &alice, "@bob@b.test").await;
    follow(b, &bob, "@alice@a.test").await;
    let posted = b
        .state()
        .services
        .post_note(bob.id, draft("last words", Visibility::Public))
        .await
        .unwrap()
        .note;
    let note_uri = b.url(&format!("/notes/{}", posted.id));
    let bob_uri = b.url("/users/bob");
    let store = &a.state().store;
    eventually_async("a stores bob's note", WAIT, || async {
        store.note_by_uri(&note_uri).await.unwrap()
    })
    .await;
    let bob_here = store.account_by_uri(&bob_uri).await.unwrap().unwrap();

    let delete = serde_json::to_vec(&json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{bob_uri}#delete"),
        "type": "Delete",
        "actor": bob_uri,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "object": bob_uri,
    }))
    .unwrap();
    let response = post_signed(
        &client(b),
        (&key, key_id.as_str()),
        &a.url("/inbox"),
        &delete,
        SystemTime::now(),
    )
    .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    a.inbox_settled().await;
    assert!(store.account_by_uri(&bob_uri).await.unwrap().is_none());
    assert!(store.note_by_uri(&note_uri).await.unwrap().is_none());
    let counts = store.follow_counts(alice.id).await.unwrap();
    assert_eq!((counts.followers, counts.following), (0, 0));
    // A second time changes nothing.
    let again = a
        .state()
        .services
        .receive_account_deleted(&bob_here)
        .await
        .unwrap();
    assert!(!again);

    // Had a kept bob in memory (federation.actor_memory), this would be applied for the
    // account just removed and fail; instead bob is looked up, fetched and stored anew.
    let later_uri = b.url("/notes/after-the-delete");
    let create = serde_json::to_vec(&json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{later_uri}/activity"),
        "type": "Create",
        "actor": bob_uri,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "object": {
            "id": later_uri,
            "type": "Note",
            "attributedTo": bob_uri,
            "content": "<p>back again</p>",
            "published": "2026-11-22T10:00:00Z",
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
        },
    }))
    .unwrap();
    let response = post_signed(
        &client(b),
        (&key, key_id.as_str()),
        &a.url("/inbox"),
        &create,
        SystemTime::now(),
    )
    .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    let later = eventually_async("a stores bob's later note", WAIT, || async {
        store.note_by_uri(&later_uri).await.unwrap()
    })
    .await;
    assert_ne!(
        later.author, bob_here.id,
        "a new account, not the removed one"
    );
    cluster.shutdown().await;
}

#[tokio::test]
async fn an_actor_whose_url_answers_410_is_removed() {
    let app = axum::Router::new().route(
        "/users/ghost",
        axum::routing::get(|| async { StatusCode::GONE }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let cluster = ap_cluster(1, move |_, config| {
        config
            .federation
            .resolve
            .insert("ghost.test".into(), addr.to_string());
    })
    .await;
    let a = cluster.instance("a");
    let (alice, _) = a.create_user("alice").await.unwrap();
    let uri = "http://ghost.test/users/ghost".to_owned();
    let ghost = Account {
        id: AccountId(a.state().ids.next(now())),
        username: "ghost".into(),
        domain: Some(Domain::parse("ghost.test").unwrap()),
        display_name: String::new(),
        note: String::new(),
        locked: false,
        bot: false,
        discoverable: false,
        profile: Default::default(),
        origin: Origin::Remote(Box::new(FederationFacts {
            protocol: Protocol::ActivityPub,
            inbox: format!("{uri}/inbox"),
            uri: uri.clone(),
            shared_inbox: None,
            url: None,
            outbox: None,
            followers: None,
            public_keys: Vec::new(),
        })),
        created_at: now(),
        updated_at: now(),
    };
    let store = &a.state().store;
    let mut tx = store.begin().await.unwrap();
    let ghost_id = tx.upsert_remote_account(&ghost).await.unwrap();
    tx.insert_follow(&Follow {
        id: FollowId(a.state().ids.next(now())),
        follower: ghost_id,
        followee: alice.id,
        state: FollowState::Accepted,
        uri: None,
        show_reblogs: true,
        notify: false,
        created_at: now(),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // Something signed by a key we do not have: fetching its owner answers 410.
    let pair = generate_rsa_key_pair().unwrap();
    let key = SigningKey::from_pem(&pair.private_key_pem).unwrap();
    let body = serde_json::to_vec(&json!({
        "id": format!("{uri}#delete"),
        "type": "Delete",
        "actor": uri,
        "object": uri,
    }))
    .unwrap();
    let key_id = format!("{uri}#main-key");
    let response = post_signed(
        &client(a),
        (&key, key_id.as_str()),
        &a.url("/inbox"),
        &body,
        SystemTime::now(),
    )
    .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    a.inbox_settled().await;
    assert!(store.account_by_uri(&uri).await.unwrap().is_none());
    assert_eq!(store.follow_counts(alice.id).await.unwrap().followers, 0);
    cluster.shutdown().await;
}
