//! Group commit (`Store::begin_grouped`, the port's `begin`): transactions that queue
//! for the writer share one commit, each in its own savepoint. A member that fails rolls
//! back alone; later members see earlier members' writes (ordering, duplicates); a
//! commit returns only once the data is readable.

use std::time::{Duration, Instant};

use rookery_core::{AccountId, Visibility};
use rookery_store::Store;
use tokio::task::JoinSet;

use crate::fixtures::{at, create_local, next_id, note_by};

/// Waits (bounded) until `n` grouped transactions queue behind the one holding the
/// writer, so they join its batch.
async fn until_waiting(store: &Store, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while store.writers_waiting() < n {
        assert!(Instant::now() < deadline, "{n} writers never queued");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

pub(crate) async fn concurrent_writers_all_commit_and_are_readable(store: Store) {
    let mut tasks = JoinSet::new();
    for n in 0..64 {
        let store = store.clone();
        tasks.spawn(async move {
            let uri = format!("https://b.test/activities/{n}");
            let mut tx = store.begin_grouped().await.unwrap();
            assert!(tx.mark_inbox_seen(&uri, at(n)).await.unwrap());
            tx.commit().await.unwrap();
            // Acknowledged means committed: any reader sees it at once.
            assert!(store.inbox_seen(&uri).await.unwrap(), "{uri} not readable");
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    assert_eq!(store.writers_waiting(), 0);
}

pub(crate) async fn a_failing_member_rolls_back_alone(store: Store) {
    // One lane, so queued members share a batch (PostgreSQL has several).
    let store = store.with_write_lanes(1);
    // The first member holds the writer, so the next two queue and share its batch.
    let mut first = store.begin_grouped().await.unwrap();
    first
        .mark_inbox_seen("https://b.test/first", at(0))
        .await
        .unwrap();
    let failing = tokio::spawn({
        let store = store.clone();
        async move {
            let mut tx = store.begin_grouped().await.unwrap();
            tx.mark_inbox_seen("https://b.test/failing", at(0))
                .await
                .unwrap();
            // No such author: a foreign key violation (on PostgreSQL it aborts the
            // transaction, which only the savepoint undoes).
            let orphan = note_by(AccountId(next_id()), Visibility::Public);
            assert!(tx.insert_note(&orphan).await.is_err());
            // Dropped without commit.
        }
    });
    let last = tokio::spawn({
        let store = store.clone();
        async move {
            let mut tx = store.begin_grouped().await.unwrap();
            tx.mark_inbox_seen("https://b.test/last", at(0))
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
    });
    until_waiting(&store, 2).await;
    first.commit().await.unwrap();
    failing.await.unwrap();
    last.await.unwrap();
    assert!(store.inbox_seen("https://b.test/first").await.unwrap());
    assert!(store.inbox_seen("https://b.test/last").await.unwrap());
    assert!(!store.inbox_seen("https://b.test/failing").await.unwrap());

    // The writer is usable afterwards, by grouped and plain transactions alike.
    let mut tx = store.begin_grouped().await.unwrap();
    assert!(tx
        .mark_inbox_seen("https://b.test/after", at(0))
        .await
        .unwrap());
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(tx
        .mark_inbox_seen("https://b.test/plain", at(0))
        .await
        .unwrap());
    tx.commit().await.unwrap();
    assert!(store.inbox_seen("https://b.test/after").await.unwrap());
}

pub(crate) async fn duplicates_and_order_within_a_batch(store: Store) {
    // One lane, so queued members share a batch (PostgreSQL has several).
    let store = store.with_write_lanes(1);
    let author = create_local(&store, "batcher").await;
    let note = note_by(author.id, Visibility::Public);
    let mut create = store.begin_grouped().await.unwrap();
    assert!(create
        .mark_inbox_seen("https://b.test/create", at(0))
        .await
        .unwrap());
    create.insert_note(&note).await.unwrap();
    // The same activity again, in the same batch: seen already.
    let duplicate = tokio::spawn({
        let store = store.clone();
        async move {
            let mut tx = store.begin_grouped().await.unwrap();
            let first_time = tx
                .mark_inbox_seen("https://b.test/create", at(1))
                .await
                .unwrap();
            tx.commit().await.unwrap();
            first_time
        }
    });
    // A Delete after its Create, in the same batch: it finds the note.
    let delete = tokio::spawn({
        let store = store.clone();
        async move {
            let mut tx = store.begin_grouped().await.unwrap();
            let deleted = tx.delete_note(note.id).await.unwrap();
            tx.commit().await.unwrap();
            deleted
        }
    });
    until_waiting(&store, 2).await;
    create.commit().await.unwrap();
    assert!(!duplicate.await.unwrap(), "a duplicate counted as new");
    assert!(delete.await.unwrap(), "the Delete did not see its Create");
    assert!(store.note(note.id).await.unwrap().is_none());
    assert!(store.inbox_seen("https://b.test/create").await.unwrap());
}

pub(crate) async fn explicit_rollback_keeps_the_batch(store: Store) {
    // One lane, so queued members share a batch (PostgreSQL has several).
    let store = store.with_write_lanes(1);
    let mut kept = store.begin_grouped().await.unwrap();
    kept.mark_inbox_seen("https://b.test/kept", at(0))
        .await
        .unwrap();
    let undone = tokio::spawn({
        let store = store.clone();
        async move {
            let mut tx = store.begin_grouped().await.unwrap();
            tx.mark_inbox_seen("https://b.test/undone", at(0))
                .await
                .unwrap();
            tx.rollback().await.unwrap();
        }
    });
    until_waiting(&store, 1).await;
    kept.commit().await.unwrap();
    undone.await.unwrap();
    assert!(store.inbox_seen("https://b.test/kept").await.unwrap());
    assert!(!store.inbox_seen("https://b.test/undone").await.unwrap());
}
