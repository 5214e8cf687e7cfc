//! Follows, blocks, mutes, domain blocks, likes and shares.

use rookery_core::notification::{Notification, NotificationKind};
use rookery_core::social::{Block, DomainBlock, Follow, FollowState, Like, Mute, Share};
use rookery_core::visibility::Relations;
use rookery_core::{Domain, FollowId, LikeId, NotificationId, ShareId, Visibility};
use rookery_store::{Page, Store};

use crate::fixtures::*;

pub(crate) async fn follows(store: Store) {
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let joe = store
        .upsert_remote_account(&remote("joe", "b.social"))
        .await
        .unwrap();
    let follow = |follower, followee, state| Follow {
        id: FollowId(next_id()),
        follower,
        followee,
        state,
        uri: Some(format!("https://x.test/follows/{}", next_id())),
        show_reblogs: true,
        notify: true,
        created_at: at(0),
    };
    let f1 = follow(joe, alice.id, FollowState::Accepted);
    let f2 = follow(bob.id, alice.id, FollowState::Pending);
    let f3 = follow(alice.id, bob.id, FollowState::Accepted);
    let mut tx = store.begin().await.unwrap();
    for f in [&f1, &f2, &f3] {
        assert!(tx.insert_follow(f).await.unwrap());
    }
    // A second follow between the same pair changes nothing.
    assert!(!tx
        .insert_follow(&follow(joe, alice.id, FollowState::Pending))
        .await
        .unwrap());
    tx.commit().await.unwrap();

    assert_eq!(
        store.follow_between(joe, alice.id).await.unwrap(),
        Some(f1.clone())
    );
    assert_eq!(
        store
            .follow_by_uri(f2.uri.as_deref().unwrap())
            .await
            .unwrap(),
        Some(f2.clone())
    );
    assert_eq!(store.follow(f3.id).await.unwrap(), Some(f3.clone()));
    let followers = store.followers(alice.id, &Page::default()).await.unwrap();
    assert_eq!(followers.len(), 1);
    assert_eq!(followers[0].0, f1);
    assert_eq!(followers[0].1.id, joe);
    assert!(
        followers[0].1.federation().is_some(),
        "remote facts come along"
    );
    let requests = store
        .follow_requests(alice.id, &Page::default())
        .await
        .unwrap();
    assert_eq!(
        requests
            .iter()
            .map(|(f, a)| (f.id, a.id))
            .collect::<Vec<_>>(),
        vec![(f2.id, bob.id)]
    );
    let following = store.following(alice.id, &Page::default()).await.unwrap();
    assert_eq!(
        following.iter().map(|(_, a)| a.id).collect::<Vec<_>>(),
        vec![bob.id]
    );

    let mut tx = store.begin().await.unwrap();
    assert!(tx
        .set_follow_state(f2.id, FollowState::Accepted)
        .await
        .unwrap());
    tx.commit().await.unwrap();
    let all: Vec<_> = store
        .all_followers(alice.id)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(all.len(), 2);
    assert!(all.contains(&joe) && all.contains(&bob.id));
    let counts = store.follow_counts(alice.id).await.unwrap();
    assert_eq!((counts.followers, counts.following), (2, 1));
    // Paging followers by follow id.
    let first = store.followers(alice.id, &Page::newest(1)).await.unwrap();
    assert_eq!(first[0].0.id, f2.id);
    let next = Page {
        max_id: Some(f2.id.0),
        ..Page::newest(1)
    };
    assert_eq!(
        store.followers(alice.id, &next).await.unwrap()[0].0.id,
        f1.id
    );

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_follow(f1.id).await.unwrap());
    assert!(!tx.delete_follow(f1.id).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(store.follow_between(joe, alice.id).await.unwrap(), None);
}

