//! Page-at-once reads for timelines (issue 7, B5): the viewer's ties to a page's
//! accounts, and what a page of statuses shows beyond the notes.

use rookery_core::social::{Block, Follow, FollowState, Like, Mute, Share};
use rookery_core::{FollowId, LikeId, NoteId, ShareId, Visibility};
use rookery_store::Store;

use crate::fixtures::*;

pub(crate) async fn viewer_ties_in_one_read(store: Store) {
    let viewer = create_local(&store, "viewer").await;
    let friend = create_local(&store, "friend").await;
    let blocked = create_local(&store, "blocked").await;
    let blocker = create_local(&store, "blocker").await;
    let muted = create_local(&store, "muted").await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_follow(&Follow {
        id: FollowId(next_id()),
        follower: viewer.id,
        followee: friend.id,
        state: FollowState::Accepted,
        uri: None,
        show_reblogs: true,
        notify: false,
        created_at: at(0),
    })
    .await
    .unwrap();
    tx.insert_block(&Block {
        blocker: viewer.id,
        blocked: blocked.id,
        created_at: at(0),
    })
    .await
    .unwrap();
    tx.insert_block(&Block {
        blocker: blocker.id,
        blocked: viewer.id,
        created_at: at(0),
    })
    .await
    .unwrap();
    tx.insert_mute(&Mute {
        muter: viewer.id,
        muted: muted.id,
        notifications: true,
        created_at: at(0),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let all = [viewer.id, friend.id, blocked.id, blocker.id, muted.id];
    let ties = store.viewer_ties(viewer.id, &all).await.unwrap();
    assert_eq!(ties.accounts.len(), 5);
    assert_eq!(
        ties.follows.iter().copied().collect::<Vec<_>>(),
        [friend.id]
    );
    assert!(ties.relations[&blocked.id].viewer_blocks_author);
    assert!(ties.relations[&blocker.id].author_blocks_viewer);
    assert!(ties.relations[&muted.id].viewer_mutes_author);
    assert!(ties.relations[&muted.id].viewer_mutes_author_notifications);
    assert!(!ties.relations.contains_key(&friend.id));
    assert!(!ties.relations.contains_key(&viewer.id));
}

pub(crate) async fn status_batch_counts_and_viewer_state(store: Store) {
    let viewer = create_local(&store, "viewer").await;
    let author = create_local(&store, "author").await;
    let liked = post(&store, author.id, Visibility::Public).await;
    let plain = post(&store, author.id, Visibility::Public).await;
    let mut reply = note_by(viewer.id, Visibility::Public);
    reply.in_reply_to = Some(liked.id);
    reply.in_reply_to_account = Some(author.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_note(&reply).await.unwrap();
    tx.insert_like(&Like {
        id: LikeId(next_id()),
        account: viewer.id,
        note: liked.id,
        created_at: at(0),
    })
    .await
    .unwrap();
    tx.insert_share(&Share {
        id: ShareId(next_id()),
        account: author.id,
        note: liked.id,
        created_at: at(0),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let notes: Vec<NoteId> = vec![liked.id, plain.id];
    let batch = store
        .status_batch(&notes, &[author.id, viewer.id], Some(viewer.id))
        .await
        .unwrap();
    let counts = batch.note_counts[&liked.id];
    assert_eq!((counts.likes, counts.shares, counts.replies), (1, 1, 1));
    assert!(!batch.note_counts.contains_key(&plain.id));
    assert_eq!(batch.account_counts[&author.id].statuses, 2);
    assert_eq!(batch.account_counts[&viewer.id].statuses, 1);
    assert!(batch.liked.contains(&liked.id) && !batch.liked.contains(&plain.id));
    assert!(
        batch.shared.is_empty(),
        "the share is the author's, not the viewer's"
    );
    assert_eq!(batch.accounts.len(), 2);

    let anonymous = store.status_batch(&notes, &[], None).await.unwrap();
    assert!(anonymous.liked.is_empty() && anonymous.accounts.is_empty());
    assert_eq!(anonymous.note_counts[&liked.id].likes, 1);
}
