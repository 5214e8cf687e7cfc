//! Versia federation between two real instances over loopback HTTP, each with its own
//! database (every test runs on SQLite and again on PostgreSQL): the seed flow "sending a note" (a mention resolved by WebFinger and
//! a signed fetch), then a follow with its FollowAccept, followers-only and direct
//! notes, likes and shares (and their undoing), and deletes (versia.md §9.2, §9.3, §9.5a).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod versia_support;

use rookery_core::notification::NotificationKind;
use rookery_core::service::Draft;
use rookery_core::social::FollowState;
use rookery_core::{AccountId, NoteId, Origin, Page, Protocol, Visibility};
use rookery_testkit::{eventually_async, Backend, TestInstance};
use versia_support::{reference, resolve, user, versia_cluster_on, WAIT};

async fn kinds(instance: &TestInstance, account: AccountId) -> Vec<NotificationKind> {
    let list = instance
        .state()
        .services
        .notifications(account, &Page::default())
        .await
        .unwrap();
    list.into_iter().map(|n| n.kind).collect()
}

/// Seed 001: alice@a.test writes "Hello, @joe@b.test! How are you doing today?".
#[tokio::test]
async fn a_note_with_a_mention_reaches_the_mentioned_user_sqlite() {
    a_note_with_a_mention_reaches_the_mentioned_user(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_note_with_a_mention_reaches_the_mentioned_user_postgres() {
    a_note_with_a_mention_reaches_the_mentioned_user(Backend::Postgres).await;
}

async fn a_note_with_a_mention_reaches_the_mentioned_user(backend: Backend) {
    let Some(cluster) = versia_cluster_on(2, backend).await else {
        return; // PostgreSQL unreachable outside CI: the store printed why.
    };
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let alice = user(a, "alice").await;
    let joe = user(b, "joe").await;

    let posted = a
        .state()
        .services
        .post_note(
            alice.id,
            Draft::public("Hello, @joe@b.test! How are you doing today?"),
        )
        .await
        .unwrap();

    // a resolved joe by WebFinger and a signed fetch of his User, over Versia.
    let [joe_on_a] = posted.mentioned.as_slice() else {
        panic!("joe was not resolved: {:?}", posted.mentioned)
    };
    assert_eq!(joe_on_a.username, "joe");
    assert_eq!(joe_on_a.domain.as_ref().unwrap().as_str(), "b.test");
    let facts = joe_on_a.federation().unwrap();
    assert_eq!(facts.protocol, Protocol::Versia);
    assert_eq!(facts.uri, reference(b, joe.id));
    assert_eq!(facts.inbox, "http://b.test/.versia/v0.6/inbox");
    assert_eq!(facts.public_keys.len(), 1, "the instance key of b.test");
    assert!(posted.note.content_html.contains("mention"));

    // b received the Note: joe has a Mention notification about it.
    let services_b = &b.state().services;
    let notification = eventually_async("joe's mention notification", WAIT, || async {
        let list = services_b
            .notifications(joe.id, &Page::default())
            .await
            .unwrap();
        list.into_iter()
            .find(|n| n.kind == NotificationKind::Mention)
    })
    .await;
    let note = b
        .state()
        .store
        .note(notification.note.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        note.uri.as_deref(),
        Some(&*reference_note(a, posted.note.id))
    );
    assert_eq!(note.mentions, [joe.id]);
    assert_eq!(note.visibility, Visibility::Public);
    assert!(note.content_html.contains("joe"), "{}", note.content_html);
    assert!(
        note.content_html.contains("class=\"u-url mention\""),
        "{}",
        note.content_html
    );
    assert!(note.source.contains("How are you doing today?"));

    // ... written by alice's remote account, fetched from a.test.
    let author = b.state().store.account(note.author).await.unwrap().unwrap();
    assert_eq!(author.username, "alice");
    assert_eq!(author.domain.as_ref().unwrap().as_str(), "a.test");
    let Origin::Remote(facts) = &author.origin else {
        panic!("alice must be remote on b")
    };
    assert_eq!(facts.protocol, Protocol::Versia);
    assert_eq!(facts.uri, reference(a, alice.id));
    assert_eq!(
        facts.shared_inbox.as_deref(),
        Some("http://a.test/.versia/v0.6/inbox")
    );

    cluster.shutdown().await;
}

fn reference_note(instance: &TestInstance, id: NoteId) -> String {
    format!("{}:{}", instance.domain, id.as_i64())
}

/// Follow, FollowAccept, followers-only and direct notes, likes, shares and deletes.
#[tokio::test]
async fn follows_interactions_and_deletes_federate_sqlite() {
    follows_interactions_and_deletes_federate(Backend::Sqlite).await;
}

#[tokio::test]
async fn follows_interactions_and_deletes_federate_postgres() {
    follows_interactions_and_deletes_federate(Backend::Postgres).await;
}

async fn follows_interactions_and_deletes_federate(backend: Backend) {
    let Some(cluster) = versia_cluster_on(2, backend).await else {
        return; // PostgreSQL unreachable outside CI: the store printed why.
    };
    let (a, b) = (cluster.instance("a"), cluster.instance("b"));
    let (services_a, services_b) = (&a.state().services, &b.state().services);
    let (store_a, store_b) = (&a.state().store, &b.state().store);
    let carol = user(a, "carol").await;
    let dan = user(b, "dan").await;
    let erin = user(b, "erin").await;

    // carol follows dan: pending until b's FollowAccept arrives.
    let dan_on_a = resolve(a, "dan@b.test").await;
    let follow = services_a.follow(carol.id, dan_on_a.id).await.unwrap();
    assert_eq!(follow.state, FollowState::Pending);
    eventually_async("the follow accepted on a", WAIT, || async {
        let f = store_a.follow_between(carol.id, dan_on_a.id).await.unwrap();
        f.filter(|f| f.state == FollowState::Accepted)
    })
    .await;
    let carol_on_b = store_b
        .account_by_uri(&reference(a, carol.id))
        .await
        .unwrap()
        .expect("b fetched carol when her Follow arrived");
    let on_b = store_b.follow_between(carol_on_b.id, dan.id).await.unwrap();
    assert_eq!(on_b.unwrap().state, FollowState::Accepted);
    assert_eq!(kinds(b, dan.id).await, [NotificationKind::Follow]);

    // A direct note to erin is never sent to a; a followers-only note after it is.
    let direct = services_b
        .post_note(
            dan.id,
            Draft {
                visibility: Visibility::Direct,
                ..Draft::public("@erin just between us")
            },
        )
        .await
        .unwrap();
    assert_eq!(direct.note.mentions, [erin.id]);
    let private = services_b
        .post_note(
            dan.id,
            Draft {
                visibility: Visibility::FollowersOnly,
                ..Draft::public("for my followers")
            },
        )
        .await
        .unwrap();
    let private_uri = reference_note(b, private.note.id);
    let private_on_a = eventually_async("the followers-only note in carol's home", WAIT, || {
        let uri = private_uri.clone();
        async move {
            let home = services_a
                .home_timeline(carol.id, &Page::default())
                .await
                .unwrap();
            home.into_iter().find(|n| n.uri.as_deref() == Some(&*uri))
        }
    })
    .await;
    assert_eq!(private_on_a.visibility, Visibility::FollowersOnly);
    assert_eq!(private_on_a.author, dan_on_a.id);
    let direct_uri = reference_note(b, direct.note.id);
    assert!(store_a.note_by_uri(&direct_uri).await.unwrap().is_none());

    // A public note, liked and shared by carol: both arrive on b.
    let public = services_b
        .post_note(dan.id, Draft::public("a public thought"))
        .await
        .unwrap();
    let public_uri = reference_note(b, public.note.id);
    let public_on_a = eventually_async("the public note on a", WAIT, || {
        let uri = public_uri.clone();
        async move { store_a.note_by_uri(&uri).await.unwrap() }
    })
    .await;
    services_a.like(carol.id, public_on_a.id).await.unwrap();
    services_a.share(carol.id, public_on_a.id).await.unwrap();
    eventually_async("the like and the share on b", WAIT, || async {
        let likes = store_b.count_likes(public.note.id).await.unwrap();
        let shares = store_b.count_shares(public.note.id).await.unwrap();
        (likes == 1 && shares == 1).then_some(())
    })
    .await;
    assert!(store_b
        .like_between(carol_on_b.id, public.note.id)
        .await
        .unwrap()
        .is_some());
    let dan_kinds = kinds(b, dan.id).await;
    assert!(
        dan_kinds.contains(&NotificationKind::Favourite),
        "{dan_kinds:?}"
    );
    assert!(
        dan_kinds.contains(&NotificationKind::Reblog),
        "{dan_kinds:?}"
    );

    // Taken back: a Delete of the Like and of the Share.
    services_a.unlike(carol.id, public_on_a.id).await.unwrap();
    services_a.unshare(carol.id, public_on_a.id).await.unwrap();
    eventually_async("the like and the share undone on b", WAIT, || async {
        let likes = store_b.count_likes(public.note.id).await.unwrap();
        let shares = store_b.count_shares(public.note.id).await.unwrap();
        (likes == 0 && shares == 0).then_some(())
    })
    .await;

    // dan deletes his followers-only note: it is gone on a.
    services_b
        .delete_note(dan.id, private.note.id)
        .await
        .unwrap();
    eventually_async("the deleted note gone on a", WAIT, || {
        let uri = private_uri.clone();
        async move {
            let gone = store_a.note_by_uri(&uri).await.unwrap().is_none();
            gone.then_some(())
        }
    })
    .await;

    // carol unfollows: the follow ends on b too.
    services_a.unfollow(carol.id, dan_on_a.id).await.unwrap();
    eventually_async("the unfollow on b", WAIT, || async {
        let f = store_b.follow_between(carol_on_b.id, dan.id).await.unwrap();
        f.is_none().then_some(())
    })
    .await;

    cluster.shutdown().await;
}
