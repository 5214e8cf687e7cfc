//! New remote notes written together (`Store::store_new_note`, core's port): each is
//! stored with its mentions, poll and notifications, all or nothing; the same note twice
//! is stored once; a note that cannot be stored fails alone, not its batch-mates.

use std::time::{Duration, Instant};

use rookery_core::notification::{Notification, NotificationKind};
use rookery_core::poll::{Poll, PollOption};
use rookery_core::ports::{ArrivingNote, NewNote};
use rookery_core::{Account, AccountId, NotificationId, Page, Visibility};
use rookery_store::Store;
use tokio::task::JoinSet;

use crate::fixtures::{at, create_local, next_id, note_by, remote};

/// A note by `author` mentioning `mentioned`, with the notification it causes.
fn new_note(author: &Account, mentioned: &Account) -> NewNote {
    let mut note = note_by(author.id, Visibility::Public);
    note.uri = Some(format!("https://b.test/notes/{}", note.id));
    note.mentions = vec![mentioned.id, mentioned.id];
    note.tags = vec!["rust".into()];
    let notification = Notification {
        id: NotificationId(next_id()),
        recipient: mentioned.id,
        from: author.id,
        kind: NotificationKind::Mention,
        note: Some(note.id),
        created_at: at(1),
    };
    NewNote {
        note,
        poll: None,
        notifications: vec![notification],
    }
}

async fn stored_remote(store: &Store, name: &str) -> Account {
    let mut account = remote(name, "b.test");
    let mut tx = store.begin().await.unwrap();
    account.id = tx.upsert_remote_account(&account).await.unwrap();
    tx.commit().await.unwrap();
    account
}

async fn until<F: Fn() -> bool>(what: &str, condition: F) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "{what} never happened");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

pub(crate) async fn a_new_note_is_stored_whole_and_once(store: Store) {
    let alice = create_local(&store, "alice").await;
    let bob = stored_remote(&store, "bob").await;
    let mut first = new_note(&bob, &alice);
    let poll = Poll {
        note: first.note.id,
        options: vec![
            PollOption {
                title: "tea".into(),
                votes: 2,
            },
            PollOption {
                title: "coffee".into(),
                votes: 1,
            },
        ],
        multiple: false,
        hide_totals: false,
        expires_at: Some(at(1000)),
        voters_count: 3,
        updated_at: at(0),
    };
    first.poll = Some(poll.clone());
    assert!(store.store_new_note(first.clone()).await.unwrap());

    let uri = first.note.uri.clone().unwrap();
    let stored = store.note_by_uri(&uri).await.unwrap().unwrap();
    let mut expected = first.note.clone();
    expected.mentions.dedup();
    assert_eq!(stored, expected);
    assert_eq!(store.poll(first.note.id).await.unwrap(), Some(poll));
    let notified = store
        .notifications(alice.id, &Page::newest(10))
        .await
        .unwrap();
    assert_eq!(notified, first.notifications);

    // The same note again under a new id (a second delivery): nothing more is stored.
    let mut again = new_note(&bob, &alice);
    again.note.uri = Some(uri.clone());
    assert!(!store.store_new_note(again.clone()).await.unwrap());
    assert_eq!(store.note(again.note.id).await.unwrap(), None);
    assert_eq!(
        store
            .notifications(alice.id, &Page::newest(10))
            .await
            .unwrap()
            .len(),
        1
    );
}

