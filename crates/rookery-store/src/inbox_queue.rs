//! The durable inbox queue (core's `InboxQueue` port) over `inbox_jobs`.
//!
//! Appends from concurrent inbox requests are gathered by one task and written as a few
//! multi-row inserts in one group-commit member, so a burst of deliveries costs one
//! commit (one WAL fsync on SQLite) per batch rather than per delivery (issue 7, B1:
//! SQLite does ~55k batched rows/s but ~4k/s with a flush per row). Each request's
//! `append` returns only after its batch committed: the 202 it leads to is durable.
//! Processors lease rows like deliveries (`queue.rs`): `FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, the single writer on SQLite. Every write here joins the group commit:
//! while appends keep the writer's lane busy, a statement on the plain write pool would
//! wait for the lane to let go of SQLite's only writer connection, and the processor
//! would starve behind the very burst it must drain.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use async_trait::async_trait;
use rookery_core::ports::{InboxJob, InboxQueue, PortError, QueuedInboxJob};
use rookery_core::{Protocol, Timestamp};
use sqlx::Row;
use tokio::sync::{mpsc, oneshot, Notify};

use crate::backend::Backend;
use crate::error::{corrupt, StoreError};
use crate::group::GroupCommit;
use crate::queue::MAX_ERROR_CHARS;
use crate::sql::{placeholders, truncate, value_rows};
use crate::store::Store;
use crate::tx::StoreTx;

/// Most appends written in one commit; more wait for the next one.
const MAX_APPEND_BATCH: usize = 1024;
/// Rows per INSERT statement (5 bound values each, far below either backend's limit).
const ROWS_PER_INSERT: usize = 200;
/// Appends waiting for the writer before new ones are refused (back-pressure: the
/// request fails with 503 and the sender retries later).
const MAX_PENDING: usize = 16_384;

type Outcome = Result<(), String>;

struct Pending {
    job: InboxJob,
    done: oneshot::Sender<Outcome>,
}

/// The append side, shared by every clone of a [`Store`]. Its task starts on the first
/// append (it needs a runtime) and holds only the group commit, not the store, so it
/// ends when the last store clone is dropped.
pub(crate) struct InboxAppender {
    sender: OnceLock<mpsc::Sender<Pending>>,
    /// Signalled after each committed batch; a processor waits on it.
    appended: Arc<Notify>,
}

impl InboxAppender {
    pub(crate) fn new() -> InboxAppender {
        InboxAppender {
            sender: OnceLock::new(),
            appended: Arc::new(Notify::new()),
        }
    }

    fn sender(&self, group: &Arc<GroupCommit>, backend: Backend) -> &mpsc::Sender<Pending> {
        self.sender.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(MAX_PENDING);
            tokio::spawn(write_batches(
                receiver,
                group.clone(),
                backend,
                self.appended.clone(),
            ));
            sender
        })
    }
}

/// Gathers whatever queued while the previous batch was being written, writes it as one
/// group-commit member, and answers every waiter with the batch's outcome.
async fn write_batches(
    mut receiver: mpsc::Receiver<Pending>,
    group: Arc<GroupCommit>,
    backend: Backend,
    appended: Arc<Notify>,
) {
    let mut batch = Vec::with_capacity(MAX_APPEND_BATCH);
    while receiver.recv_many(&mut batch, MAX_APPEND_BATCH).await > 0 {
        let outcome = insert_batch(&group, backend, &batch)
            .await
            .map_err(|e| e.to_string());
        if let Err(error) = &outcome {
            tracing::warn!(%error, jobs = batch.len(), "appending to the inbox queue failed");
        } else {
            appended.notify_one();
        }
        for pending in batch.drain(..) {
            // A waiter that went away (its request was dropped) needs no answer.
            let _ = pending.done.send(outcome.clone());
        }
    }
}

async fn insert_batch(
    group: &GroupCommit,
    backend: Backend,
    batch: &[Pending],
) -> Result<(), StoreError> {
    let mut tx = StoreTx::join(group, backend, Arc::from(Vec::new())).await?;
    for chunk in batch.chunks(ROWS_PER_INSERT) {
        let rows = value_rows(backend, chunk.len(), 5);
        let sql = format!(
            "INSERT INTO inbox_jobs (protocol, signer, body, received_at, next_attempt_at) \
             VALUES {rows}"
        );
        let mut query = sqlx::query(&sql);
        for pending in chunk {
            let job = &pending.job;
            query = query
                .bind(job.protocol.as_str())
                .bind(job.signer.as_str())
                .bind(job.body.as_str())
                .bind(job.received_at.as_millis())
                .bind(job.received_at.as_millis());
        }
        query.execute(tx.conn()).await?;
    }
    tx.commit().await
}

