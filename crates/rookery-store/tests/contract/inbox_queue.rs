//! The durable inbox queue: batched appends, leases in arrival order, retries.

use std::time::Duration;

use rookery_core::ports::{InboxJob, InboxQueue};
use rookery_core::{Protocol, Timestamp};
use rookery_store::Store;

fn job(n: usize) -> InboxJob {
    InboxJob {
        protocol: if n.is_multiple_of(2) {
            Protocol::ActivityPub
        } else {
            Protocol::Versia
        },
        signer: format!("https://peer{n}.example/users/u"),
        body: format!("{{\"n\":{n},\"text\":\"ünïcode\"}}"),
        received_at: Timestamp::from_millis(1_000 + n as i64),
    }
}

const LEASE: Duration = Duration::from_secs(60);

pub(crate) async fn appends_are_claimed_in_order_and_finished(store: Store) {
    let queue: &dyn InboxQueue = &store;
    for n in 0..3 {
        queue.append(job(n)).await.unwrap();
    }
    assert_eq!(
        queue.backlog().await.unwrap(),
        (3, Some(Timestamp::from_millis(1_000)))
    );
    let now = Timestamp::from_millis(10_000);
    let claimed = queue.claim("p1", now, LEASE, 10).await.unwrap();
    let jobs: Vec<InboxJob> = claimed.iter().map(|c| c.job.clone()).collect();
    assert_eq!(
        jobs,
        vec![job(0), job(1), job(2)],
        "arrival order, every field kept"
    );
    assert!(claimed.windows(2).all(|w| w[0].id < w[1].id));
    assert!(claimed.iter().all(|c| c.attempts == 0));

    // Leased: nobody else gets them until the lease ends.
    assert!(queue.claim("p2", now, LEASE, 10).await.unwrap().is_empty());
    let later = now + LEASE + Duration::from_secs(1);
    let expired = queue.claim("p2", later, LEASE, 1).await.unwrap();
    assert_eq!(
        expired.len(),
        1,
        "an expired lease is taken over, within the limit"
    );
    assert_eq!(expired[0].id, claimed[0].id);

    let ids: Vec<i64> = claimed.iter().map(|c| c.id).collect();
    queue.finish(&ids).await.unwrap();
    assert_eq!(queue.backlog().await.unwrap(), (0, None));
    let far = later + LEASE + LEASE;
    assert!(queue.claim("p3", far, LEASE, 10).await.unwrap().is_empty());
}

pub(crate) async fn concurrent_appends_all_commit(store: Store) {
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..600 {
        let store = store.clone();
        tasks.spawn(async move { InboxQueue::append(&store, job(n)).await });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap().unwrap();
    }
    let queue: &dyn InboxQueue = &store;
    assert_eq!(queue.backlog().await.unwrap().0, 600);
    let claimed = queue
        .claim("p", Timestamp::from_millis(10_000), LEASE, 1_000)
        .await
        .unwrap();
    let mut seen: Vec<String> = claimed.iter().map(|c| c.job.body.clone()).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 600, "each append stored once");
}

pub(crate) async fn retry_waits_and_counts(store: Store) {
    let queue: &dyn InboxQueue = &store;
    queue.append(job(7)).await.unwrap();
    let now = Timestamp::from_millis(10_000);
    let first = queue.claim("p", now, LEASE, 10).await.unwrap();
    assert_eq!(first.len(), 1);
    let again_at = now + Duration::from_secs(30);
    queue
        .retry(first[0].id, again_at, "store busy")
        .await
        .unwrap();
    assert!(
        queue.claim("p", now, LEASE, 10).await.unwrap().is_empty(),
        "not before its retry time, even though the lease was released"
    );
    let second = queue.claim("p", again_at, LEASE, 10).await.unwrap();
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].attempts, 1);
    assert_eq!(second[0].job, job(7));
}

/// Accepting must not wait for whoever holds the main database's writer (on SQLite the
/// only one: the inbox processor applying earlier activities). The queue has its own.
pub(crate) async fn appends_do_not_wait_for_the_main_writer(store: Store) {
    let queue: &dyn InboxQueue = &store;
    let held = store.begin_grouped().await.unwrap();
    let appended = tokio::time::timeout(Duration::from_secs(10), queue.append(job(1))).await;
    assert!(
        matches!(appended, Ok(Ok(()))),
        "an append committed while the main writer was held: {appended:?}"
    );
    held.commit().await.unwrap();
    assert_eq!(queue.backlog().await.unwrap().0, 1);
}

pub(crate) async fn orphaned_leases_are_released_on_sqlite(store: Store) {
    let queue: &dyn InboxQueue = &store;
    queue.append(job(1)).await.unwrap();
    let now = Timestamp::from_millis(10_000);
    assert_eq!(queue.claim("dead", now, LEASE, 10).await.unwrap().len(), 1);
    let released = store.release_orphaned_inbox_leases().await.unwrap();
    let retaken = queue.claim("new", now, LEASE, 10).await.unwrap();
    match store.backend() {
        rookery_store::Backend::Sqlite => {
            assert_eq!(released, 1);
            assert_eq!(
                retaken.len(),
                1,
                "a restarted SQLite server takes them at once"
            );
        }
        rookery_store::Backend::Postgres => {
            assert_eq!(
                released, 0,
                "other live processes may hold PostgreSQL leases"
            );
            assert!(retaken.is_empty());
        }
    }
}
