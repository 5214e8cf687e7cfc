//! The persistent delivery queue: `DeliveryQueue` over the outbox tables, with leases
//! and per-host health.
//!
//! A claim leases due rows (`next_attempt_at <= now`, no live lease, host not marked
//! unreachable) by setting `locked_until`/`locked_by`. On PostgreSQL the candidate
//! select takes `FOR UPDATE SKIP LOCKED`, so several worker processes share one queue
//! without double claims; on SQLite the one `UPDATE ... RETURNING` runs on the single
//! writer connection, which serializes claims.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use rookery_core::delivery::{DeliveryJob, DeliveryTarget};
use rookery_core::ports::{ClaimedDelivery, DeliveryQueue, DeliveryRecord, PortError};
use rookery_core::{AccountId, ActivityId, DeliveryId, Protocol, Timestamp};
use sqlx::AnyConnection;
use sqlx::Row;

use crate::backend::Backend;
use crate::error::{corrupt, StoreError};
use crate::outbox::delete_if_orphaned;
use crate::sql::{get_count, placeholders, truncate};
use crate::store::Store;
use crate::troubled_hosts::Knowledge;

/// Longest error text kept on a queue row.
pub(crate) const MAX_ERROR_CHARS: usize = 500;

async fn forget_host_failures(conn: &mut AnyConnection, host: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM host_failures WHERE host = $1")
        .bind(host)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM hosts WHERE host = $1")
        .bind(host)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Loads the claimed jobs and their bodies (each body fetched once).
async fn load_claimed(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<ClaimedDelivery>, StoreError> {
    let sql = format!(
        "SELECT d.id, d.activity_id, d.attempts, a.created_at, i.url, i.host, a.protocol, a.actor_id \
         FROM deliveries d JOIN inboxes i ON i.id = d.inbox_id \
         JOIN outbound_activities a ON a.id = d.activity_id \
         WHERE d.id IN ({}) ORDER BY d.next_attempt_at, d.id",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    let mut jobs = Vec::with_capacity(ids.len());
    for row in query.fetch_all(&mut *conn).await? {
        let protocol: String = row.try_get("protocol")?;
        jobs.push(DeliveryJob {
            id: DeliveryId::from_i64(row.try_get("id")?),
            activity: ActivityId::from_i64(row.try_get("activity_id")?),
            protocol: protocol
                .parse::<Protocol>()
                .map_err(|e| corrupt("activity protocol", e))?,
            actor: row
                .try_get::<Option<i64>, _>("actor_id")?
                .map(AccountId::from_i64),
            target: DeliveryTarget {
                inbox: row.try_get("url")?,
                host: row.try_get("host")?,
            },
            attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
            created_at: Timestamp::from_millis(row.try_get("created_at")?),
        });
    }
    let activities: Vec<i64> = jobs
        .iter()
        .map(|j| j.activity.as_i64())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let sql = format!(
        "SELECT id, body FROM outbound_activities WHERE id IN ({})",
        placeholders(1, activities.len())
    );
    let mut query = sqlx::query(&sql);
    for id in &activities {
        query = query.bind(*id);
    }
    let mut bodies: HashMap<i64, Vec<u8>> = HashMap::new();
    for row in query.fetch_all(&mut *conn).await? {
        bodies.insert(row.try_get("id")?, row.try_get("body")?);
    }
    jobs.into_iter()
        .map(|job| {
            let body = bodies
                .get(&job.activity.as_i64())
                .cloned()
                .ok_or_else(|| corrupt("delivery", "activity body missing"))?;
            Ok(ClaimedDelivery { job, body })
        })
        .collect()
}

fn system_now() -> Timestamp {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    Timestamp::from_millis(millis)
}

impl Store {
    async fn claim_deliveries(
        &self,
        worker: &str,
        now: Timestamp,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<ClaimedDelivery>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let lock = match self.backend() {
            Backend::Postgres => " FOR UPDATE OF d SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE deliveries SET locked_until = $1, locked_by = $2 WHERE id IN (\
             SELECT d.id FROM deliveries d JOIN inboxes i ON i.id = d.inbox_id \
             WHERE d.next_attempt_at <= $3 AND (d.locked_until IS NULL OR d.locked_until <= $3) \
             AND NOT EXISTS (SELECT 1 FROM hosts h WHERE h.host = i.host \
             AND h.unreachable_since IS NOT NULL) \
             ORDER BY d.next_attempt_at, d.id LIMIT $4{lock}) RETURNING id"
        );
        let mut tx = self.write.begin().await?;
        let ids = sqlx::query(&sql)
            .bind((now + lease).as_millis())
            .bind(worker)
            .bind(now.as_millis())
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|row| row.try_get::<i64, _>("id"))
            .collect::<Result<Vec<_>, _>>()?;
        let claimed = if ids.is_empty() {
            Vec::new()
        } else {
            load_claimed(&mut tx, &ids).await?
        };
        tx.commit().await?;
        Ok(claimed)
    }

    async fn complete_delivery(&self, id: DeliveryId, host: &str) -> Result<(), StoreError> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query("DELETE FROM deliveries WHERE id = $1 RETURNING activity_id")
            .bind(id.as_i64())
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = row {
            delete_if_orphaned(&mut tx, row.try_get("activity_id")?).await?;
        }
        forget_host_failures(&mut tx, host).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn retry_delivery(
        &self,
        id: DeliveryId,
        at: Timestamp,
        error: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE deliveries SET next_attempt_at = $1, attempts = attempts + 1, last_error = $2, \
             locked_until = NULL, locked_by = NULL WHERE id = $3",
        )
        .bind(at.as_millis())
        .bind(truncate(error, MAX_ERROR_CHARS))
        .bind(id.as_i64())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn give_up_delivery(
        &self,
        id: DeliveryId,
        error: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.write.begin().await?;
        crate::queue_batch::archive_failed(&mut tx, id.as_i64(), error, now).await?;
        let row = sqlx::query("DELETE FROM deliveries WHERE id = $1 RETURNING activity_id")
            .bind(id.as_i64())
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = row {
            delete_if_orphaned(&mut tx, row.try_get("activity_id")?).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn give_up_before(&self, created_before: Timestamp) -> Result<u64, StoreError> {
        let mut tx = self.write.begin().await?;
        // The trait passes no `now`; the failure time is only informative.
        sqlx::query(
            "INSERT INTO failed_deliveries \
             (id, activity_id, inbox, host, attempts, last_error, created_at, failed_at) \
             SELECT d.id, d.activity_id, i.url, i.host, d.attempts, \
             'expired; last error: ' || COALESCE(d.last_error, 'none'), a.created_at, $1 \
             FROM deliveries d JOIN inboxes i ON i.id = d.inbox_id \
             JOIN outbound_activities a ON a.id = d.activity_id WHERE a.created_at < $2",
        )
        .bind(system_now().as_millis())
        .bind(created_before.as_millis())
        .execute(&mut *tx)
        .await?;
        // A delivery is as old as its activity (migration 0022).
        let done = sqlx::query(
            "DELETE FROM deliveries WHERE activity_id IN \
             (SELECT id FROM outbound_activities WHERE created_at < $1)",
        )
        .bind(created_before.as_millis())
        .execute(&mut *tx)
        .await?;
        // Sweep bodies no delivery needs any more, including any left behind by
        // concurrent completions (see `delete_if_orphaned`).
        sqlx::query(
            "DELETE FROM outbound_activities WHERE created_at < $1 AND NOT EXISTS \
             (SELECT 1 FROM deliveries d WHERE d.activity_id = outbound_activities.id)",
        )
        .bind(created_before.as_millis())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    async fn host_failure(&self, host: &str, now: Timestamp) -> Result<u32, StoreError> {
        sqlx::query("INSERT INTO host_failures (host, day) VALUES ($1, $2) ON CONFLICT (host, day) DO NOTHING")
            .bind(host)
            .bind(now.day_number())
            .execute(&self.write)
            .await?;
        self.troubled_hosts.add(host);
        let row = sqlx::query("SELECT COUNT(*) AS n FROM host_failures WHERE host = $1")
            .bind(host)
            .fetch_one(&self.write)
            .await?;
        Ok(u32::try_from(get_count(&row, "n")?).unwrap_or(u32::MAX))
    }

    async fn host_unreachable(&self, host: &str, now: Timestamp) -> Result<(), StoreError> {
        // Keep the first time it was marked: that is when it went away.
        sqlx::query(
            "INSERT INTO hosts (host, unreachable_since) VALUES ($1, $2) ON CONFLICT (host) \
             DO UPDATE SET unreachable_since = COALESCE(hosts.unreachable_since, excluded.unreachable_since)",
        )
        .bind(host)
        .bind(now.as_millis())
        .execute(&self.write)
        .await?;
        self.troubled_hosts.add(host);
        Ok(())
    }

    async fn host_back(&self, host: &str) -> Result<(), StoreError> {
        // Called for every verified inbound request: on SQLite most hosts are answered
        // from memory (`troubled_hosts.rs`); otherwise read first, and take the single
        // writer only when there is something to forget.
        if self.backend() == Backend::Sqlite {
            if let Knowledge::Reload(generation) = self.troubled_hosts.about(host) {
                let rows =
                    sqlx::query("SELECT host FROM hosts UNION SELECT host FROM host_failures")
                        .fetch_all(&self.read)
                        .await?;
                let hosts = rows
                    .iter()
                    .map(|row| row.try_get::<String, _>("host"))
                    .collect::<Result<_, _>>()?;
                self.troubled_hosts.load(hosts, generation);
            }
            // Just loaded, or known: a healthy host needs no per-host read.
            if self.troubled_hosts.about(host) == Knowledge::Healthy {
                return Ok(());
            }
        }
        let known = sqlx::query(
            "SELECT 1 AS hit FROM hosts WHERE host = $1 \
             UNION ALL SELECT 1 AS hit FROM host_failures WHERE host = $1",
        )
        .bind(host)
        .fetch_optional(&self.read)
        .await?;
        if known.is_some() {
            let mut tx = self.write.begin().await?;
            forget_host_failures(&mut tx, host).await?;
            tx.commit().await?;
        }
        self.troubled_hosts.remove(host);
        Ok(())
    }

    /// Hosts currently marked unreachable, with the time they were marked.
    pub async fn unreachable_hosts(&self) -> Result<Vec<(String, Timestamp)>, StoreError> {
        let rows = sqlx::query(
            "SELECT host, unreachable_since FROM hosts WHERE unreachable_since IS NOT NULL ORDER BY host",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("host")?,
                    Timestamp::from_millis(row.try_get("unreachable_since")?),
                ))
            })
            .collect()
    }

    async fn queue_depth(&self) -> Result<u64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM deliveries")
            .fetch_one(&self.read)
            .await?;
        get_count(&row, "n")
    }
}

#[async_trait]
impl DeliveryQueue for Store {
    async fn claim(
        &self,
        worker: &str,
        now: Timestamp,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<ClaimedDelivery>, PortError> {
        Ok(self.claim_deliveries(worker, now, lease, limit).await?)
    }

    async fn complete(&self, id: DeliveryId, host: &str, _now: Timestamp) -> Result<(), PortError> {
        Ok(self.complete_delivery(id, host).await?)
    }

    async fn retry_at(
        &self,
        id: DeliveryId,
        at: Timestamp,
        error: &str,
        _now: Timestamp,
    ) -> Result<(), PortError> {
        Ok(self.retry_delivery(id, at, error).await?)
    }

    async fn give_up(&self, id: DeliveryId, error: &str, now: Timestamp) -> Result<(), PortError> {
        Ok(self.give_up_delivery(id, error, now).await?)
    }

    async fn record_batch(
        &self,
        records: &[DeliveryRecord],
        now: Timestamp,
    ) -> Result<(), PortError> {
        Ok(self.record_deliveries(records, now).await?)
    }

    async fn record_host_failure(&self, host: &str, now: Timestamp) -> Result<u32, PortError> {
        Ok(self.host_failure(host, now).await?)
    }

    async fn mark_host_unreachable(&self, host: &str, now: Timestamp) -> Result<(), PortError> {
        Ok(self.host_unreachable(host, now).await?)
    }

    async fn host_recovered(&self, host: &str) -> Result<(), PortError> {
        Ok(self.host_back(host).await?)
    }

    async fn give_up_expired(&self, created_before: Timestamp) -> Result<u64, PortError> {
        Ok(self.give_up_before(created_before).await?)
    }

    async fn depth(&self) -> Result<u64, PortError> {
        Ok(self.queue_depth().await?)
    }
}
