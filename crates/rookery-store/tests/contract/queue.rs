//! The transactional outbox and the delivery queue: leases, retries, host health.

use std::collections::HashSet;

use rookery_core::ports::DeliveryQueue;
use rookery_core::{Note, Protocol, Visibility};
use rookery_store::{Store, StoreError};

use crate::fixtures::*;

pub(crate) async fn note_and_deliveries_commit_together(store: Store) {
    let alice = create_local(&store, "alice").await;
    let joe = store
        .upsert_remote_account(&remote("joe", "b.social"))
        .await
        .unwrap();
    let mut note = note_by(alice.id, Visibility::Public);
    note.mentions = vec![joe, joe];
    let act = activity(Some(alice.id), at(0));
    let targets = [target("b.social", "inbox"), target("c.social", "inbox")];

    // Dropped without commit: neither the note nor its deliveries exist.
    {
        let mut tx = store.begin().await.unwrap();
        tx.insert_note(&note).await.unwrap();
        assert_eq!(tx.enqueue(&act, &targets).await.unwrap(), 2);
    }
    assert_eq!(store.note(note.id).await.unwrap(), None);
    assert_eq!(store.depth().await.unwrap(), 0);
    assert_eq!(store.count_outbound_activities().await.unwrap(), 0);

    let mut tx = store.begin().await.unwrap();
    tx.insert_note(&note).await.unwrap();
    assert_eq!(tx.enqueue(&act, &targets).await.unwrap(), 2);
    tx.commit().await.unwrap();
    let stored = store.note(note.id).await.unwrap().unwrap();
    assert_eq!(stored.mentions, vec![joe], "mentions are stored once each");
    assert_eq!(
        Note {
            mentions: vec![joe],
            ..note.clone()
        },
        stored
    );
    assert_eq!(
        store
            .note_by_uri(note.uri.as_deref().unwrap())
            .await
            .unwrap(),
        Some(stored)
    );
    assert_eq!(store.depth().await.unwrap(), 2);
    assert_eq!(store.count_notes_by(alice.id).await.unwrap(), 1);

    // The same note again is a conflict, not a second note.
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.insert_note(&note).await,
        Err(StoreError::Conflict(_))
    ));
}

pub(crate) async fn enqueue_dedupes_per_inbox(store: Store) {
    let act = activity(None, at(0));
    let targets = [
        target("b.social", "inbox"),
        target("b.social", "inbox"),
        target("b.social", "users/joe/inbox"),
    ];
    assert_eq!(enqueue(&store, &act, &targets).await, 2);
    // Enqueuing the same activity again adds only new inboxes.
    let more = [target("b.social", "inbox"), target("c.social", "inbox")];
    assert_eq!(enqueue(&store, &act, &more).await, 1);
    assert_eq!(store.depth().await.unwrap(), 3);
    assert_eq!(
        store.count_outbound_activities().await.unwrap(),
        1,
        "body stored once"
    );
    // Another activity to a known inbox is a new delivery.
    assert_eq!(enqueue(&store, &activity(None, at(0)), &more[..1]).await, 1);
    // No targets: nothing stored.
    assert_eq!(enqueue(&store, &activity(None, at(0)), &[]).await, 0);
    assert_eq!(store.count_outbound_activities().await.unwrap(), 2);
}

/// B8's path: thousands of inboxes in one enqueue (one statement per step, the inbox
/// lists bound as JSON), with URLs that need escaping; each inbox gets exactly one
/// delivery that claims back with its inbox, host and the activity's age.
pub(crate) async fn enqueue_thousands_of_inboxes_at_once(store: Store) {
    let odd = [
        target("q.social", "in\"box"),
        target("q.social", "in\\box"),
        target("xn--bcher-kva.example", "inbox?ü=1"),
    ];
    let mut targets: Vec<_> = (0..3_000)
        .map(|n| target(&format!("h{n}.fleet.test"), "inbox"))
        .chain(odd.iter().cloned())
        .collect();
    targets.extend(targets[..100].to_vec());
    let first = activity(None, at(5));
    assert_eq!(enqueue(&store, &first, &targets).await, 3_003);

    let claimed = store.claim("w", at(5), LEASE, 10_000).await.unwrap();
    assert_eq!(claimed.len(), 3_003);
    let got: HashSet<(String, String)> = claimed
        .iter()
        .map(|c| (c.job.target.inbox.clone(), c.job.target.host.clone()))
        .collect();
    let want: HashSet<(String, String)> = targets
        .iter()
        .map(|t| (t.inbox.clone(), t.host.clone()))
        .collect();
    assert_eq!(got, want);
    assert!(claimed
        .iter()
        .all(|c| c.job.activity == first.id && c.job.created_at == at(5) && c.job.attempts == 0));

    // A second activity to the same inboxes plus ten new ones reuses the stored inboxes.
    let second = activity(None, at(6));
    let more: Vec<_> = targets
        .iter()
        .cloned()
        .chain((0..10).map(|n| target(&format!("new{n}.fleet.test"), "inbox")))
        .collect();
    assert_eq!(enqueue(&store, &second, &more).await, 3_013);
    assert_eq!(enqueue(&store, &second, &more).await, 0, "nothing twice");
    assert_eq!(store.depth().await.unwrap(), 6_016);
    assert_eq!(store.count_outbound_activities().await.unwrap(), 2);
}

