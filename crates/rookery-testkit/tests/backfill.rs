//! Outbox backfill between real instances (versia.md §9.5; activitypub.md §7; seed
//! 000): an account on b.test posts before anyone on a.test knows it; when a user on
//! a.test resolves it by handle, a.test reads its outbox in the background and stores
//! its public notes, not the followers-only one. Old notes get ids from their own
//! dates, so after a follow they sit in the home timeline behind newer posts. Once
//! over ActivityPub only, once over Versia only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activitypub_support;
mod versia_support;

use std::time::Duration;

use rookery_core::social::FollowState;
use rookery_core::{Account, Handle, NoteId, Page, Visibility};
use rookery_testkit::{eventually_async, TestCluster, TestInstance};

const WAIT: Duration = Duration::from_secs(20);

/// bob (on b) posts three public notes and one for followers only; returns his account
/// and the public notes' texts, oldest first.
async fn bob_posts_before_anyone_knows_him(b: &TestInstance) -> (Account, Vec<String>) {
    let bob = b.create_user("bob").await.unwrap().0;
    let services = &b.state().services;
    let mut public = Vec::new();
    for (text, visibility) in [
        ("first public note", Visibility::Public),
        ("for my followers only", Visibility::FollowersOnly),
        ("second public note", Visibility::Public),
        ("third public note", Visibility::Public),
    ] {
        let draft = activitypub_support::draft(text, visibility);
        services.post_note(bob.id, draft).await.unwrap();
        if visibility == Visibility::Public {
            public.push(text.to_owned());
        }
        // Distinct creation times, so the order is the order of writing: wait for the
        // clock to move on (a condition, not a fixed sleep).
        let written = rookery_server::instance::now();
        while rookery_server::instance::now() == written {
            tokio::task::yield_now().await;
        }
    }
    (bob, public)
}

/// The texts of `author`'s notes stored on `instance`, oldest first.
async fn stored_texts(instance: &TestInstance, author: &Account) -> Vec<String> {
    let notes = instance
        .state()
        .services
        .account_timeline(None, author.id, &Page::newest(40))
        .await
        .unwrap();
    notes.iter().rev().map(|n| n.source.clone()).collect()
}

async fn backfill_then_follow(cluster: TestCluster) {
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (bob, public) = bob_posts_before_anyone_knows_him(b).await;
    let alice = a.create_user("alice").await.unwrap().0;
    let services_a = &a.state().services;

    // Meeting bob returns at once; his outbox is read in the background.
    let bob_on_a = services_a
        .resolve_handle(&Handle::parse("bob@b.test").unwrap())
        .await
        .unwrap()
        .expect("bob resolves");
    let texts = eventually_async("bob's public notes are backfilled", WAIT, || async {
        let texts = stored_texts(a, &bob_on_a).await;
        (texts.len() >= public.len()).then_some(texts)
    })
    .await;
    // Exactly the public ones: b's outbox never lists the followers-only note, so once
    // the three public notes are in, the backfill has nothing more to bring.
    assert_eq!(
        a.state().store.count_notes_by(bob_on_a.id).await.unwrap(),
        3
    );
    let texts: Vec<String> = texts.iter().map(|t| t.trim().to_owned()).collect();
    assert_eq!(texts, public);

    // Each note's id carries its own creation date, not the time of the backfill.
    let stored = services_a
        .account_timeline(None, bob_on_a.id, &Page::newest(40))
        .await
        .unwrap();
    for note in &stored {
        assert_eq!(note.id.0.timestamp(), note.created_at, "{}", note.source);
    }

    // alice follows bob; bob posts again; the new note tops her home timeline and the
    // old ones follow in date order.
    services_a.follow(alice.id, bob_on_a.id).await.unwrap();
    eventually_async("the follow is accepted", WAIT, || async {
        let follow = services_a
            .repo()
            .follow_between(alice.id, bob_on_a.id)
            .await
            .unwrap();
        (follow.map(|f| f.state) == Some(FollowState::Accepted)).then_some(())
    })
    .await;
    let newest = b
        .state()
        .services
        .post_note(
            bob.id,
            activitypub_support::draft("newest note", Visibility::Public),
        )
        .await
        .unwrap();
    let home = eventually_async("the new note reaches alice's home", WAIT, || async {
        let home = services_a
            .home_timeline(alice.id, &Page::newest(40))
            .await
            .unwrap();
        (home.len() == 4).then_some(home)
    })
    .await;
    let texts: Vec<&str> = home.iter().map(|n| n.source.trim()).collect();
    assert_eq!(
        texts,
        [
            "newest note",
            "third public note",
            "second public note",
            "first public note"
        ]
    );
    assert!(newest.note.id > NoteId::from_i64(0));
    let ids: Vec<NoteId> = home.iter().map(|n| n.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_by(|x, y| y.cmp(x));
    assert_eq!(ids, sorted, "newest first by id");
}

#[tokio::test]
async fn activitypub_outbox_is_backfilled_on_first_sight() {
    backfill_then_follow(activitypub_support::ap_cluster(2, |_, _| {}).await).await;
}

#[tokio::test]
async fn versia_outbox_is_backfilled_on_first_sight() {
    backfill_then_follow(versia_support::versia_cluster(2).await).await;
}
