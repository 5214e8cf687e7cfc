//! Core's use cases on one real instance (real store, real rules): follows and follow
//! requests, mentions and notifications, the four visibilities, blocks, likes and
//! shares. Nothing here leaves the server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rookery_core::notification::NotificationKind;
use rookery_core::ports::DeliveryQueue;
use rookery_core::service::Draft;
use rookery_core::social::FollowState;
use rookery_core::{AccountId, Page, Visibility};
use rookery_testkit::{TestCluster, TestInstance};

async fn user(instance: &TestInstance, name: &str) -> AccountId {
    instance.create_user(name).await.unwrap().0.id
}

async fn kinds(instance: &TestInstance, account: AccountId) -> Vec<NotificationKind> {
    let services = &instance.state().services;
    let list = services
        .notifications(account, &Page::default())
        .await
        .unwrap();
    list.into_iter().map(|n| n.kind).collect()
}

fn draft(text: &str, visibility: Visibility) -> Draft {
    Draft {
        visibility,
        ..Draft::public(text)
    }
}

#[tokio::test]
async fn follows_mentions_visibility_and_blocks() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    let services = &a.state().services;
    let (alice, bob, carol) = (
        user(a, "alice").await,
        user(a, "bob").await,
        user(a, "carol").await,
    );

    // An unlocked account accepts at once and is told.
    let follow = services.follow(bob, alice).await.unwrap();
    assert_eq!(follow.state, FollowState::Accepted);
    assert_eq!(kinds(a, alice).await, [NotificationKind::Follow]);
    assert!(
        services.follow(alice, alice).await.is_err(),
        "no self-follow"
    );

    // Posting: a mention is linked and notifies; followers see it in their home.
    let public = services
        .post_note(
            alice,
            draft("Hello @carol, see #rookery", Visibility::Public),
        )
        .await
        .unwrap();
    assert!(
        public.note.content_html.contains("class=\"u-url mention\""),
        "{}",
        public.note.content_html
    );
    assert_eq!(public.note.mentions, [carol]);
    assert_eq!(kinds(a, carol).await, [NotificationKind::Mention]);
    let home = services.home_timeline(bob, &Page::default()).await.unwrap();
    assert_eq!(
        home.iter().map(|n| n.id).collect::<Vec<_>>(),
        [public.note.id]
    );

    // The four visibilities.
    let unlisted = services
        .post_note(alice, draft("quiet", Visibility::Unlisted))
        .await
        .unwrap();
    let private = services
        .post_note(alice, draft("friends", Visibility::FollowersOnly))
        .await
        .unwrap();
    let direct = services
        .post_note(alice, draft("psst @bob", Visibility::Direct))
        .await
        .unwrap();
    let cases = [
        (&public.note, [true, true, true]),
        (&unlisted.note, [true, true, true]),
        (&private.note, [false, true, false]),
        (&direct.note, [false, true, false]),
    ];
    for (note, [anyone, bob_sees, carol_sees]) in cases {
        assert_eq!(
            services.may_view(None, note).await.unwrap(),
            anyone,
            "{:?} anonymous",
            note.visibility
        );
        assert_eq!(
            services.may_view(Some(bob), note).await.unwrap(),
            bob_sees,
            "{:?} bob",
            note.visibility
        );
        assert_eq!(
            services.may_view(Some(carol), note).await.unwrap(),
            carol_sees,
            "{:?} carol",
            note.visibility
        );
    }
    let local = services
        .public_timeline(None, true, &Page::default())
        .await
        .unwrap();
    assert_eq!(
        local.iter().map(|n| n.id).collect::<Vec<_>>(),
        [public.note.id],
        "only public notes"
    );
    let carol_view = services
        .account_timeline(Some(carol), alice, &Page::default())
        .await
        .unwrap();
    assert_eq!(
        carol_view.len(),
        2,
        "carol sees the public and unlisted notes only"
    );

    // Likes and shares notify the author once; shares of private notes are refused.
    services.like(bob, public.note.id).await.unwrap();
    services.like(bob, public.note.id).await.unwrap();
    services.share(bob, public.note.id).await.unwrap();
    assert!(services.share(bob, private.note.id).await.is_err());
    let alice_kinds = kinds(a, alice).await;
    assert_eq!(
        alice_kinds
            .iter()
            .filter(|k| **k == NotificationKind::Favourite)
            .count(),
        1
    );
    assert_eq!(
        alice_kinds
            .iter()
            .filter(|k| **k == NotificationKind::Reblog)
            .count(),
        1
    );

    // A block severs the follow and hides the blocked account's notes.
    services.block(bob, alice).await.unwrap();
    let repo = services.repo();
    assert!(repo.follow_between(bob, alice).await.unwrap().is_none());
    assert!(!services.may_view(Some(bob), &public.note).await.unwrap());
    assert!(services
        .home_timeline(bob, &Page::default())
        .await
        .unwrap()
        .is_empty());

    // All of this stayed local: nothing was queued for delivery.
    assert_eq!(a.state().store.depth().await.unwrap(), 0);
    cluster.shutdown().await;
}

#[tokio::test]
async fn locked_accounts_approve_followers() {
    let cluster = TestCluster::start(1).await.unwrap();
    let a = cluster.instance("a");
    let services = &a.state().services;
    let (dana, erin, fred) = (
        user(a, "dana").await,
        user(a, "erin").await,
        user(a, "fred").await,
    );
    let store = &a.state().store;
    let mut profile = store.account(dana).await.unwrap().unwrap();
    profile.locked = true;
    let mut tx = store.begin().await.unwrap();
    tx.update_account_profile(&profile).await.unwrap();
    tx.commit().await.unwrap();

    let request = services.follow(erin, dana).await.unwrap();
    assert_eq!(request.state, FollowState::Pending);
    assert_eq!(kinds(a, dana).await, [NotificationKind::FollowRequest]);
    let private = services
        .post_note(dana, draft("members only", Visibility::FollowersOnly))
        .await
        .unwrap();
    assert!(
        !services.may_view(Some(erin), &private.note).await.unwrap(),
        "pending is not following"
    );

    let accepted = services.accept_follow_request(dana, erin).await.unwrap();
    assert_eq!(accepted.state, FollowState::Accepted);
    assert!(services.may_view(Some(erin), &private.note).await.unwrap());

    services.follow(fred, dana).await.unwrap();
    services.reject_follower(dana, fred).await.unwrap();
    assert!(services
        .repo()
        .follow_between(fred, dana)
        .await
        .unwrap()
        .is_none());
    assert!(
        services.accept_follow_request(dana, fred).await.is_err(),
        "nothing to accept"
    );
    cluster.shutdown().await;
}
