//! Worker liveness (migration 0025, `workers.rs`): a dead worker's leases go back to the
//! queue when a live worker reaps it, whether its beat went stale or (PostgreSQL) its
//! database session ended; a live worker's leases stay put.

use std::time::{Duration, Instant};

use rookery_core::ports::{Beat, DeliveryQueue, WorkerRegistry};
use rookery_store::{Backend, Store};

use crate::fixtures::*;

/// How many deliveries `worker` claims at `t` (ms after the fixtures' epoch).
async fn claims(store: &Store, worker: &str, t: i64) -> usize {
    store.claim(worker, at(t), LEASE, 10).await.unwrap().len()
}

async fn three_deliveries(store: &Store) {
    let alice = create_local(store, "alice").await;
    let act = activity(Some(alice.id), at(0));
    let targets = [
        target("a.test", "inbox"),
        target("b.test", "inbox"),
        target("c.test", "inbox"),
    ];
    enqueue(store, &act, &targets).await;
}

pub(crate) async fn stale_worker_is_reaped_and_its_leases_released(store: Store) {
    three_deliveries(&store).await;
    let one = store.worker_presence();
    let two = store.worker_presence();
    assert_eq!(one.heartbeat("w1", at(0)).await.unwrap(), Beat::Joined);
    assert_eq!(two.heartbeat("w2", at(0)).await.unwrap(), Beat::Joined);
    assert_eq!(one.heartbeat("w1", at(500)).await.unwrap(), Beat::Alive);
    assert_eq!(claims(&store, "w1", 1_000).await, 3);

    // w1 beat recently enough: nobody is reaped and its leases hold.
    let reaped = two.reap("w2", at(0)).await.unwrap();
    assert!(reaped.workers.is_empty(), "{reaped:?}");
    assert_eq!(claims(&store, "w2", 2_000).await, 0);

    // w2 goes on beating, w1 does not: past `dead_before` it is dead, and its
    // deliveries are due again long before its leases would have run out.
    two.heartbeat("w2", at(9_000)).await.unwrap();
    let reaped = two.reap("w2", at(4_000)).await.unwrap();
    assert_eq!(reaped.workers, vec!["w1".to_owned()]);
    assert_eq!(reaped.released, 3);
    assert_eq!(
        store.registered_workers().await.unwrap(),
        vec![("w2".to_owned(), at(9_000))]
    );
    assert_eq!(claims(&store, "w2", 9_500).await, 3);
    // Reaping again finds nobody.
    assert!(two.reap("w2", at(4_000)).await.unwrap().workers.is_empty());

    // w1 comes back: it learns it was presumed dead.
    assert_eq!(one.heartbeat("w1", at(10_000)).await.unwrap(), Beat::Joined);

    // Leases under a name that never registered keep the plain lease rule.
    two.deregister("w2").await.unwrap();
    assert_eq!(claims(&store, "tool", 10_000).await, 3);
    assert!(one
        .reap("w1", at(100_000))
        .await
        .unwrap()
        .workers
        .is_empty());
    assert_eq!(claims(&store, "w1", 11_000).await, 0);
    one.deregister("w1").await.unwrap();
    assert!(store.registered_workers().await.unwrap().is_empty());
}

pub(crate) async fn graceful_stop_releases_what_is_left(store: Store) {
    three_deliveries(&store).await;
    let one = store.worker_presence();
    one.heartbeat("w1", at(0)).await.unwrap();
    assert_eq!(store.claim("w1", at(0), LEASE, 2).await.unwrap().len(), 2);
    one.deregister("w1").await.unwrap();
    assert!(store.registered_workers().await.unwrap().is_empty());
    // Its two leases are free again at once, beside the third delivery.
    assert_eq!(claims(&store, "w2", 1).await, 3);
}

/// A process killed with `kill -9` closes its connections; on PostgreSQL that ends its
/// session and frees its advisory lock, so it is reaped although its last beat is fresh.
/// SQLite has no sessions: there a fresh beat keeps a worker alive until it goes stale.
pub(crate) async fn ended_session_is_reaped_while_its_beat_is_fresh(store: Store) {
    three_deliveries(&store).await;
    let one = store.worker_presence();
    let two = store.worker_presence();
    one.heartbeat("w1", at(0)).await.unwrap();
    two.heartbeat("w2", at(0)).await.unwrap();
    assert_eq!(claims(&store, "w1", 0).await, 3);
    assert!(two
        .reap("w2", at(-60_000))
        .await
        .unwrap()
        .workers
        .is_empty());

    drop(one); // closes w1's own connection, as the kernel does for a killed process
    let fresh = at(-60_000); // no beat is stale against this
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut reaped = two.reap("w2", fresh).await.unwrap();
    if store.backend() == Backend::Postgres {
        // The server ends the session when it reads the closed socket: soon, not at once.
        while reaped.workers.is_empty() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
            reaped = two.reap("w2", fresh).await.unwrap();
        }
        assert_eq!(reaped.workers, vec!["w1".to_owned()]);
        assert_eq!(reaped.released, 3);
        assert_eq!(claims(&store, "w2", 1).await, 3);
    } else {
        assert!(reaped.workers.is_empty(), "{reaped:?}");
        assert_eq!(claims(&store, "w2", 1).await, 0);
    }
}
