//! The transactional outbox: activities and their deliveries are written in the
//! transaction of the change that caused them. An activity body is stored once in
//! `outbound_activities`; each target inbox gets one small `deliveries` row that points
//! at it and at a shared `inboxes` row.

use std::collections::BTreeMap;

use rookery_core::delivery::{DeliveryTarget, OutboundActivity};
use rookery_core::{ActivityId, DeliveryId, Timestamp};
use sqlx::AnyConnection;
use sqlx::Row;

use crate::error::StoreError;
use crate::store::Store;
use crate::tx::StoreTx;

/// Inboxes per enqueue statement: two bound values each, far below both backends'
/// limits on bound parameters.
const ENQUEUE_CHUNK: usize = 500;

/// A delivery that was given up on, kept for inspection (the body is not kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedDelivery {
    pub id: DeliveryId,
    pub activity: ActivityId,
    pub inbox: String,
    pub host: String,
    pub attempts: u32,
    pub last_error: String,
    pub created_at: Timestamp,
    pub failed_at: Timestamp,
}

/// Deletes an activity once no delivery refers to it any more.
///
/// Two deliveries of one activity completing concurrently on PostgreSQL may each still
/// see the other and both skip the delete; `give_up_expired` sweeps such leftovers.
pub(crate) async fn delete_if_orphaned(
    conn: &mut AnyConnection,
    activity: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM outbound_activities WHERE id = $1 \
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.activity_id = $1)",
    )
    .bind(activity)
    .execute(conn)
    .await?;
    Ok(())
}

impl StoreTx {
    /// Stores `activity` and one delivery per distinct target inbox, due at once
    /// (`activity.created_at`). Enqueuing an activity again with some of the same
    /// inboxes adds only the new ones: deliveries are unique per (activity, inbox).
    /// Returns how many deliveries were created. With no targets nothing is stored.
    pub async fn enqueue(
        &mut self,
        activity: &OutboundActivity,
        targets: &[DeliveryTarget],
    ) -> Result<u64, StoreError> {
        let unique: BTreeMap<&str, &str> = targets
            .iter()
            .map(|t| (t.inbox.as_str(), t.host.as_str()))
            .collect();
        if unique.is_empty() {
            return Ok(0);
        }
        sqlx::query(
            "INSERT INTO outbound_activities (id, protocol, actor_id, body, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
        )
        .bind(activity.id.as_i64())
        .bind(activity.protocol.as_str())
        .bind(activity.actor.map(|a| a.as_i64()))
        .bind(activity.body.as_slice())
        .bind(activity.created_at.as_millis())
        .execute(self.conn())
        .await?;
        // Many inboxes per statement (B8: a million deliveries must not cost two million
        // statement round trips); the WHERE clause also keeps SQLite from reading
        // ON CONFLICT as a join constraint ("parsing ambiguity" in SQLite's UPSERT docs).
        let unique: Vec<(&str, &str)> = unique.into_iter().collect();
        let mut created = 0;
        for chunk in unique.chunks(ENQUEUE_CHUNK) {
            let rows = (0..chunk.len())
                .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO inboxes (url, host) VALUES {rows} ON CONFLICT (url) DO NOTHING"
            );
            let mut insert = sqlx::query(&sql);
            for (inbox, host) in chunk {
                insert = insert.bind(*inbox).bind(*host);
            }
            insert.execute(self.conn()).await?;
            let urls = (0..chunk.len())
                .map(|i| format!("${}", i + 3))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO deliveries (activity_id, inbox_id, attempts, next_attempt_at, created_at) \
                 SELECT $1, i.id, 0, $2, $2 FROM inboxes i WHERE i.url IN ({urls}) \
                 ON CONFLICT (activity_id, inbox_id) DO NOTHING"
            );
            let mut insert = sqlx::query(&sql)
                .bind(activity.id.as_i64())
                .bind(activity.created_at.as_millis());
            for (inbox, _) in chunk {
                insert = insert.bind(*inbox);
            }
            created += insert.execute(self.conn()).await?.rows_affected();
        }
        Ok(created)
    }
}

impl Store {
    /// [`StoreTx::enqueue`] in a transaction of its own, for deliveries not tied to any
    /// other write.
    pub async fn enqueue(
        &self,
        activity: &OutboundActivity,
        targets: &[DeliveryTarget],
    ) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let created = tx.enqueue(activity, targets).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// The most recently failed deliveries, newest first.
    pub async fn failed_deliveries(&self, limit: u32) -> Result<Vec<FailedDelivery>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, activity_id, inbox, host, attempts, last_error, created_at, failed_at \
             FROM failed_deliveries ORDER BY failed_at DESC, id DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(FailedDelivery {
                    id: DeliveryId::from_i64(row.try_get("id")?),
                    activity: ActivityId::from_i64(row.try_get("activity_id")?),
                    inbox: row.try_get("inbox")?,
                    host: row.try_get("host")?,
                    attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
                    last_error: row.try_get("last_error")?,
                    created_at: Timestamp::from_millis(row.try_get("created_at")?),
                    failed_at: Timestamp::from_millis(row.try_get("failed_at")?),
                })
            })
            .collect()
    }

    /// How many activity bodies are stored (for tests and metrics).
    pub async fn count_outbound_activities(&self) -> Result<u64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM outbound_activities")
            .fetch_one(&self.read)
            .await?;
        crate::sql::get_count(&row, "n")
    }
}
