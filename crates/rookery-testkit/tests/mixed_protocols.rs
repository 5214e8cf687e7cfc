//! Both protocols in one server (FEDERATION.md, "Both protocols"): a.test speaks both
//! and prefers Versia, b.test speaks both and prefers ActivityPub, c.test speaks only
//! ActivityPub. One conversation crosses all three: followers of one a.test user in
//! each protocol, one note delivered to each in its own protocol, replies from both
//! sides threading under it, a like, a share and a delete; one account per person on
//! every instance, found by either protocol's id; and a follow from a.test to c.test
//! over the only protocol c.test offers (versia.md §5.1, §9.2). The conversation runs on
//! SQLite and again on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod mixed_support;

use mixed_support::*;
use rookery_core::service::Draft;
use rookery_core::{note_audience, Domain, Protocol};
use rookery_net::webfinger::webfinger;
use rookery_testkit::{eventually_async, Backend};

#[tokio::test]
async fn a_conversation_across_both_protocols_sqlite() {
    a_conversation_across_both_protocols(Backend::Sqlite).await;
}

/// The same conversation with all three instances on PostgreSQL (a database each).
#[tokio::test]
async fn a_conversation_across_both_protocols_postgres() {
    a_conversation_across_both_protocols(Backend::Postgres).await;
}

async fn a_conversation_across_both_protocols(backend: Backend) {
    let Some(cluster) = mixed_cluster_on(backend).await else {
        return; // PostgreSQL unreachable outside CI: the store printed why.
    };
    let (a, b, c) = (
        cluster.instance("a"),
        cluster.instance("b"),
        cluster.instance("c"),
    );
    let (sa, sb, sc) = (
        &a.state().services,
        &b.state().services,
        &c.state().services,
    );
    let alice = user(a, "alice").await;
    let bob = user(b, "bob").await;
    let bea = user(b, "bea").await;
    let carl = user(c, "carl").await;

    // bob follows alice over ActivityPub: b.test prefers it and a.test offers it.
    let alice_on_b = follow(b, &bob, "alice@a.test").await;
    assert_eq!(protocol(&alice_on_b), Protocol::ActivityPub);
    // carl follows alice over ActivityPub, the only protocol c.test speaks.
    let alice_on_c = follow(c, &carl, "alice@a.test").await;
    assert_eq!(protocol(&alice_on_c), Protocol::ActivityPub);

    // alice follows bea over Versia, which a.test prefers: b.test now meets alice by her
    // Versia id too, and keeps ONE account for her, with the ActivityPub facts it prefers.
    let bea_on_a = follow(a, &alice, "bea@b.test").await;
    assert_eq!(protocol(&bea_on_a), Protocol::Versia);
    let by_versia = account_by_uri(b, &versia_user(a, &alice)).await.unwrap();
    let by_ap = account_by_uri(b, &ap_actor(a, &alice)).await.unwrap();
    assert_eq!(
        by_versia.id, alice_on_b.id,
        "one account for alice on b.test"
    );
    assert_eq!(by_ap.id, alice_on_b.id);
    let own = b
        .state()
        .store
        .account(alice_on_b.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(protocol(&own), Protocol::ActivityPub, "b.test prefers it");

    // bea follows alice back (b.test asks over ActivityPub). a.test already knows bea
    // over Versia: still one account, and it keeps Versia, the protocol a.test prefers.
    follow(b, &bea, "alice@a.test").await;
    let bea_by_ap = account_by_uri(a, &ap_actor(b, &bea)).await.unwrap();
    assert_eq!(bea_by_ap.id, bea_on_a.id, "one account for bea on a.test");
    let bea_own = a.state().store.account(bea_on_a.id).await.unwrap().unwrap();
    assert_eq!(protocol(&bea_own), Protocol::Versia);

    // alice is followed at once over ActivityPub (bob, carl) and over Versia (bea).
    let followers = sa.repo().all_followers(alice.id).await.unwrap();
    let mut seen: Vec<(String, Protocol)> = followers
        .iter()
        .map(|f| (f.username.clone(), protocol(f)))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("bea".to_owned(), Protocol::Versia),
            ("bob".to_owned(), Protocol::ActivityPub),
            ("carl".to_owned(), Protocol::ActivityPub),
        ]
    );
    drained(a).await;

    // One note reaches each follower in their own protocol: one delivery to b.test's
    // Versia inbox, one to each ActivityPub shared inbox (b.test and c.test).
    let (b_shared, c_shared) = (
        ap_counter(b, "inbox_requests.shared"),
        ap_counter(c, "inbox_requests.shared"),
    );
    let posted = sa
        .post_note(alice.id, Draft::public("Hello from both worlds"))
        .await
        .unwrap();
    let note = posted.note.clone();
    let audience = note_audience(
        &note,
        &posted.author,
        &followers,
        &[],
        None,
        &Domain::parse("a.test").unwrap(),
    );
    let mut targets: Vec<(Protocol, &str)> = audience
        .remote
        .iter()
        .map(|t| (t.protocol, t.target.inbox.as_str()))
        .collect();
    targets.sort();
    assert_eq!(
        targets,
        [
            (Protocol::ActivityPub, "http://b.test/inbox"),
            (Protocol::ActivityPub, "http://c.test/inbox"),
            (Protocol::Versia, "http://b.test/.versia/v0.6/inbox"),
        ]
    );
    let over_ap = note_arrives(b, &ap_note(a, &note)).await;
    let over_versia = note_arrives(b, &versia_note(a, &note)).await;
    let on_c = note_arrives(c, &ap_note(a, &note)).await;
    drained(a).await;
    assert_eq!(ap_counter(b, "inbox_requests.shared") - b_shared, 1);
    assert_eq!(ap_counter(c, "inbox_requests.shared") - c_shared, 1);
    for copy in [&over_ap, &over_versia] {
        assert_eq!(copy.author, alice_on_b.id, "both copies are alice's");
        assert!(copy.source.contains("Hello from both worlds"));
    }
    assert!(at_home(b, bob.id, &over_ap).await);
    assert!(at_home(b, bea.id, &over_versia).await);
    assert!(at_home(c, carl.id, &on_c).await);

    // Replies from both sides thread under the note on a.test: bob answers the copy he
    // got over ActivityPub, bea the one she got over Versia (b.test sends both over
    // ActivityPub, naming bea's parent by its Versia id), carl from c.test.
    let reply = |text: &str, parent| Draft {
        in_reply_to: Some(parent),
        ..Draft::public(text)
    };
    let from_bob = sb
        .post_note(bob.id, reply("bob agrees", over_ap.id))
        .await
        .unwrap();
    let from_bea = sb
        .post_note(bea.id, reply("bea agrees", over_versia.id))
        .await
        .unwrap();
    let from_carl = sc
        .post_note(carl.id, reply("carl agrees", on_c.id))
        .await
        .unwrap();
    for (instance, posted) in [(b, &from_bob), (b, &from_bea), (c, &from_carl)] {
        let on_a = note_arrives(a, &ap_note(instance, &posted.note)).await;
        assert_eq!(on_a.in_reply_to, Some(note.id), "{}", posted.note.source);
        assert_eq!(on_a.in_reply_to_account, Some(alice.id));
    }
    let replies = a.state().store.replies_to(note.id).await.unwrap();
    assert_eq!(replies.len(), 3);
    let bea_reply = a
        .state()
        .store
        .note_by_uri(&ap_note(b, &from_bea.note))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bea_reply.author, bea_on_a.id, "bea's one account wrote it");

    // A like (bob's copy) and a share (bea's Versia copy) reach alice's note.
    sb.like(bob.id, over_ap.id).await.unwrap();
    sb.share(bea.id, over_versia.id).await.unwrap();
    let store_a = &a.state().store;
    eventually_async("the like and the share on a.test", WAIT, || async {
        let likes = store_a.count_likes(note.id).await.unwrap();
        let shares = store_a.count_shares(note.id).await.unwrap();
        (likes == 1 && shares == 1).then_some(())
    })
    .await;
    let bob_on_a = account_by_uri(a, &ap_actor(b, &bob)).await.unwrap();
    assert!(store_a
        .like_between(bob_on_a.id, note.id)
        .await
        .unwrap()
        .is_some());
    assert!(store_a
        .share_between(bea_on_a.id, note.id)
        .await
        .unwrap()
        .is_some());

    // alice deletes the note: it is gone everywhere, under both protocols' ids.
    sa.delete_note(alice.id, note.id).await.unwrap();
    note_gone(b, &ap_note(a, &note)).await;
    note_gone(b, &versia_note(a, &note)).await;
    note_gone(c, &ap_note(a, &note)).await;
    cluster.shutdown().await;
}

