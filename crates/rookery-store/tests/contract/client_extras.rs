//! The client API's extra ports: `StatusAccounts` (who liked or shared a note, paged by
//! the like's or share's id), `Idempotency` (keys and their hour) and `FollowSettings`
//! (a follow's options, languages included).

use rookery_core::ports::{FollowOptions, FollowSettings, Idempotency, KeyClaim, StatusAccounts};
use rookery_core::reaction::Dislike;
use rookery_core::social::{Follow, FollowState, Like, Share};
use rookery_core::{DislikeId, FollowId, LikeId, ShareId, Visibility};
use rookery_store::{Page, Store};

use crate::fixtures::*;

pub(crate) async fn likers_and_sharers_paged(store: Store) {
    let s: &dyn StatusAccounts = &store;
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let carol = create_local(&store, "carol").await;
    let note = post(&store, alice.id, Visibility::Public).await;
    let other = post(&store, alice.id, Visibility::Public).await;
    let mut tx = store.begin().await.unwrap();
    for (account, liked) in [(bob.id, note.id), (carol.id, note.id), (bob.id, other.id)] {
        let like = Like {
            id: LikeId(next_id()),
            account,
            note: liked,
            created_at: at(1),
        };
        assert!(tx.insert_like(&like).await.unwrap());
    }
    let share = Share {
        id: ShareId(next_id()),
        account: carol.id,
        note: note.id,
        created_at: at(2),
    };
    assert!(tx.insert_share(&share).await.unwrap());
    tx.commit().await.unwrap();

    let likers = s.favourited_by(note.id, &Page::newest(1)).await.unwrap();
    assert_eq!(likers.len(), 1);
    assert_eq!(likers[0].target, carol.id, "newest like first");
    let older = Page {
        max_id: Some(likers[0].id),
        ..Page::newest(5)
    };
    let rest = s.favourited_by(note.id, &older).await.unwrap();
    let got: Vec<_> = rest.iter().map(|e| e.target).collect();
    assert_eq!(
        got,
        vec![bob.id],
        "only this note's likes, older than the first"
    );
    let sharers = s.reblogged_by(note.id, &Page::default()).await.unwrap();
    assert_eq!(sharers.len(), 1);
    assert_eq!(sharers[0].target, carol.id);
    assert_eq!(sharers[0].id, share.id.0);
    assert!(s
        .reblogged_by(other.id, &Page::default())
        .await
        .unwrap()
        .is_empty());

    // Dislikes are listed per note, like likes (versia.md §10.6).
    let dislike = Dislike {
        id: DislikeId(next_id()),
        account: bob.id,
        note: note.id,
        uri: Some("b.test:dislike-1".into()),
        created_at: at(3),
    };
    let mut tx = store.begin().await.unwrap();
    assert!(tx.insert_dislike(&dislike).await.unwrap());
    tx.commit().await.unwrap();
    let dislikers = s.disliked_by(note.id, &Page::default()).await.unwrap();
    assert_eq!(dislikers.len(), 1);
    assert_eq!(dislikers[0].target, bob.id);
    assert_eq!(dislikers[0].id, dislike.id.0);
    assert!(s
        .disliked_by(other.id, &Page::default())
        .await
        .unwrap()
        .is_empty());
}

pub(crate) async fn idempotency_keys_expire(store: Store) {
    let i: &dyn Idempotency = &store;
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let first = post(&store, alice.id, Visibility::Public).await;
    let second = post(&store, alice.id, Visibility::Public).await;
    // (now, expired_before, stale_before)
    let claim = |account, now: i64, expired: i64, stale: i64| async move {
        i.claim_key(account, "k", at(now), at(expired), at(stale))
            .await
            .unwrap()
    };
    assert_eq!(claim(alice.id, 1_000, 0, 0).await, KeyClaim::Claimed);
    // A twin arriving while the first is posting must wait; another account is free.
    assert_eq!(claim(alice.id, 1_001, 0, 0).await, KeyClaim::InProgress);
    assert_eq!(claim(bob.id, 1_001, 0, 0).await, KeyClaim::Claimed);
    i.complete_key(alice.id, "k", first.id).await.unwrap();
    assert_eq!(claim(alice.id, 1_002, 0, 0).await, KeyClaim::Done(first.id));
    // Past its hour the key is taken over, and then stands for the new note.
    assert_eq!(claim(alice.id, 5_000, 2_000, 0).await, KeyClaim::Claimed);
    i.complete_key(alice.id, "k", second.id).await.unwrap();
    assert_eq!(
        claim(alice.id, 5_001, 2_000, 0).await,
        KeyClaim::Done(second.id)
    );
    // A released claim frees the key; a stale unfinished claim is taken over.
    i.release_key(bob.id, "k").await.unwrap();
    assert_eq!(claim(bob.id, 6_000, 0, 0).await, KeyClaim::Claimed);
    assert_eq!(claim(bob.id, 6_001, 0, 5_000).await, KeyClaim::InProgress);
    assert_eq!(claim(bob.id, 9_000, 0, 7_000).await, KeyClaim::Claimed);
    // Releasing never drops a finished record.
    i.release_key(alice.id, "k").await.unwrap();
    assert_eq!(
        claim(alice.id, 5_002, 2_000, 0).await,
        KeyClaim::Done(second.id)
    );
}

pub(crate) async fn follow_options_round_trip(store: Store) {
    let f: &dyn FollowSettings = &store;
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let follow = Follow {
        id: FollowId(next_id()),
        follower: alice.id,
        followee: bob.id,
        state: FollowState::Accepted,
        uri: None,
        show_reblogs: true,
        notify: false,
        created_at: at(0),
    };
    let mut tx = store.begin().await.unwrap();
    assert!(tx.insert_follow(&follow).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(f.follow_languages(follow.id).await.unwrap(), None);
    let options = FollowOptions {
        show_reblogs: false,
        notify: true,
        languages: Some(vec!["en".into(), "de".into()]),
    };
    assert!(f.set_follow_options(follow.id, &options).await.unwrap());
    let stored = store
        .follow_between(alice.id, bob.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!stored.show_reblogs);
    assert!(stored.notify);
    assert_eq!(
        f.follow_languages(follow.id).await.unwrap(),
        Some(vec!["en".to_owned(), "de".to_owned()])
    );
    let all = FollowOptions {
        languages: None,
        ..options
    };
    assert!(f.set_follow_options(follow.id, &all).await.unwrap());
    assert_eq!(f.follow_languages(follow.id).await.unwrap(), None);
    assert!(!f
        .set_follow_options(FollowId(next_id()), &all)
        .await
        .unwrap());
}
