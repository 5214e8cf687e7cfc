//! Notes' edit history and polls with their votes.

use rookery_core::note_edit::NoteEdit;
use rookery_core::poll::{Poll, PollOption, PollVote};
use rookery_core::Visibility;
use rookery_store::Store;

use crate::fixtures::*;

pub(crate) async fn edit_history_oldest_first(store: Store) {
    let alice = create_local(&store, "alice").await;
    let note = post(&store, alice.id, Visibility::Public).await;
    let first = NoteEdit {
        note: note.id,
        content_html: "<p>one</p>".into(),
        content_warning: String::new(),
        sensitive: false,
        created_at: at(1),
    };
    let second = NoteEdit {
        content_html: "<p>two</p>".into(),
        content_warning: "cw".into(),
        sensitive: true,
        created_at: at(2),
        ..first.clone()
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_note_edit(&second).await.unwrap();
    tx.insert_note_edit(&first).await.unwrap();
    tx.insert_note_edit(&first).await.unwrap(); // a redelivered edit
    tx.commit().await.unwrap();
    assert_eq!(
        store.note_edits(note.id).await.unwrap(),
        [first, second.clone()]
    );

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_note(note.id).await.unwrap());
    tx.commit().await.unwrap();
    assert!(store.note_edits(note.id).await.unwrap().is_empty());
}

pub(crate) async fn polls_votes_and_recount(store: Store) {
    let alice = create_local(&store, "alice").await;
    let bob = create_local(&store, "bob").await;
    let carol = create_local(&store, "carol").await;
    let note = post(&store, alice.id, Visibility::Public).await;
    assert_eq!(store.poll(note.id).await.unwrap(), None);
    let poll = Poll {
        note: note.id,
        options: vec![
            PollOption {
                title: "tea".into(),
                votes: 0,
            },
            PollOption {
                title: "coffee".into(),
                votes: 0,
            },
        ],
        multiple: true,
        hide_totals: false,
        expires_at: Some(at(1000)),
        voters_count: 0,
        updated_at: at(0),
    };
    let mut tx = store.begin().await.unwrap();
    tx.upsert_poll(&poll).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.poll(note.id).await.unwrap(), Some(poll.clone()));

    let vote = |account, choice| PollVote {
        note: note.id,
        account,
        choice,
        uri: None,
        created_at: at(5),
    };
    let mut tx = store.begin().await.unwrap();
    assert!(tx.insert_poll_vote(&vote(bob.id, 0)).await.unwrap());
    assert!(tx.insert_poll_vote(&vote(bob.id, 1)).await.unwrap());
    assert!(
        !tx.insert_poll_vote(&vote(bob.id, 1)).await.unwrap(),
        "once"
    );
    assert!(tx.insert_poll_vote(&vote(carol.id, 1)).await.unwrap());
    let counted = tx.recount_poll(note.id, at(0)).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        counted.options.iter().map(|o| o.votes).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(counted.voters_count, 2);
    assert!(
        counted.updated_at > poll.updated_at,
        "each recount is newer"
    );
    assert_eq!(store.poll(note.id).await.unwrap(), Some(counted));
    assert_eq!(store.poll_choices(note.id, bob.id).await.unwrap(), [0, 1]);
    assert!(store
        .poll_choices(note.id, alice.id)
        .await
        .unwrap()
        .is_empty());
    let mut voters = vec![bob.id, carol.id];
    voters.sort();
    assert_eq!(store.poll_voters(note.id).await.unwrap(), voters);

    // A remote server's recount replaces the counts; the votes stay.
    let recounted = Poll {
        options: vec![
            PollOption {
                title: "tea".into(),
                votes: 7,
            },
            PollOption {
                title: "coffee".into(),
                votes: 9,
            },
        ],
        voters_count: 12,
        updated_at: at(50),
        ..poll
    };
    let mut tx = store.begin().await.unwrap();
    tx.upsert_poll(&recounted).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.poll(note.id).await.unwrap(), Some(recounted));
    assert_eq!(store.poll_choices(note.id, bob.id).await.unwrap(), [0, 1]);
}