#[tokio::test]
async fn a_follows_c_over_the_only_protocol_c_offers() {
    let cluster = mixed_cluster().await;
    let (a, c) = (cluster.instance("a"), cluster.instance("c"));
    let alice = user(a, "alice").await;
    let cleo = user(c, "cleo").await;

    // c.test's WebFinger offers only the ActivityPub actor (versia.md §5.1).
    let jrd = webfinger(&a.state().http, "http", "cleo", "c.test")
        .await
        .unwrap();
    let self_types: Vec<Option<&str>> = jrd
        .links
        .iter()
        .filter(|l| l.rel == "self")
        .map(|l| l.media_type.as_deref())
        .collect();
    assert_eq!(self_types, [Some("application/activity+json")]);
    assert_eq!(
        jrd.self_link("application/activity+json"),
        Some(ap_actor(c, &cleo).as_str())
    );
    assert!(jrd.self_link("application/vnd.versia+json").is_none());

    // a.test prefers Versia, but follows over ActivityPub, and c.test accepts.
    let cleo_on_a = follow(a, &alice, "cleo@c.test").await;
    assert_eq!(protocol(&cleo_on_a), Protocol::ActivityPub);
    assert_eq!(cleo_on_a.federation().unwrap().uri, ap_actor(c, &cleo));
    let alice_on_c = account_by_uri(c, &ap_actor(a, &alice)).await.unwrap();
    let follow = c
        .state()
        .store
        .follow_between(alice_on_c.id, cleo.id)
        .await
        .unwrap();
    assert!(follow.is_some(), "c.test stored alice's follow");
    cluster.shutdown().await;
}
