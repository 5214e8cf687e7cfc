//! Delivery outcomes recorded in batches (issue 7, B3/B4): the worker's completion
//! buffer hands over many completions, retries and give-ups at once, and they commit in
//! one write transaction. A fan-out to 10,000 hosts then pays a few commits instead of
//! 10,000, and after a `kill -9` few sent deliveries are left unrecorded (each of those
//! is sent again once its lease is released: a duplicate, never a loss).
//!
//! All or nothing: on an error nothing is recorded and the worker retries the batch.
//! Recording again is harmless: a completed or given-up row is gone, and statements
//! only touch rows that are still there.

use std::collections::BTreeSet;

use rookery_core::ports::DeliveryRecord;
use rookery_core::Timestamp;
use sqlx::{AnyConnection, Row};

use crate::error::StoreError;
use crate::outbox::delete_if_orphaned;
use crate::queue::MAX_ERROR_CHARS;
use crate::sql::{placeholders, truncate};
use crate::store::Store;

/// Ids or hosts per statement: well under SQLite's and PostgreSQL's bind limits.
const CHUNK: usize = 500;

impl Store {
    /// Records `records` in one transaction.
    pub(crate) async fn record_deliveries(
        &self,
        records: &[DeliveryRecord],
        now: Timestamp,
    ) -> Result<(), StoreError> {
        if records.is_empty() {
            return Ok(());
        }
        // Sorted, so concurrent workers on PostgreSQL lock rows in the same order.
        let mut done = BTreeSet::new();
        let mut healthy = BTreeSet::new();
        for record in records {
            if let DeliveryRecord::Done { id, host } = record {
                done.insert(id.as_i64());
                healthy.insert(host.as_str());
            }
        }
        let mut tx = self.write.begin().await?;
        let mut activities = BTreeSet::new();
        let done: Vec<i64> = done.into_iter().collect();
        for chunk in done.chunks(CHUNK) {
            activities.extend(delete_deliveries(&mut tx, chunk).await?);
        }
        for record in records {
            match record {
                DeliveryRecord::Done { .. } => {}
                DeliveryRecord::Retry { id, at, error } => {
                    sqlx::query(
                        "UPDATE deliveries SET next_attempt_at = $1, attempts = attempts + 1, \
                         last_error = $2, locked_until = NULL, locked_by = NULL WHERE id = $3",
                    )
                    .bind(at.as_millis())
                    .bind(truncate(error, MAX_ERROR_CHARS))
                    .bind(id.as_i64())
                    .execute(&mut *tx)
                    .await?;
                }
                DeliveryRecord::GiveUp { id, error } => {
                    archive_failed(&mut tx, id.as_i64(), error, now).await?;
                    activities.extend(delete_deliveries(&mut tx, &[id.as_i64()]).await?);
                }
            }
        }
        for activity in activities {
            delete_if_orphaned(&mut tx, activity).await?;
        }
        // A success forgets the host's failures (as `complete` does).
        let healthy: Vec<&str> = healthy.into_iter().collect();
        for chunk in healthy.chunks(CHUNK) {
            for table in ["host_failures", "hosts"] {
                let sql = format!(
                    "DELETE FROM {table} WHERE host IN ({})",
                    placeholders(1, chunk.len())
                );
                let mut query = sqlx::query(&sql);
                for host in chunk {
                    query = query.bind(*host);
                }
                query.execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Copies the delivery `id` to `failed_deliveries` (it stays there for the operator),
/// counting the attempt that just failed. The caller deletes the queue row.
pub(crate) async fn archive_failed(
    conn: &mut AnyConnection,
    id: i64,
    error: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO failed_deliveries \
         (id, activity_id, inbox, host, attempts, last_error, created_at, failed_at) \
         SELECT d.id, d.activity_id, i.url, i.host, d.attempts + 1, $1, a.created_at, $2 \
         FROM deliveries d JOIN inboxes i ON i.id = d.inbox_id \
         JOIN outbound_activities a ON a.id = d.activity_id WHERE d.id = $3",
    )
    .bind(truncate(error, MAX_ERROR_CHARS))
    .bind(now.as_millis())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Deletes the deliveries `ids` and returns the activities they belonged to.
async fn delete_deliveries(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<BTreeSet<i64>, StoreError> {
    let sql = format!(
        "DELETE FROM deliveries WHERE id IN ({}) RETURNING activity_id",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    query
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| Ok(row.try_get::<i64, _>("activity_id")?))
        .collect()
}