/// Enqueues of one activity racing each other (PostgreSQL runs them on separate
/// connections) still give each inbox one delivery.
pub(crate) async fn concurrent_enqueues_of_one_activity_never_duplicate(store: Store) {
    let act = activity(None, at(0));
    let shared: Vec<_> = (0..200)
        .map(|n| target(&format!("s{n}.test"), "inbox"))
        .collect();
    let mut tasks = Vec::new();
    for w in 0..8 {
        let (store, act) = (store.clone(), act.clone());
        let mut targets = shared.clone();
        targets.extend((0..50).map(|n| target(&format!("w{w}-{n}.test"), "inbox")));
        tasks.push(tokio::spawn(async move {
            let mut tx = store.begin().await.unwrap();
            let n = tx.enqueue(&act, &targets).await.unwrap();
            tx.commit().await.unwrap();
            n
        }));
    }
    let mut created = 0;
    for task in tasks {
        created += task.await.unwrap();
    }
    assert_eq!(created, 200 + 8 * 50);
    assert_eq!(store.depth().await.unwrap(), 200 + 8 * 50);
    let claimed = store.claim("w", at(0), LEASE, 1_000).await.unwrap();
    let inboxes: HashSet<_> = claimed.iter().map(|c| c.job.target.inbox.clone()).collect();
    assert_eq!(inboxes.len(), claimed.len(), "one delivery per inbox");
}

pub(crate) async fn claim_leases(store: Store) {
    let alice = create_local(&store, "alice").await;
    let act = activity(Some(alice.id), at(0));
    let targets = [
        target("a.test", "inbox"),
        target("b.test", "inbox"),
        target("c.test", "inbox"),
    ];
    enqueue(&store, &act, &targets).await;

    // Not due before the activity was created.
    assert!(store
        .claim("w1", at(-1), LEASE, 10)
        .await
        .unwrap()
        .is_empty());

    let claimed = store.claim("w1", at(0), LEASE, 10).await.unwrap();
    assert_eq!(claimed.len(), 3);
    for c in &claimed {
        assert_eq!(c.body, act.body);
        assert_eq!(c.job.activity, act.id);
        assert_eq!(c.job.actor, Some(alice.id));
        assert_eq!(c.job.protocol, Protocol::ActivityPub);
        assert_eq!(c.job.attempts, 0);
        assert_eq!(c.job.created_at, at(0));
    }
    let inboxes: HashSet<_> = claimed.iter().map(|c| c.job.target.clone()).collect();
    assert_eq!(inboxes, targets.iter().cloned().collect());

    // Leased: another worker gets nothing until the lease runs out.
    assert!(store
        .claim("w2", at(1_000), LEASE, 10)
        .await
        .unwrap()
        .is_empty());
    let again = store.claim("w2", at(60_000), LEASE, 2).await.unwrap();
    assert_eq!(
        again.len(),
        2,
        "expired leases are claimed again, up to the limit"
    );
    assert_eq!(
        store.claim("w3", at(60_000), LEASE, 0).await.unwrap().len(),
        0
    );
    assert_eq!(
        store
            .claim("w3", at(60_000), LEASE, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.depth().await.unwrap(), 3);
}

pub(crate) async fn concurrent_claims_never_share_a_job(store: Store) {
    let targets: Vec<_> = (0..120)
        .map(|i| target(&format!("h{i}.test"), "inbox"))
        .collect();
    for chunk in targets.chunks(40) {
        enqueue(&store, &activity(None, at(0)), chunk).await;
    }
    let mut tasks = Vec::new();
    for w in 0..4 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let batch = store
                    .claim(&format!("w{w}"), at(10), LEASE, 7)
                    .await
                    .unwrap();
                if batch.is_empty() {
                    break;
                }
                mine.extend(batch.into_iter().map(|c| c.job.id));
                tokio::task::yield_now().await;
            }
            mine
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let unique: HashSet<_> = all.iter().copied().collect();
    assert_eq!(unique.len(), all.len(), "a job was claimed twice");
    assert_eq!(all.len(), 120);
}

