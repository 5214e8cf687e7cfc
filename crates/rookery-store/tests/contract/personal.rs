//! The `Personal` and `Directory` ports: bookmarks, pins, favourites, relationship
//! lists, markers, the filtered notifications inbox, account search and weekly figures.

use rookery_core::notification::{Notification, NotificationKind};
use rookery_core::ports::{Directory, MarkerTimeline, NotificationFilter, Personal, PinOutcome};
use rookery_core::social::{Block, Follow, FollowState, Like, Mute};
use rookery_core::{Domain, FollowId, Id, LikeId, NotificationId, Visibility};
use rookery_store::{Page, Store};

use crate::fixtures::*;

pub(crate) async fn bookmarks_pins_and_favourites(store: Store) {
    let p: &dyn Personal = &store;
    let alice = create_local(&store, "alice").await;
    let notes = [
        post(&store, alice.id, Visibility::Public).await,
        post(&store, alice.id, Visibility::Public).await,
        post(&store, alice.id, Visibility::Unlisted).await,
    ];
    for note in &notes {
        assert!(p
            .add_bookmark(next_id(), alice.id, note.id, at(1))
            .await
            .unwrap());
    }
    // A second bookmark of the same note changes nothing.
    assert!(!p
        .add_bookmark(next_id(), alice.id, notes[0].id, at(2))
        .await
        .unwrap());
    assert!(p.is_bookmarked(alice.id, notes[1].id).await.unwrap());
    let page = p.bookmarks(alice.id, &Page::newest(2)).await.unwrap();
    let got: Vec<_> = page.iter().map(|e| e.target).collect();
    assert_eq!(got, vec![notes[2].id, notes[1].id], "newest bookmark first");
    let older = Page {
        max_id: Some(page[1].id),
        ..Page::newest(2)
    };
    let rest = p.bookmarks(alice.id, &older).await.unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].target, notes[0].id);
    assert!(p.remove_bookmark(alice.id, notes[1].id).await.unwrap());
    assert!(!p.remove_bookmark(alice.id, notes[1].id).await.unwrap());
    assert!(!p.is_bookmarked(alice.id, notes[1].id).await.unwrap());

    // Pins: at most `max`, the check done by the store.
    assert_eq!(
        p.pin(next_id(), alice.id, notes[0].id, at(1), 2)
            .await
            .unwrap(),
        PinOutcome::Pinned
    );
    assert_eq!(
        p.pin(next_id(), alice.id, notes[0].id, at(1), 2)
            .await
            .unwrap(),
        PinOutcome::AlreadyPinned
    );
    assert_eq!(
        p.pin(next_id(), alice.id, notes[1].id, at(1), 2)
            .await
            .unwrap(),
        PinOutcome::Pinned
    );
    assert_eq!(
        p.pin(next_id(), alice.id, notes[2].id, at(1), 2)
            .await
            .unwrap(),
        PinOutcome::LimitReached
    );
    assert_eq!(
        p.pinned(alice.id).await.unwrap(),
        vec![notes[1].id, notes[0].id]
    );
    assert!(p.unpin(alice.id, notes[1].id).await.unwrap());
    assert!(!p.is_pinned(alice.id, notes[1].id).await.unwrap());
    assert!(p.is_pinned(alice.id, notes[0].id).await.unwrap());

    // Favourites are the account's likes, newest like first.
    let mut tx = store.begin().await.unwrap();
    for note in [&notes[2], &notes[0]] {
        let like = Like {
            id: LikeId(next_id()),
            account: alice.id,
            note: note.id,
            created_at: at(3),
        };
        assert!(tx.insert_like(&like).await.unwrap());
    }
    tx.commit().await.unwrap();
    let favourites = p.favourites(alice.id, &Page::default()).await.unwrap();
    let got: Vec<_> = favourites.iter().map(|e| e.target).collect();
    assert_eq!(got, vec![notes[0].id, notes[2].id]);
}

