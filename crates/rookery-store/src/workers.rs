//! Worker liveness (core's `WorkerRegistry` port): the `workers` table (migration 0025)
//! and, on PostgreSQL, one session advisory lock per worker process.
//!
//! Each worker beats every second or so (`heartbeat_at`). On PostgreSQL it also holds a
//! session advisory lock, keyed (`LOCK_SPACE`, `lock_key`), on a connection of its own
//! that it keeps for its lifetime: when the process dies (`kill -9`, OOM kill) the
//! kernel closes its sockets, the server ends the session and the lock is gone at once,
//! long before the beat goes stale. A worker is dead when its beat is older than the
//! caller's `dead_before`, or (PostgreSQL) when nobody holds its lock; the next reap by a
//! live worker removes it and releases its leases, so its deliveries are claimed again
//! now rather than when their `locked_until` passes. A beat that goes stale covers what
//! the lock cannot see: a machine that vanished without closing its connections.
//!
//! Leases held under a name that never registered (tests, tools) keep the plain rule:
//! they are due again when `locked_until` passes. Reaping also frees the dead process's
//! inbox jobs (`inbox_jobs`), which its inbox processor leases under the same name.

use async_trait::async_trait;
use rookery_core::ports::{Beat, PortError, Reaped, WorkerRegistry};
use rookery_core::Timestamp;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Connection, Row};
use tokio::sync::Mutex;

use crate::backend::Backend;
use crate::error::StoreError;
use crate::store::Store;

/// The first key of every rookery worker's advisory lock (ASCII "rkry"), so they never
/// meet another application's advisory locks in the same database.
const LOCK_SPACE: i32 = 0x726b_7279;

/// A worker's registration: one per worker process (see [`Store::worker_presence`]).
pub struct WorkerPresence {
    store: Store,
    /// PostgreSQL: the connection holding this worker's advisory lock. Taken out while
    /// a beat runs, so a beat abandoned half-way (a timeout) drops the connection,
    /// and with it the lock, rather than reusing a connection in an unknown state.
    session: Mutex<Option<Session>>,
}

struct Session {
    conn: AnyConnection,
    key: i32,
}

impl Store {
    /// A registration for one worker process; it registers on its first beat.
    pub fn worker_presence(&self) -> WorkerPresence {
        WorkerPresence {
            store: self.clone(),
            session: Mutex::new(None),
        }
    }

    /// Workers currently registered, with their last beat (for status and tests).
    pub async fn registered_workers(&self) -> Result<Vec<(String, Timestamp)>, StoreError> {
        let rows = sqlx::query("SELECT id, heartbeat_at FROM workers ORDER BY id")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("id")?,
                    Timestamp::from_millis(row.try_get("heartbeat_at")?),
                ))
            })
            .collect()
    }

    /// Removes a dead worker (only if its row is still the one judged dead) and
    /// releases its leases, in one transaction. Returns the leases released, or `None`
    /// when another worker reaped it first or it beat again meanwhile.
    async fn reap_worker(
        &self,
        id: &str,
        lock_key: i64,
        heartbeat_at: i64,
    ) -> Result<Option<u64>, StoreError> {
        let mut tx = self.write.begin().await?;
        // On PostgreSQL a concurrent beat or re-registration changes the row: under
        // READ COMMITTED the DELETE re-checks it and then matches nothing.
        let gone = sqlx::query(
            "DELETE FROM workers WHERE id = $1 AND lock_key = $2 AND heartbeat_at = $3",
        )
        .bind(id)
        .bind(lock_key)
        .bind(heartbeat_at)
        .execute(&mut *tx)
        .await?;
        if gone.rows_affected() == 0 {
            return Ok(None);
        }
        let released = sqlx::query(
            "UPDATE deliveries SET locked_until = NULL, locked_by = NULL WHERE locked_by = $1",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        // The process's inbox processor leases under the same name and died with it.
        // On PostgreSQL in the same transaction; SQLite keeps the queue in its own file
        // (`inbox_db.rs`), released right after.
        const RELEASE_INBOX: &str =
            "UPDATE inbox_jobs SET locked_until = NULL, locked_by = NULL WHERE locked_by = $1";
        if self.backend() == Backend::Postgres {
            sqlx::query(RELEASE_INBOX)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        if self.backend() == Backend::Sqlite {
            sqlx::query(RELEASE_INBOX)
                .bind(id)
                .execute(&self.inbox_db.write)
                .await?;
        }
        Ok(Some(released.rows_affected()))
    }

    /// Workers other than `me` that are dead: beat before `dead_before`, or (PostgreSQL)
    /// their session's advisory lock no longer held in this database.
    async fn dead_workers(
        &self,
        me: &str,
        dead_before: Timestamp,
    ) -> Result<Vec<(String, i64, i64)>, StoreError> {
        let sql = match self.backend() {
            Backend::Postgres => {
                "SELECT w.id, w.lock_key, w.heartbeat_at FROM workers w \
                 WHERE w.id <> $1 AND (w.heartbeat_at < $2 OR NOT EXISTS (\
                 SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted \
                 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
                 AND l.classid::int8 = $3 AND l.objid::int8 = w.lock_key AND l.objsubid = 2))"
            }
            // No sessions to watch: only the beat tells.
            Backend::Sqlite => {
                "SELECT id, lock_key, heartbeat_at FROM workers \
                 WHERE id <> $1 AND heartbeat_at < $2"
            }
        };
        let mut query = sqlx::query(sql).bind(me).bind(dead_before.as_millis());
        if self.backend() == Backend::Postgres {
            query = query.bind(i64::from(LOCK_SPACE));
        }
        let rows = query.fetch_all(&self.write).await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("id")?,
                    row.try_get("lock_key")?,
                    row.try_get("heartbeat_at")?,
                ))
            })
            .collect()
    }
}