pub(crate) async fn retry_give_up_and_complete(store: Store) {
    let act = activity(None, at(0));
    enqueue(
        &store,
        &act,
        &[target("a.test", "inbox"), target("b.test", "inbox")],
    )
    .await;
    let claimed = store.claim("w", at(0), LEASE, 10).await.unwrap();
    let (a, b) = (&claimed[0].job, &claimed[1].job);

    store
        .retry_at(a.id, at(300_000), "HTTP 503", at(1))
        .await
        .unwrap();
    // The retry clears the lease but is not due until its time; b's lease ran out.
    let early = store.claim("w", at(100_000), LEASE, 10).await.unwrap();
    assert_eq!(
        early.iter().map(|c| c.job.id).collect::<Vec<_>>(),
        vec![b.id]
    );
    let due = store.claim("w", at(300_000), LEASE, 10).await.unwrap();
    let retried = due.iter().find(|c| c.job.id == a.id).unwrap();
    assert_eq!(retried.job.attempts, 1);

    store.give_up(b.id, "HTTP 410", at(300_001)).await.unwrap();
    assert_eq!(store.depth().await.unwrap(), 1);
    let failed = store.failed_deliveries(10).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].id, b.id);
    assert_eq!(failed[0].last_error, "HTTP 410");
    assert_eq!(failed[0].inbox, "https://b.test/inbox");
    assert_eq!(failed[0].attempts, 1);
    assert_eq!(
        store.count_outbound_activities().await.unwrap(),
        1,
        "a still needs the body"
    );

    store.complete(a.id, "a.test", at(300_002)).await.unwrap();
    assert_eq!(store.depth().await.unwrap(), 0);
    assert_eq!(
        store.count_outbound_activities().await.unwrap(),
        0,
        "body removed with the last delivery"
    );
    // Completing twice is harmless.
    store.complete(a.id, "a.test", at(300_003)).await.unwrap();
}

pub(crate) async fn give_up_expired_moves_old_deliveries(store: Store) {
    enqueue(
        &store,
        &activity(None, at(0)),
        &[target("a.test", "inbox"), target("b.test", "inbox")],
    )
    .await;
    enqueue(
        &store,
        &activity(None, at(10_000)),
        &[target("a.test", "inbox")],
    )
    .await;
    store.mark_host_unreachable("b.test", at(1)).await.unwrap();
    assert_eq!(
        store.give_up_expired(at(5_000)).await.unwrap(),
        2,
        "parked deliveries included"
    );
    assert_eq!(store.depth().await.unwrap(), 1);
    assert_eq!(store.count_outbound_activities().await.unwrap(), 1);
    let failed = store.failed_deliveries(10).await.unwrap();
    assert_eq!(failed.len(), 2);
    assert!(failed.iter().all(|f| f.last_error.starts_with("expired")));
}

pub(crate) async fn unreachable_hosts_are_skipped_until_recovered(store: Store) {
    let day = 86_400_000;
    assert_eq!(
        store.record_host_failure("dead.test", at(0)).await.unwrap(),
        1
    );
    assert_eq!(
        store
            .record_host_failure("dead.test", at(1_000))
            .await
            .unwrap(),
        1,
        "same day"
    );
    assert_eq!(
        store
            .record_host_failure("dead.test", at(day))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .record_host_failure("dead.test", at(3 * day))
            .await
            .unwrap(),
        3
    );
    store
        .mark_host_unreachable("dead.test", at(3 * day))
        .await
        .unwrap();
    store
        .mark_host_unreachable("dead.test", at(4 * day))
        .await
        .unwrap();
    assert_eq!(
        store.unreachable_hosts().await.unwrap(),
        vec![("dead.test".to_owned(), at(3 * day))],
        "the first marking counts"
    );

    enqueue(
        &store,
        &activity(None, at(0)),
        &[target("dead.test", "inbox"), target("ok.test", "inbox")],
    )
    .await;
    let claimed = store.claim("w", at(4 * day), LEASE, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].job.target.host, "ok.test");
    assert!(store
        .claim("w", at(4 * day + 1), LEASE, 10)
        .await
        .unwrap()
        .is_empty());

    store.host_recovered("dead.test").await.unwrap();
    assert!(store.unreachable_hosts().await.unwrap().is_empty());
    let claimed = store.claim("w", at(4 * day + 2), LEASE, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].job.target.host, "dead.test");
    assert_eq!(
        store
            .record_host_failure("dead.test", at(5 * day))
            .await
            .unwrap(),
        1,
        "failures forgotten"
    );

    // A success clears the host's failures too.
    store
        .complete(claimed[0].job.id, "dead.test", at(5 * day))
        .await
        .unwrap();
    assert_eq!(
        store
            .record_host_failure("dead.test", at(6 * day))
            .await
            .unwrap(),
        1
    );
}