pub(crate) async fn relationship_lists_and_markers(store: Store) {
    let p: &dyn Personal = &store;
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let carol = create_local(&store, "carol").await;
    let mut tx = store.begin().await.unwrap();
    for blocked in [bob.id, carol.id] {
        let block = Block {
            blocker: alice.id,
            blocked,
            created_at: at(1),
        };
        tx.insert_block(&block).await.unwrap();
    }
    let mute = Mute {
        muter: alice.id,
        muted: carol.id,
        notifications: true,
        created_at: at(1),
    };
    tx.insert_mute(&mute).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        p.blocked_accounts(alice.id, &Page::default())
            .await
            .unwrap(),
        vec![carol.id, bob.id]
    );
    assert!(p
        .blocked_accounts(bob.id, &Page::default())
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        p.muted_accounts(alice.id, &Page::default()).await.unwrap(),
        vec![carol.id]
    );

    let spam = Domain::parse("spam.example").unwrap();
    let other = Domain::parse("ads.example").unwrap();
    assert!(p.block_domain(alice.id, &spam, at(1)).await.unwrap());
    assert!(!p.block_domain(alice.id, &spam, at(2)).await.unwrap());
    assert!(p.block_domain(alice.id, &other, at(2)).await.unwrap());
    assert!(store.is_domain_blocked(alice.id, &spam).await.unwrap());
    assert_eq!(
        p.blocked_domains(alice.id, None, 10).await.unwrap(),
        vec![other.clone(), spam.clone()]
    );
    assert_eq!(
        p.blocked_domains(alice.id, Some("ads.example"), 10)
            .await
            .unwrap(),
        vec![spam.clone()]
    );
    assert!(p.unblock_domain(alice.id, &spam).await.unwrap());
    assert!(!p.unblock_domain(alice.id, &spam).await.unwrap());

    assert!(p.markers(alice.id).await.unwrap().is_empty());
    let first = p
        .save_marker(alice.id, MarkerTimeline::Home, Id::from_i64(42), at(5))
        .await
        .unwrap();
    assert_eq!((first.version, first.last_read_id), (1, Id::from_i64(42)));
    let second = p
        .save_marker(alice.id, MarkerTimeline::Home, Id::from_i64(50), at(6))
        .await
        .unwrap();
    assert_eq!((second.version, second.updated_at), (2, at(6)));
    p.save_marker(
        alice.id,
        MarkerTimeline::Notifications,
        Id::from_i64(7),
        at(7),
    )
    .await
    .unwrap();
    let markers = p.markers(alice.id).await.unwrap();
    assert_eq!(markers.len(), 2);
    assert_eq!(markers[0], second);
    assert!(p.markers(bob.id).await.unwrap().is_empty());
}