pub(crate) async fn blocks_mutes_and_domain_blocks(store: Store) {
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let block = Block {
        blocker: alice.id,
        blocked: bob.id,
        created_at: at(1),
    };
    let mute = Mute {
        muter: bob.id,
        muted: alice.id,
        notifications: true,
        created_at: at(2),
    };
    let domain = Domain::parse("spam.test").unwrap();
    let domain_block = DomainBlock {
        account: alice.id,
        domain: domain.clone(),
        created_at: at(3),
    };
    let mut tx = store.begin().await.unwrap();
    assert!(tx.insert_block(&block).await.unwrap());
    assert!(!tx.insert_block(&block).await.unwrap());
    tx.insert_mute(&mute).await.unwrap();
    tx.insert_mute(&Mute {
        notifications: false,
        ..mute
    })
    .await
    .unwrap();
    assert!(tx.insert_domain_block(&domain_block).await.unwrap());
    assert!(!tx.insert_domain_block(&domain_block).await.unwrap());
    tx.commit().await.unwrap();

    assert_eq!(
        store.block_between(alice.id, bob.id).await.unwrap(),
        Some(block)
    );
    assert_eq!(store.block_between(bob.id, alice.id).await.unwrap(), None);
    assert!(store.blocked_either_way(bob.id, alice.id).await.unwrap());
    assert_eq!(store.blocks_of(alice.id).await.unwrap(), vec![block]);
    assert_eq!(
        store.mute_between(bob.id, alice.id).await.unwrap(),
        Some(Mute {
            notifications: false,
            ..mute
        }),
        "muting again updates the notifications flag"
    );
    assert_eq!(store.mutes_of(bob.id).await.unwrap().len(), 1);
    assert_eq!(
        store.domain_blocks_of(alice.id).await.unwrap(),
        vec![domain_block]
    );
    assert!(store.is_domain_blocked(alice.id, &domain).await.unwrap());

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_block(alice.id, bob.id).await.unwrap());
    assert!(tx.delete_mute(bob.id, alice.id).await.unwrap());
    assert!(tx.delete_domain_block(alice.id, &domain).await.unwrap());
    tx.commit().await.unwrap();
    assert!(!store.blocked_either_way(alice.id, bob.id).await.unwrap());
    assert_eq!(store.mute_between(bob.id, alice.id).await.unwrap(), None);
    assert!(!store.is_domain_blocked(alice.id, &domain).await.unwrap());
}

