//! Timelines and notifications with Mastodon paging.

use rookery_core::notification::{Notification, NotificationKind};
use rookery_core::social::{Follow, FollowState};
use rookery_core::{FollowId, Note, NoteId, NotificationId, Visibility};
use rookery_store::{Page, Store};

use crate::fixtures::*;

fn ids(notes: &[Note]) -> Vec<NoteId> {
    notes.iter().map(|n| n.id).collect()
}

pub(crate) async fn timeline_paging(store: Store) {
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let stranger = create_local(&store, "stranger").await;
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

    let mut notes = Vec::new();
    for i in 0..10 {
        let author = if i % 2 == 0 { alice.id } else { bob.id };
        notes.push(post(&store, author, Visibility::Public).await);
        post(&store, stranger.id, Visibility::Public).await;
    }
    let newest_first: Vec<NoteId> = notes.iter().rev().map(|n| n.id).collect();

    let page = store
        .home_timeline(alice.id, &Page::newest(3))
        .await
        .unwrap();
    assert_eq!(ids(&page), newest_first[..3]);

    let older = Page {
        max_id: Some(newest_first[2].0),
        ..Page::newest(3)
    };
    assert_eq!(
        ids(&store.home_timeline(alice.id, &older).await.unwrap()),
        newest_first[3..6]
    );

    // since_id: the newest items above it.
    let since = Page {
        since_id: Some(newest_first[5].0),
        ..Page::newest(2)
    };
    assert_eq!(
        ids(&store.home_timeline(alice.id, &since).await.unwrap()),
        newest_first[..2]
    );

    // min_id: the items immediately above it, still newest first.
    let min = Page {
        min_id: Some(newest_first[5].0),
        ..Page::newest(2)
    };
    assert_eq!(
        ids(&store.home_timeline(alice.id, &min).await.unwrap()),
        newest_first[3..5]
    );

    let window = Page {
        max_id: Some(newest_first[1].0),
        since_id: Some(newest_first[6].0),
        ..Page::newest(40)
    };
    assert_eq!(
        ids(&store.home_timeline(alice.id, &window).await.unwrap()),
        newest_first[2..6]
    );

    // A pending follow does not feed the home timeline.
    let mut tx = store.begin().await.unwrap();
    tx.set_follow_state(follow.id, FollowState::Pending)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let home = store
        .home_timeline(alice.id, &Page::newest(40))
        .await
        .unwrap();
    assert_eq!(home.len(), 5);
    assert!(home.iter().all(|n| n.author == alice.id));
}

pub(crate) async fn public_and_account_timelines(store: Store) {
    let alice = create_local(&store, "alice").await;
    let joe = store
        .upsert_remote_account(&remote("joe", "b.social"))
        .await
        .unwrap();
    let public = post(&store, alice.id, Visibility::Public).await;
    let unlisted = post(&store, alice.id, Visibility::Unlisted).await;
    let remote_public = post(&store, joe, Visibility::Public).await;
    let private = post(&store, alice.id, Visibility::FollowersOnly).await;

    let all = store
        .public_timeline(false, &Page::newest(20))
        .await
        .unwrap();
    assert_eq!(ids(&all), vec![remote_public.id, public.id]);
    let local_only = store
        .public_timeline(true, &Page::newest(20))
        .await
        .unwrap();
    assert_eq!(ids(&local_only), vec![public.id]);
    let own = store
        .account_timeline(alice.id, &Page::newest(20))
        .await
        .unwrap();
    assert_eq!(ids(&own), vec![private.id, unlisted.id, public.id]);

    let mut mention = note_by(joe, Visibility::Direct);
    mention.mentions = vec![alice.id];
    let mut tx = store.begin().await.unwrap();
    tx.insert_note(&mention).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        ids(&store
            .mentions_of(alice.id, &Page::newest(20))
            .await
            .unwrap()),
        vec![mention.id]
    );
}

pub(crate) async fn notifications_paged(store: Store) {
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let mut made = Vec::new();
    let mut tx = store.begin().await.unwrap();
    for kind in NotificationKind::ALL {
        let n = Notification {
            id: NotificationId(next_id()),
            recipient: alice.id,
            from: bob.id,
            kind,
            note: None,
            created_at: at(1),
        };
        tx.insert_notification(&n).await.unwrap();
        made.push(n);
    }
    tx.commit().await.unwrap();
    made.reverse();
    assert_eq!(
        store
            .notifications(alice.id, &Page::newest(3))
            .await
            .unwrap(),
        made[..3]
    );
    let min = Page {
        min_id: Some(made[4].id.0),
        ..Page::newest(2)
    };
    assert_eq!(
        store.notifications(alice.id, &min).await.unwrap(),
        made[2..4]
    );
    assert!(store
        .notifications(bob.id, &Page::default())
        .await
        .unwrap()
        .is_empty());

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_notification(alice.id, made[0].id).await.unwrap());
    assert!(
        !tx.delete_notification(bob.id, made[1].id).await.unwrap(),
        "only the recipient dismisses"
    );
    assert_eq!(tx.clear_notifications(alice.id).await.unwrap(), 6);
    tx.commit().await.unwrap();
    assert!(store
        .notifications(alice.id, &Page::default())
        .await
        .unwrap()
        .is_empty());
}