/// Writes the beat; registers the worker when its row is missing. True when it was.
async fn write_beat(
    conn: &mut AnyConnection,
    worker: &str,
    key: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let beat = sqlx::query("UPDATE workers SET heartbeat_at = $1, lock_key = $2 WHERE id = $3")
        .bind(now)
        .bind(key)
        .bind(worker)
        .execute(&mut *conn)
        .await?;
    if beat.rows_affected() > 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO workers (id, lock_key, started_at, heartbeat_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, \
         lock_key = excluded.lock_key",
    )
    .bind(worker)
    .bind(key)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

impl WorkerPresence {
    /// A connection of this worker's own holding a fresh advisory lock (PostgreSQL).
    async fn open_session(&self) -> Result<Session, StoreError> {
        let pooled: PoolConnection<Any> = self.store.write.acquire().await?;
        // Out of the pool for good: the lock lives exactly as long as this connection.
        let mut conn = pooled.detach();
        // A random key; one already held by a live worker is refused, then try another.
        for _ in 0..8 {
            let row = sqlx::query(
                "SELECT k, pg_try_advisory_lock($1, k) AS ok FROM \
                 (SELECT (1 + floor(random() * 2147483646))::int4 AS k) AS r",
            )
            .bind(LOCK_SPACE)
            .fetch_one(&mut conn)
            .await?;
            if row.try_get::<bool, _>("ok")? {
                return Ok(Session {
                    conn,
                    key: row.try_get("k")?,
                });
            }
        }
        Err(StoreError::Busy("no free worker lock key".into()))
    }

    async fn beat(&self, worker: &str, now: Timestamp) -> Result<Beat, StoreError> {
        let joined = match self.store.backend() {
            Backend::Sqlite => {
                let mut conn = self.store.write.acquire().await?;
                write_beat(&mut conn, worker, 0, now.as_millis()).await?
            }
            Backend::Postgres => {
                let mut slot = self.session.lock().await;
                let mut session = match slot.take() {
                    Some(session) => session,
                    None => self.open_session().await?,
                };
                // On an error the session is dropped here (its lock with it); the next
                // beat opens a new one, and this worker's old row, whose lock is gone,
                // is reaped by the others unless this worker beats first.
                let joined = write_beat(
                    &mut session.conn,
                    worker,
                    i64::from(session.key),
                    now.as_millis(),
                )
                .await?;
                *slot = Some(session);
                joined
            }
        };
        Ok(if joined { Beat::Joined } else { Beat::Alive })
    }

    async fn reap(&self, worker: &str, dead_before: Timestamp) -> Result<Reaped, StoreError> {
        let mut reaped = Reaped::default();
        for (id, key, heartbeat_at) in self.store.dead_workers(worker, dead_before).await? {
            if let Some(released) = self.store.reap_worker(&id, key, heartbeat_at).await? {
                reaped.released += released;
                reaped.workers.push(id);
            }
        }
        Ok(reaped)
    }

    async fn leave(&self, worker: &str) -> Result<(), StoreError> {
        let mut tx = self.store.write.begin().await?;
        sqlx::query(
            "UPDATE deliveries SET locked_until = NULL, locked_by = NULL WHERE locked_by = $1",
        )
        .bind(worker)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM workers WHERE id = $1")
            .bind(worker)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if let Some(session) = self.session.lock().await.take() {
            // Closing ends the session, which releases the advisory lock.
            session.conn.close().await?;
        }
        Ok(())
    }
}

#[async_trait]
impl WorkerRegistry for WorkerPresence {
    async fn heartbeat(&self, worker: &str, now: Timestamp) -> Result<Beat, PortError> {
        Ok(self.beat(worker, now).await?)
    }

    async fn reap(&self, worker: &str, dead_before: Timestamp) -> Result<Reaped, PortError> {
        Ok(WorkerPresence::reap(self, worker, dead_before).await?)
    }

    async fn deregister(&self, worker: &str) -> Result<(), PortError> {
        Ok(self.leave(worker).await?)
    }
}
