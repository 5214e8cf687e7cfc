//! B8, the delivery queue (issue 7): NOTES activities × INBOXES target inboxes enqueued
//! through the store's transactional outbox, one transaction per activity (as posting a
//! note does). Prints deliveries enqueued per second and the bytes each queued delivery
//! costs on disk (indexes included; the activity body is stored once), next to the
//! ceiling: rows/s of the simplest batched insert through the same driver.
//!
//! `queue [NOTES] [INBOXES] [--postgres]` (defaults 100 × 10,000)

use std::time::Instant;

use rookery_bench::scratch::{self, arg};
use rookery_bench::stats::per_second;
use rookery_core::delivery::{DeliveryTarget, OutboundActivity};
use rookery_core::ports::DeliveryQueue;
use rookery_core::{ActivityId, Id, Protocol, Timestamp};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let notes = arg(1, 100).max(1);
    let inboxes = arg(2, 10_000).max(1);
    let db = scratch::database().await?;
    let store = db.store().await?;
    let now = Timestamp::from_millis(1_764_000_000_000);
    let targets: Vec<DeliveryTarget> = (0..inboxes)
        .map(|n| DeliveryTarget {
            inbox: format!("https://h{n}.fleet.test/inbox"),
            host: format!("h{n}.fleet.test"),
        })
        .collect();
    // A realistic body (~1.5 KiB), stored once per activity, not once per delivery.
    let body = format!(
        r#"{{"type":"Create","object":{{"type":"Note","content":"{}"}}}}"#,
        "x".repeat(1500)
    )
    .into_bytes();

    let before = store.footprint_bytes().await?;
    let started = Instant::now();
    let mut queued = 0u64;
    for n in 0..notes {
        let activity = OutboundActivity {
            id: ActivityId(Id::from_i64(1_000 + n as i64)),
            protocol: Protocol::ActivityPub,
            actor: None,
            body: body.clone(),
            created_at: now,
        };
        let mut tx = store.begin().await?;
        queued += tx.enqueue(&activity, &targets).await?;
        tx.commit().await?;
    }
    let elapsed = started.elapsed();
    let after = store.footprint_bytes().await?;
    let depth = store.depth().await?;
    let ceiling = batched_insert_rows_per_second(&store, 100_000).await?;

    println!(
        "# B8 queue ({}): {notes} activities × {inboxes} inboxes",
        scratch::backend_name()
    );
    println!(
        "enqueued: {:.0} deliveries/s ({queued} in {:.2} s, queue depth {depth}); target >= 100000/s",
        per_second(queued as usize, elapsed),
        elapsed.as_secs_f64()
    );
    println!(
        "disk: {:.0} bytes per queued delivery ({} bytes for {queued}, indexes and {notes} bodies included); target <= 100",
        after.saturating_sub(before) as f64 / queued.max(1) as f64,
        after.saturating_sub(before)
    );
    println!("machine ceiling: {ceiling:.0} rows/s batched inserts (one transaction, same driver)");
    store.close().await;
    Ok(())
}

/// Inserts `rows` small rows in one transaction (inbox idempotency marks, the simplest
/// write the store has): the rate one statement per row reaches through this driver.
async fn batched_insert_rows_per_second(
    store: &rookery_store::Store,
    rows: usize,
) -> anyhow::Result<f64> {
    let started = Instant::now();
    let mut tx = store.begin().await?;
    for n in 0..rows {
        tx.mark_inbox_seen(
            &format!("https://ceiling.test/{n}"),
            Timestamp::from_millis(0),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(per_second(rows, started.elapsed()))
}
