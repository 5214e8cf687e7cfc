//! The federation picture an operator asks for (`rookery federation status`, `/metrics`):
//! queue depth and age, hosts by health state with their backlog, and clearing a host's
//! failure state so its deliveries are due at once (`rookery federation retry HOST`).
//! Read from the queue tables the worker writes (`queue.rs`).

use rookery_core::Timestamp;
use sqlx::Row;

use crate::error::StoreError;
use crate::sql::get_count;
use crate::store::Store;

/// The queue as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueSummary {
    /// Deliveries waiting, due or not.
    pub depth: u64,
    /// Of those, due now (and not leased).
    pub due: u64,
    /// Of those, held by a worker right now.
    pub leased: u64,
    /// When the oldest waiting delivery was queued.
    pub oldest: Option<Timestamp>,
}

/// A host's delivery health.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostState {
    /// Failed on some days and not yet given up on.
    Failing,
    /// Marked unreachable: its deliveries are not claimed until it recovers.
    Unreachable,
}

/// One host that is failing or has deliveries waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostStatus {
    pub host: String,
    /// `None`: healthy (no failures recorded since its last success).
    pub state: Option<HostState>,
    /// First UTC day (a [`Timestamp::day_number`]) of its current run of failures.
    pub failing_since_day: Option<i64>,
    /// Distinct days with failures since its last success.
    pub failing_days: u64,
    pub unreachable_since: Option<Timestamp>,
    /// Deliveries waiting for it.
    pub backlog: u64,
    /// When its oldest waiting delivery was queued: how far behind it is.
    pub oldest: Option<Timestamp>,
    /// The last error recorded on one of its waiting deliveries.
    pub last_error: Option<String>,
}

impl Store {
    /// Depth, due and leased counts, and the oldest waiting delivery.
    pub async fn queue_summary(&self, now: Timestamp) -> Result<QueueSummary, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS depth, \
             SUM(CASE WHEN next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until <= $1) \
                 THEN 1 ELSE 0 END) AS due, \
             SUM(CASE WHEN locked_until > $1 THEN 1 ELSE 0 END) AS leased, \
             (SELECT MIN(a.created_at) FROM outbound_activities a WHERE EXISTS \
              (SELECT 1 FROM deliveries x WHERE x.activity_id = a.id)) AS oldest \
             FROM deliveries",
        )
        .bind(now.as_millis())
        .fetch_one(&self.read)
        .await?;
        Ok(QueueSummary {
            depth: get_count(&row, "depth")?,
            due: optional_count(&row, "due")?,
            leased: optional_count(&row, "leased")?,
            oldest: row
                .try_get::<Option<i64>, _>("oldest")?
                .map(Timestamp::from_millis),
        })
    }

    /// Hosts that are failing, unreachable or have deliveries waiting, the ones most
    /// behind (oldest waiting delivery) first, at most `limit`.
    pub async fn federation_hosts(&self, limit: u32) -> Result<Vec<HostStatus>, StoreError> {
        let rows = sqlx::query(
            "WITH backlog AS (\
               SELECT i.host AS host, COUNT(*) AS backlog, MIN(a.created_at) AS oldest, \
                      MAX(d.last_error) AS last_error \
               FROM deliveries d JOIN inboxes i ON i.id = d.inbox_id \
               LEFT JOIN outbound_activities a ON a.id = d.activity_id GROUP BY i.host), \
             failures AS (\
               SELECT host, COUNT(*) AS days, MIN(day) AS first_day FROM host_failures GROUP BY host), \
             names AS (\
               SELECT host FROM backlog UNION SELECT host FROM failures \
               UNION SELECT host FROM hosts WHERE unreachable_since IS NOT NULL) \
             SELECT n.host AS host, b.backlog AS backlog, b.oldest AS oldest, \
                    b.last_error AS last_error, f.days AS days, f.first_day AS first_day, \
                    h.unreachable_since AS unreachable_since \
             FROM names n LEFT JOIN backlog b ON b.host = n.host \
             LEFT JOIN failures f ON f.host = n.host LEFT JOIN hosts h ON h.host = n.host \
             ORDER BY CASE WHEN b.oldest IS NULL THEN 1 ELSE 0 END, b.oldest, n.host \
             LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(host_status).collect()
    }

    /// How many hosts are in each failure state: (failing, unreachable).
    pub async fn host_state_counts(&self) -> Result<(u64, u64), StoreError> {
        let row = sqlx::query(
            "SELECT \
             (SELECT COUNT(*) FROM hosts WHERE unreachable_since IS NOT NULL) AS unreachable, \
             (SELECT COUNT(DISTINCT f.host) FROM host_failures f WHERE NOT EXISTS \
               (SELECT 1 FROM hosts h WHERE h.host = f.host AND h.unreachable_since IS NOT NULL)) \
               AS failing",
        )
        .fetch_one(&self.read)
        .await?;
        Ok((get_count(&row, "failing")?, get_count(&row, "unreachable")?))
    }

    /// Forgets `host`'s failures and unreachable mark and makes every waiting delivery
    /// to it due at `now` (leased ones are left to their worker). Returns how many
    /// deliveries were made due.
    pub async fn retry_host(&self, host: &str, now: Timestamp) -> Result<u64, StoreError> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM host_failures WHERE host = $1")
            .bind(host)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM hosts WHERE host = $1")
            .bind(host)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query(
            "UPDATE deliveries SET next_attempt_at = $1 WHERE (locked_until IS NULL OR locked_until <= $1) \
             AND inbox_id IN (SELECT id FROM inboxes WHERE host = $2)",
        )
        .bind(now.as_millis())
        .bind(host)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}

/// `SUM` over no rows is NULL.
fn optional_count(row: &sqlx::any::AnyRow, column: &str) -> Result<u64, StoreError> {
    Ok(row
        .try_get::<Option<i64>, _>(column)?
        .map_or(0, |n| u64::try_from(n).unwrap_or(0)))
}

fn host_status(row: &sqlx::any::AnyRow) -> Result<HostStatus, StoreError> {
    let unreachable_since = row
        .try_get::<Option<i64>, _>("unreachable_since")?
        .map(Timestamp::from_millis);
    let failing_days = optional_count(row, "days")?;
    let state = if unreachable_since.is_some() {
        Some(HostState::Unreachable)
    } else if failing_days > 0 {
        Some(HostState::Failing)
    } else {
        None
    };
    Ok(HostStatus {
        host: row.try_get("host")?,
        state,
        failing_since_day: row.try_get::<Option<i64>, _>("first_day")?,
        failing_days,
        unreachable_since,
        backlog: optional_count(row, "backlog")?,
        oldest: row
            .try_get::<Option<i64>, _>("oldest")?
            .map(Timestamp::from_millis),
        last_error: row.try_get("last_error")?,
    })
}