pub(crate) async fn a_batch_keeps_each_note_to_itself(store: Store) {
    // One lane, so the note writer waits behind the member holding it.
    let store = store.with_write_lanes(1);
    let alice = create_local(&store, "alice").await;
    let bob = stored_remote(&store, "bob").await;
    let mut first_member = store.begin_grouped().await.unwrap();
    first_member
        .mark_inbox_seen("https://b.test/holding", at(0))
        .await
        .unwrap();

    // The first note takes the writer task to the lane, where it waits; the rest queue
    // behind it and are written as one batch.
    let mut tasks = JoinSet::new();
    let lead = new_note(&bob, &alice);
    tasks.spawn({
        let store = store.clone();
        let new = lead.clone();
        async move { (new.note.id, store.store_new_note(new).await) }
    });
    until("the note writer queued for the lane", || {
        store.writers_waiting() >= 1
    })
    .await;

    let good: Vec<NewNote> = (0..10).map(|_| new_note(&bob, &alice)).collect();
    // The same note as good[3] under another id, and a note by no stored account (a
    // foreign key violation, on PostgreSQL one that aborts the statement).
    let mut twin = new_note(&bob, &alice);
    twin.note.uri = good[3].note.uri.clone();
    let orphan = new_note(
        &Account {
            id: AccountId(next_id()),
            ..bob.clone()
        },
        &alice,
    );
    let batch: Vec<NewNote> = good
        .iter()
        .cloned()
        .chain([twin.clone(), orphan.clone()])
        .collect();
    for new in batch.clone() {
        let store = store.clone();
        tasks.spawn(async move { (new.note.id, store.store_new_note(new).await) });
    }
    until("the notes queued behind the first", || {
        store.new_notes_waiting() == batch.len()
    })
    .await;
    first_member.commit().await.unwrap();

    let mut outcomes = std::collections::HashMap::new();
    while let Some(joined) = tasks.join_next().await {
        let (id, outcome) = joined.unwrap();
        outcomes.insert(id, outcome);
    }
    // good[3] and its twin race for the URI (their submitters run in any order):
    // exactly one is stored, the other told so.
    let (pair, singles): (Vec<&NewNote>, Vec<&NewNote>) = good
        .iter()
        .chain([&lead])
        .partition(|n| n.note.uri == twin.note.uri);
    for new in singles {
        assert!(
            matches!(outcomes[&new.note.id], Ok(true)),
            "{:?}",
            outcomes[&new.note.id]
        );
        let uri = new.note.uri.as_deref().unwrap();
        let stored = store.note_by_uri(uri).await.unwrap().unwrap();
        assert_eq!(stored.id, new.note.id);
        assert_eq!(stored.mentions, vec![alice.id]);
        assert_eq!(stored.tags, vec!["rust".to_owned()]);
    }
    let racers = [pair[0], &twin];
    let won: Vec<&&NewNote> = racers
        .iter()
        .filter(|n| matches!(outcomes[&n.note.id], Ok(true)))
        .collect();
    assert_eq!(won.len(), 1, "{:?}", racers.map(|n| &outcomes[&n.note.id]));
    let lost = racers.iter().find(|n| n.note.id != won[0].note.id).unwrap();
    assert!(matches!(outcomes[&lost.note.id], Ok(false)));
    let uri = twin.note.uri.as_deref().unwrap();
    let stored = store.note_by_uri(uri).await.unwrap().unwrap();
    assert_eq!(stored.id, won[0].note.id);
    assert_eq!(store.note(lost.note.id).await.unwrap(), None);
    assert!(outcomes[&orphan.note.id].is_err());
    assert_eq!(store.note(orphan.note.id).await.unwrap(), None);
    // One notification per stored note, none for the race's loser or the orphan.
    let notified = store
        .notifications(alice.id, &Page::newest(40))
        .await
        .unwrap();
    assert_eq!(notified.len(), good.len() + 1);
    assert!(store.inbox_seen("https://b.test/holding").await.unwrap());
}

pub(crate) async fn arriving_note_tells_unknown_stored_and_deleted(store: Store) {
    let alice = create_local(&store, "alice").await;
    let bob = stored_remote(&store, "bob").await;
    let new = new_note(&bob, &alice);
    let uri = new.note.uri.clone().unwrap();
    assert_eq!(
        store.arriving_note(&uri).await.unwrap(),
        ArrivingNote::Unknown
    );
    assert!(store.store_new_note(new.clone()).await.unwrap());
    let mut expected = new.note.clone();
    expected.mentions.dedup();
    assert_eq!(
        store.arriving_note(&uri).await.unwrap(),
        ArrivingNote::Stored(Box::new(expected))
    );
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_note(new.note.id).await.unwrap());
    tx.insert_tombstone(&uri, at(5)).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.arriving_note(&uri).await.unwrap(),
        ArrivingNote::Deleted
    );
    // A tombstone wins even where a note still holds the URI (a delete half applied).
    let mut again = new_note(&bob, &alice);
    again.note.uri = Some(uri.clone());
    let mut tx = store.begin().await.unwrap();
    tx.insert_note(&again.note).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.arriving_note(&uri).await.unwrap(),
        ArrivingNote::Deleted
    );
}
