//! Page-at-once reads for timelines (issue 7, B5): the viewer's ties to a page's
//! accounts, and what a page of statuses shows beyond the notes.

use rookery_core::social::{Block, Follow, FollowState, Like, Mute, Share};
use rookery_core::{
    AccountId, Attachment, FollowId, LikeId, MediaKind, NoteId, ShareId, Visibility,
};
use rookery_store::{Page, Store};

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

/// The counts a page shows (`status_batch`) and the exact counts (`follow_counts`,
/// `count_notes_by`) agree for `accounts`, and equal `expected` (statuses, followers,
/// following) in that order.
async fn assert_counts(store: &Store, accounts: &[AccountId], expected: &[(u64, u64, u64)]) {
    let batch = store.status_batch(&[], accounts, None).await.unwrap();
    for (account, want) in accounts.iter().zip(expected) {
        let shown = batch
            .account_counts
            .get(account)
            .copied()
            .unwrap_or_default();
        let follows = store.follow_counts(*account).await.unwrap();
        let exact = (
            store.count_notes_by(*account).await.unwrap(),
            follows.followers,
            follows.following,
        );
        assert_eq!(exact, *want, "exact counts of {account:?}");
        assert_eq!(
            (shown.statuses, shown.followers, shown.following),
            *want,
            "shown counts of {account:?}"
        );
    }
}

fn follow_of(follower: AccountId, followee: AccountId, state: FollowState) -> Follow {
    Follow {
        id: FollowId(next_id()),
        follower,
        followee,
        state,
        uri: None,
        show_reblogs: true,
        notify: false,
        created_at: at(0),
    }
}

/// Statuses, followers and following counts as a page shows them follow every write:
/// posts and deletions, follows, requests accepted and rejected, unfollows, a second
/// follow that changes nothing, and a remote account's deletion cascading to its notes
/// and follows (SQLite keeps counters, migration 0023; PostgreSQL counts).
pub(crate) async fn account_counts_follow_every_write(store: Store) {
    let a = create_local(&store, "alice").await;
    let b = create_local(&store, "bob").await;
    let r = store
        .upsert_remote_account(&remote("rem", "remote.example"))
        .await
        .unwrap();
    let ids = [a.id, b.id, r];
    assert_counts(&store, &ids, &[(0, 0, 0), (0, 0, 0), (0, 0, 0)]).await;

    let first = post(&store, a.id, Visibility::Public).await;
    post(&store, a.id, Visibility::Direct).await;
    post(&store, r, Visibility::Public).await;
    assert_counts(&store, &ids, &[(2, 0, 0), (0, 0, 0), (1, 0, 0)]).await;

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_note(first.id).await.unwrap());
    tx.commit().await.unwrap();
    assert_counts(&store, &ids, &[(1, 0, 0), (0, 0, 0), (1, 0, 0)]).await;

    // b follows a (accepted); a asks to follow r (pending); r follows b.
    let b_a = follow_of(b.id, a.id, FollowState::Accepted);
    let a_r = follow_of(a.id, r, FollowState::Pending);
    let mut tx = store.begin().await.unwrap();
    assert!(tx.insert_follow(&b_a).await.unwrap());
    assert!(tx.insert_follow(&a_r).await.unwrap());
    assert!(tx
        .insert_follow(&follow_of(r, b.id, FollowState::Accepted))
        .await
        .unwrap());
    // Following again changes nothing.
    assert!(!tx
        .insert_follow(&follow_of(b.id, a.id, FollowState::Accepted))
        .await
        .unwrap());
    tx.commit().await.unwrap();
    assert_counts(&store, &ids, &[(1, 1, 0), (0, 1, 1), (1, 0, 1)]).await;

    // The request is accepted, then turned back to pending and rejected.
    let mut tx = store.begin().await.unwrap();
    assert!(tx
        .set_follow_state(a_r.id, FollowState::Accepted)
        .await
        .unwrap());
    tx.commit().await.unwrap();
    assert_counts(&store, &ids, &[(1, 1, 1), (0, 1, 1), (1, 1, 1)]).await;
    let mut tx = store.begin().await.unwrap();
    assert!(tx
        .set_follow_state(a_r.id, FollowState::Accepted)
        .await
        .unwrap());
    assert!(tx
        .set_follow_state(a_r.id, FollowState::Pending)
        .await
        .unwrap());
    tx.commit().await.unwrap();
    assert_counts(&store, &ids, &[(1, 1, 0), (0, 1, 1), (1, 0, 1)]).await;

    // Unfollow; a rolled-back unfollow changes nothing.
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_follow(b_a.id).await.unwrap());
    tx.rollback().await.unwrap();
    assert_counts(&store, &ids, &[(1, 1, 0), (0, 1, 1), (1, 0, 1)]).await;
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_follow(b_a.id).await.unwrap());
    tx.commit().await.unwrap();
    assert_counts(&store, &ids, &[(1, 0, 0), (0, 1, 0), (1, 0, 1)]).await;

    // The remote account goes: its note and its follow of b go with it.
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_remote_account(r).await.unwrap());
    tx.commit().await.unwrap();
    assert_counts(&store, &[a.id, b.id], &[(1, 0, 0), (0, 0, 0)]).await;
    let batch = store.status_batch(&[], &[r], None).await.unwrap();
    assert!(batch.accounts.is_empty() && batch.account_counts.is_empty());
}

/// A timeline page reads mentions, attachments and hashtags in one query; each note of
/// the page equals the note read alone (same lists, same order), including notes with
/// none of them.
pub(crate) async fn timeline_page_parts_match_single_reads(store: Store) {
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let carol = create_local(&store, "carol").await;
    let mut tx = store.begin().await.unwrap();
    let mut written = Vec::new();
    for n in 0..4usize {
        let mut note = note_by(alice.id, Visibility::Public);
        if n % 2 == 0 {
            note.mentions = vec![carol.id, bob.id];
            note.attachments = (0..3)
                .map(|k| Attachment {
                    url: format!("https://files.example/{n}/{k}.png"),
                    media_type: Some("image/png".into()),
                    description: (k == 1).then(|| "alt".to_owned()),
                    blurhash: None,
                    width: Some(10 + k),
                    height: None,
                    kind: MediaKind::Image,
                })
                .collect();
            note.tags = vec!["zebra".into(), "apple".into()];
        }
        tx.insert_note(&note).await.unwrap();
        written.push(note.id);
    }
    tx.commit().await.unwrap();

    let page = store
        .account_timeline(alice.id, &Page::newest(20))
        .await
        .unwrap();
    assert_eq!(page.len(), 4);
    for note in &page {
        let alone = store.note(note.id).await.unwrap().unwrap();
        assert_eq!(*note, alone);
    }
    let with_parts = page.iter().filter(|n| !n.attachments.is_empty()).count();
    assert_eq!(with_parts, 2);
    let rich = page.iter().find(|n| !n.tags.is_empty()).unwrap();
    assert_eq!(rich.attachments[1].description.as_deref(), Some("alt"));
    assert_eq!(rich.attachments.len(), 3);
    assert_eq!(rich.mentions.len(), 2);
    assert!(written.contains(&rich.id));
}