pub(crate) async fn notification_inbox(store: Store) {
    let p: &dyn Personal = &store;
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let carol = create_local(&store, "carol").await;
    let kinds = [
        (bob.id, NotificationKind::Follow),
        (carol.id, NotificationKind::Favourite),
        (bob.id, NotificationKind::Mention),
        (carol.id, NotificationKind::Follow),
    ];
    let mut made = Vec::new();
    let mut tx = store.begin().await.unwrap();
    for (from, kind) in kinds {
        let n = Notification {
            id: NotificationId(next_id()),
            recipient: alice.id,
            from,
            kind,
            note: None,
            created_at: at(1),
        };
        tx.insert_notification(&n).await.unwrap();
        made.push(n);
    }
    tx.commit().await.unwrap();
    let list = |filter: NotificationFilter| async move {
        p.filtered_notifications(alice.id, &filter, &Page::default())
            .await
            .unwrap()
            .iter()
            .map(|n| n.id)
            .collect::<Vec<_>>()
    };
    let all = list(NotificationFilter::default()).await;
    assert_eq!(all, vec![made[3].id, made[2].id, made[1].id, made[0].id]);
    let follows = list(NotificationFilter {
        types: vec![NotificationKind::Follow],
        ..NotificationFilter::default()
    })
    .await;
    assert_eq!(follows, vec![made[3].id, made[0].id]);
    let not_follows = list(NotificationFilter {
        exclude_types: vec![NotificationKind::Follow, NotificationKind::Mention],
        ..NotificationFilter::default()
    })
    .await;
    assert_eq!(not_follows, vec![made[1].id]);
    let from_bob = list(NotificationFilter {
        types: vec![NotificationKind::Follow],
        from: Some(bob.id),
        ..NotificationFilter::default()
    })
    .await;
    assert_eq!(from_bob, vec![made[0].id]);

    assert_eq!(
        p.notification(alice.id, made[1].id).await.unwrap(),
        Some(made[1].clone())
    );
    // Another account's notification is not found.
    assert_eq!(p.notification(bob.id, made[1].id).await.unwrap(), None);
    assert_eq!(
        p.count_notifications_after(alice.id, Some(made[1].id.0), 100)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        p.count_notifications_after(alice.id, None, 3)
            .await
            .unwrap(),
        3
    );
    assert!(!p.dismiss_notification(bob.id, made[1].id).await.unwrap());
    assert!(p.dismiss_notification(alice.id, made[1].id).await.unwrap());
    assert_eq!(list(NotificationFilter::default()).await.len(), 3);
    assert_eq!(p.clear_notifications(alice.id).await.unwrap(), 3);
    assert!(list(NotificationFilter::default()).await.is_empty());
}

pub(crate) async fn directory_queries(store: Store) {
    let d: &dyn Directory = &store;
    let alice = create_local(&store, "alice").await;
    let alan = create_local(&store, "alan").await;
    let bob = create_local(&store, "bob").await;
    let al_remote = store
        .upsert_remote_account(&remote("al", "b.social"))
        .await
        .unwrap();
    let zed = store
        .upsert_remote_account(&remote("zed", "a.social"))
        .await
        .unwrap();
    // Local accounts first, then by username.
    assert_eq!(
        d.search_accounts("AL", None, None, 10).await.unwrap(),
        vec![alan.id, alice.id, al_remote]
    );
    assert_eq!(
        d.search_accounts("al", Some("b.social"), None, 10)
            .await
            .unwrap(),
        vec![al_remote]
    );
    // LIKE wildcards in the query match literally.
    assert!(d
        .search_accounts("a%", None, None, 10)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        d.search_accounts("al", None, None, 1).await.unwrap(),
        vec![alan.id]
    );

    let follow = |follower, followee| Follow {
        id: FollowId(next_id()),
        follower,
        followee,
        state: FollowState::Accepted,
        uri: None,
        show_reblogs: true,
        notify: false,
        created_at: at(0),
    };
    let mut tx = store.begin().await.unwrap();
    for (a, b) in [
        (alice.id, alan.id),
        (alice.id, al_remote),
        (alan.id, bob.id),
        (al_remote, bob.id),
        (zed, bob.id),
    ] {
        tx.insert_follow(&follow(a, b)).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(
        d.search_accounts("al", None, Some(alice.id), 10)
            .await
            .unwrap(),
        vec![alan.id, al_remote]
    );
    let mut familiar = d.familiar_followers(alice.id, bob.id, 10).await.unwrap();
    familiar.sort();
    let mut want = vec![alan.id, al_remote];
    want.sort();
    assert_eq!(
        familiar, want,
        "zed follows bob but alice does not follow zed"
    );

    assert_eq!(d.peers().await.unwrap(), vec!["a.social", "b.social"]);
    let week = d.activity(at(-1), at(1)).await.unwrap();
    assert_eq!(week.registrations, 3, "local accounts only");
    post(&store, alice.id, Visibility::Public).await;
    assert_eq!(d.activity(at(-1), at(1)).await.unwrap().statuses, 1);
    assert_eq!(d.activity(at(1), at(2)).await.unwrap().registrations, 0);
}