impl Store {
    async fn append_inbox_job(&self, job: InboxJob) -> Result<(), StoreError> {
        let (done, answer) = oneshot::channel();
        let sender = self.inbox.sender(&self.inbox_db.group, self.backend());
        sender
            .try_send(Pending { job, done })
            .map_err(|_| StoreError::Busy("the inbox queue is full".into()))?;
        match answer.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(StoreError::Commit(error)),
            Err(_) => Err(StoreError::Busy("the inbox queue writer stopped".into())),
        }
    }

    async fn claim_inbox_jobs(
        &self,
        owner: &str,
        now: Timestamp,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<QueuedInboxJob>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let lock = match self.backend() {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE inbox_jobs SET locked_until = $1, locked_by = $2 WHERE id IN (\
             SELECT id FROM inbox_jobs WHERE next_attempt_at <= $3 \
             AND (locked_until IS NULL OR locked_until <= $3) ORDER BY id LIMIT $4{lock}) \
             RETURNING id, protocol, signer, body, received_at, attempts"
        );
        let mut tx = self.begin_inbox_grouped().await?;
        let rows = sqlx::query(&sql)
            .bind((now + lease).as_millis())
            .bind(owner)
            .bind(now.as_millis())
            .bind(i64::from(limit))
            .fetch_all(tx.conn())
            .await?;
        tx.commit().await?;
        let mut jobs = rows
            .iter()
            .map(|row| {
                let protocol: String = row.try_get("protocol")?;
                Ok(QueuedInboxJob {
                    id: row.try_get("id")?,
                    job: InboxJob {
                        protocol: protocol
                            .parse::<Protocol>()
                            .map_err(|e| corrupt("inbox job protocol", e))?,
                        signer: row.try_get("signer")?,
                        body: row.try_get("body")?,
                        received_at: Timestamp::from_millis(row.try_get("received_at")?),
                    },
                    attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(0),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        // RETURNING gives no order; arrival order is the order of application.
        jobs.sort_unstable_by_key(|j| j.id);
        Ok(jobs)
    }

    /// A grouped transaction on the queue's own database (see `inbox_db.rs`).
    async fn begin_inbox_grouped(&self) -> Result<StoreTx, StoreError> {
        StoreTx::join(&self.inbox_db.group, self.backend(), Arc::from(Vec::new())).await
    }

    async fn finish_inbox_jobs(&self, ids: &[i64]) -> Result<(), StoreError> {
        self.for_inbox_jobs("DELETE FROM inbox_jobs", ids).await
    }

    async fn release_inbox_jobs(&self, ids: &[i64]) -> Result<(), StoreError> {
        self.for_inbox_jobs(
            "UPDATE inbox_jobs SET locked_until = NULL, locked_by = NULL",
            ids,
        )
        .await
    }

    /// Runs `statement` (with no WHERE clause) on the jobs `ids`, in chunks, in one
    /// grouped transaction.
    async fn for_inbox_jobs(&self, statement: &str, ids: &[i64]) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_inbox_grouped().await?;
        for chunk in ids.chunks(500) {
            let sql = format!("{statement} WHERE id IN ({})", placeholders(1, chunk.len()));
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(*id);
            }
            query.execute(tx.conn()).await?;
        }
        tx.commit().await
    }

    async fn retry_inbox_job(&self, id: i64, at: Timestamp, error: &str) -> Result<(), StoreError> {
        let mut tx = self.begin_inbox_grouped().await?;
        sqlx::query(
            "UPDATE inbox_jobs SET attempts = attempts + 1, next_attempt_at = $1, \
             last_error = $2, locked_until = NULL, locked_by = NULL WHERE id = $3",
        )
        .bind(at.as_millis())
        .bind(truncate(error, MAX_ERROR_CHARS))
        .bind(id)
        .execute(tx.conn())
        .await?;
        tx.commit().await
    }

    /// Jobs waiting in the inbox queue and when the oldest arrived.
    pub async fn inbox_backlog(&self) -> Result<(u64, Option<Timestamp>), StoreError> {
        // The oldest is the lowest id (arrival order): a primary-key probe, where
        // MIN(received_at) would read every body.
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM inbox_jobs) AS n, \
             (SELECT received_at FROM inbox_jobs ORDER BY id LIMIT 1) AS oldest",
        )
        .fetch_one(&self.inbox_db.read)
        .await?;
        let count = crate::sql::get_count(&row, "n")?;
        let oldest: Option<i64> = row.try_get("oldest")?;
        Ok((count, oldest.map(Timestamp::from_millis)))
    }

    /// At start-up on SQLite (one process owns the queue) any lease on an inbox job was
    /// held by a process that died: release it at once. On PostgreSQL leases expire.
    pub async fn release_orphaned_inbox_leases(&self) -> Result<u64, StoreError> {
        if self.backend() != Backend::Sqlite {
            return Ok(0);
        }
        let done = sqlx::query(
            "UPDATE inbox_jobs SET locked_until = NULL, locked_by = NULL \
             WHERE locked_until IS NOT NULL",
        )
        .execute(&self.inbox_db.write)
        .await?;
        Ok(done.rows_affected())
    }
}

#[async_trait]
impl InboxQueue for Store {
    async fn append(&self, job: InboxJob) -> Result<(), PortError> {
        Ok(self.append_inbox_job(job).await?)
    }

    async fn claim(
        &self,
        owner: &str,
        now: Timestamp,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<QueuedInboxJob>, PortError> {
        Ok(self.claim_inbox_jobs(owner, now, lease, limit).await?)
    }

    async fn finish(&self, ids: &[i64]) -> Result<(), PortError> {
        Ok(self.finish_inbox_jobs(ids).await?)
    }

    async fn release(&self, ids: &[i64]) -> Result<(), PortError> {
        Ok(self.release_inbox_jobs(ids).await?)
    }

    async fn retry(&self, id: i64, at: Timestamp, error: &str) -> Result<(), PortError> {
        Ok(self.retry_inbox_job(id, at, error).await?)
    }

    async fn wait_for_work(&self, max: Duration) {
        let _ = tokio::time::timeout(max, self.inbox.appended.notified()).await;
    }

    async fn backlog(&self) -> Result<(u64, Option<Timestamp>), PortError> {
        Ok(self.inbox_backlog().await?)
    }
}
