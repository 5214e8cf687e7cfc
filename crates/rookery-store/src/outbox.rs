//! The transactional outbox: activities and their deliveries are written in the
//! transaction of the change that caused them. An activity body is stored once in
//! `outbound_activities`; each target inbox gets one small `deliveries` row that points
//! at it and at a shared `inboxes` row.

use std::collections::BTreeMap;

use rookery_core::delivery::{DeliveryTarget, OutboundActivity};
use rookery_core::{ActivityId, DeliveryId, Timestamp};
use sqlx::AnyConnection;
use sqlx::Row;

use crate::backend::Backend;
use crate::error::StoreError;
use crate::store::Store;
use crate::tx::StoreTx;

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
    ///
    /// Two to four statements whatever the number of inboxes (B8: a million deliveries
    /// must not cost a million round trips): the inbox lists travel as one JSON text
    /// each, which both backends unnest (`json_array_elements`, `json_each`).
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
        let sql = EnqueueSql::for_backend(self.backend());
        // A new activity has no deliveries yet. An existing one is locked by the upsert
        // (PostgreSQL locks a conflicting row even when `WHERE false` skips the
        // update), so concurrent enqueues of one activity take turns and each sees the
        // other's deliveries.
        let fresh = sqlx::query(
            "INSERT INTO outbound_activities (id, protocol, actor_id, body, created_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO UPDATE SET protocol = excluded.protocol WHERE false \
             RETURNING id",
        )
        .bind(activity.id.as_i64())
        .bind(activity.protocol.as_str())
        .bind(activity.actor.map(|a| a.as_i64()))
        .bind(activity.body.as_slice())
        .bind(activity.created_at.as_millis())
        .fetch_optional(self.conn())
        .await?
        .is_some();
        // Deliveries to the inboxes already stored first: usually all of them (a note
        // goes to the followers it went to before), and then the inbox list needs no
        // second pass.
        let urls: Vec<&str> = unique.keys().copied().collect();
        let urls = json_list(&urls)?;
        let insert = if fresh {
            sql.deliveries
        } else {
            sql.missing_deliveries
        };
        let mut created = sqlx::query(insert)
            .bind(activity.id.as_i64())
            .bind(activity.created_at.as_millis())
            .bind(urls.as_str())
            .execute(self.conn())
            .await?
            .rows_affected();
        if created < unique.len() as u64 {
            // Some inboxes are new (or already had this activity): store the new ones,
            // then add the deliveries still missing.
            let pairs: Vec<[&str; 2]> = unique.iter().map(|(u, h)| [*u, *h]).collect();
            sqlx::query(sql.new_inboxes)
                .bind(json_list(&pairs)?)
                .execute(self.conn())
                .await?;
            created += sqlx::query(sql.missing_deliveries)
                .bind(activity.id.as_i64())
                .bind(activity.created_at.as_millis())
                .bind(urls.as_str())
                .execute(self.conn())
                .await?
                .rows_affected();
        }
        Ok(created)
    }
}

/// A list as one JSON text, bound as a single parameter.
fn json_list<T: serde::Serialize>(items: &[T]) -> Result<String, StoreError> {
    serde_json::to_string(items).map_err(|e| StoreError::Conflict(format!("inbox list: {e}")))
}

/// The enqueue statements of one backend; they differ only in how a JSON array becomes
/// rows.
struct EnqueueSql {
    /// Inserts the inboxes of `$1` (`[[url, host], ...]`) not stored yet. Filtering
    /// first keeps PostgreSQL from drawing (and wasting) an identity value for every
    /// inbox already known.
    new_inboxes: &'static str,
    /// Inserts a delivery of activity `$1`, due at `$2`, to each inbox URL of `$3`.
    deliveries: &'static str,
    /// The same, skipping inboxes the activity already has a delivery for.
    missing_deliveries: &'static str,
}

impl EnqueueSql {
    fn for_backend(backend: Backend) -> EnqueueSql {
        // SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT (the "parsing
        // ambiguity" of its UPSERT documentation); both statements have one.
        match backend {
            Backend::Postgres => EnqueueSql {
                new_inboxes: "INSERT INTO inboxes (url, host) \
                    SELECT t.value ->> 0, t.value ->> 1 FROM json_array_elements($1::json) AS t(value) \
                    WHERE NOT EXISTS (SELECT 1 FROM inboxes i WHERE i.url = t.value ->> 0) \
                    ON CONFLICT (url) DO NOTHING",
                deliveries: "INSERT INTO deliveries (activity_id, inbox_id, attempts, next_attempt_at) \
                    SELECT $1, i.id, 0, $2 FROM json_array_elements_text($3::json) AS t(value) \
                    JOIN inboxes i ON i.url = t.value",
                missing_deliveries: "INSERT INTO deliveries (activity_id, inbox_id, attempts, next_attempt_at) \
                    SELECT $1, i.id, 0, $2 FROM json_array_elements_text($3::json) AS t(value) \
                    JOIN inboxes i ON i.url = t.value \
                    WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.activity_id = $1 AND d.inbox_id = i.id)",
            },
            Backend::Sqlite => EnqueueSql {
                new_inboxes: "INSERT INTO inboxes (url, host) \
                    SELECT t.value ->> 0, t.value ->> 1 FROM json_each($1) AS t \
                    WHERE NOT EXISTS (SELECT 1 FROM inboxes i WHERE i.url = t.value ->> 0) \
                    ON CONFLICT (url) DO NOTHING",
                deliveries: "INSERT INTO deliveries (activity_id, inbox_id, attempts, next_attempt_at) \
                    SELECT $1, i.id, 0, $2 FROM json_each($3) AS t \
                    JOIN inboxes i ON i.url = t.value",
                missing_deliveries: "INSERT INTO deliveries (activity_id, inbox_id, attempts, next_attempt_at) \
                    SELECT $1, i.id, 0, $2 FROM json_each($3) AS t \
                    JOIN inboxes i ON i.url = t.value \
                    WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.activity_id = $1 AND d.inbox_id = i.id)",
            },
        }
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