/// The one-statement read of relations answers as the single reads do, in every
/// direction and for each mute flavour.
pub(crate) async fn relations_in_one_read(store: Store) {
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let carol = create_local(&store, "carol").await;
    let spam = Domain::parse("spam.test").unwrap();
    let elsewhere = Domain::parse("elsewhere.test").unwrap();
    let none = Relations::default();
    assert_eq!(
        store
            .relations_between(alice.id, bob.id, None)
            .await
            .unwrap(),
        none
    );

    let mut tx = store.begin().await.unwrap();
    tx.insert_block(&Block {
        blocker: alice.id,
        blocked: bob.id,
        created_at: at(1),
    })
    .await
    .unwrap();
    tx.insert_mute(&Mute {
        muter: bob.id,
        muted: carol.id,
        notifications: true,
        created_at: at(2),
    })
    .await
    .unwrap();
    tx.insert_mute(&Mute {
        muter: carol.id,
        muted: bob.id,
        notifications: false,
        created_at: at(3),
    })
    .await
    .unwrap();
    tx.insert_domain_block(&DomainBlock {
        account: carol.id,
        domain: spam.clone(),
        created_at: at(4),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let read = |viewer, author, domain| {
        let store = store.clone();
        async move {
            store
                .relations_between(viewer, author, domain)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        read(alice.id, bob.id, None).await,
        Relations {
            viewer_blocks_author: true,
            ..none
        }
    );
    assert_eq!(
        read(bob.id, alice.id, None).await,
        Relations {
            author_blocks_viewer: true,
            ..none
        }
    );
    assert_eq!(
        read(bob.id, carol.id, None).await,
        Relations {
            viewer_mutes_author: true,
            viewer_mutes_author_notifications: true,
            ..none
        }
    );
    assert_eq!(
        read(carol.id, bob.id, None).await,
        Relations {
            viewer_mutes_author: true,
            ..none
        },
        "a mute that leaves notifications alone"
    );
    assert_eq!(
        read(carol.id, alice.id, Some(&spam)).await,
        Relations {
            viewer_domain_blocks_author: true,
            ..none
        }
    );
    assert_eq!(read(carol.id, alice.id, Some(&elsewhere)).await, none);
    assert_eq!(
        read(alice.id, carol.id, Some(&spam)).await,
        none,
        "only the viewer's own domain blocks"
    );
}

/// The notification candidates of one read answer as `relations_between` and
/// `follow_between` do for each local account, in the order asked, leaving remote and
/// unknown ids out.
pub(crate) async fn notification_candidates_in_one_read(store: Store) {
    let joe_account = remote("joe", "b.social");
    let joe_id = store.upsert_remote_account(&joe_account).await.unwrap();
    let joe = rookery_core::Account {
        id: joe_id,
        ..joe_account
    };
    let somebody = store
        .upsert_remote_account(&remote("somebody", "c.social"))
        .await
        .unwrap();
    let names = ["erin", "alice", "bob", "carol", "dave", "frank", "gina"];
    let mut locals = Vec::new();
    for name in names {
        locals.push(create_local(&store, name).await.id);
    }
    let [erin, alice, bob, carol, dave, frank, gina] = locals[..] else {
        unreachable!()
    };
    let follow = |follower, state, notify| Follow {
        id: FollowId(next_id()),
        follower,
        followee: joe.id,
        state,
        uri: None,
        show_reblogs: true,
        notify,
        created_at: at(0),
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_block(&Block {
        blocker: alice,
        blocked: joe.id,
        created_at: at(1),
    })
    .await
    .unwrap();
    tx.insert_block(&Block {
        blocker: joe.id,
        blocked: bob,
        created_at: at(1),
    })
    .await
    .unwrap();
    tx.insert_mute(&Mute {
        muter: carol,
        muted: joe.id,
        notifications: true,
        created_at: at(2),
    })
    .await
    .unwrap();
    tx.insert_domain_block(&DomainBlock {
        account: dave,
        domain: Domain::parse("b.social").unwrap(),
        created_at: at(3),
    })
    .await
    .unwrap();
    for f in [
        follow(erin, FollowState::Accepted, true),
        follow(frank, FollowState::Pending, true),
        follow(gina, FollowState::Accepted, false),
    ] {
        assert!(tx.insert_follow(&f).await.unwrap());
    }
    tx.commit().await.unwrap();

    let unknown = rookery_core::AccountId(next_id());
    let asked = [
        erin, alice, somebody, unknown, bob, carol, dave, frank, gina,
    ];
    let candidates = store
        .notification_candidates(&asked, joe.id, joe.domain.as_ref())
        .await
        .unwrap();
    let order: Vec<_> = candidates.iter().map(|c| c.account).collect();
    assert_eq!(order, locals, "local accounts only, in the order asked");
    for c in &candidates {
        assert!(c.is_local);
        let relations = store
            .relations_between(c.account, joe.id, joe.domain.as_ref())
            .await
            .unwrap();
        assert_eq!(c.relations, relations, "relations of {:?}", c.account);
        let follow = store.follow_between(c.account, joe.id).await.unwrap();
        let accepted = follow
            .as_ref()
            .is_some_and(|f| f.state == FollowState::Accepted);
        assert_eq!(c.follows_actor, accepted, "follow of {:?}", c.account);
        assert_eq!(c.subscribed, accepted && follow.is_some_and(|f| f.notify));
    }
    let of = |id| *candidates.iter().find(|c| c.account == id).unwrap();
    assert!(of(erin).follows_actor && of(erin).subscribed);
    assert!(!of(frank).follows_actor && !of(frank).subscribed, "pending");
    assert!(of(gina).follows_actor && !of(gina).subscribed);
    assert!(of(alice).relations.viewer_blocks_author);
    assert!(of(bob).relations.author_blocks_viewer);
    assert!(of(carol).relations.viewer_mutes_author_notifications);
    assert!(of(dave).relations.viewer_domain_blocks_author);

    // A local actor: no domain block applies, and the actor has no ties to itself.
    let itself = store
        .notification_candidates(&[dave, erin], erin, None)
        .await
        .unwrap();
    assert_eq!(itself.len(), 2);
    assert_eq!(itself[0].relations, Relations::default());
    assert_eq!(itself[1].relations, Relations::default());
    assert!(!itself[1].follows_actor);
    assert!(store
        .notification_candidates(&[], joe.id, None)
        .await
        .unwrap()
        .is_empty());
}

pub(crate) async fn likes_shares_and_cascading_note_delete(store: Store) {
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let note = post(&store, alice.id, Visibility::Public).await;
    let like = Like {
        id: LikeId(next_id()),
        account: bob.id,
        note: note.id,
        created_at: at(1),
    };
    let share = Share {
        id: ShareId(next_id()),
        account: bob.id,
        note: note.id,
        created_at: at(2),
    };
    let notification = Notification {
        id: NotificationId(next_id()),
        recipient: alice.id,
        from: bob.id,
        kind: NotificationKind::Favourite,
        note: Some(note.id),
        created_at: at(1),
    };
    let mut tx = store.begin().await.unwrap();
    assert!(tx.insert_like(&like).await.unwrap());
    assert!(!tx
        .insert_like(&Like {
            id: LikeId(next_id()),
            ..like
        })
        .await
        .unwrap());
    assert!(tx.insert_share(&share).await.unwrap());
    tx.insert_notification(&notification).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.like_between(bob.id, note.id).await.unwrap(),
        Some(like)
    );
    assert_eq!(
        store.share_between(bob.id, note.id).await.unwrap(),
        Some(share)
    );
    assert_eq!(store.like(like.id).await.unwrap(), Some(like));
    assert_eq!(store.share(share.id).await.unwrap(), Some(share));
    assert_eq!(store.like(LikeId(share.id.0)).await.unwrap(), None);
    assert_eq!(store.share(ShareId(like.id.0)).await.unwrap(), None);
    assert_eq!(store.count_likes(note.id).await.unwrap(), 1);
    assert_eq!(store.count_shares(note.id).await.unwrap(), 1);

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_like(bob.id, note.id).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(store.count_likes(note.id).await.unwrap(), 0);

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_note(note.id).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(store.note(note.id).await.unwrap(), None);
    assert_eq!(
        store.count_shares(note.id).await.unwrap(),
        0,
        "shares go with the note"
    );
    assert_eq!(store.notification(notification.id).await.unwrap(), None);
}
