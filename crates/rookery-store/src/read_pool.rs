//! The connections reads go through: SQLite's readers held by us, or sqlx's pool.
//!
//! Why SQLite's readers are not in a sqlx pool: sqlx returns every pooled connection
//! through a spawned task that pings it first (sqlx-core 0.8, `return_to_pool`), and no
//! pool option turns that off. For a connection to a file in this process, which cannot
//! go stale, that ping is one wasted round trip to the connection's thread after every
//! read, plus the task and its wake-ups: 3–4 % of B1's CPU and a share of every
//! timeline request (issue 7). Here a released connection goes straight back on a list.
//!
//! A reader dropped mid-query (a cancelled request) is safe to reuse: sqlx's SQLite
//! worker runs one command at a time, stops a query whose receiver is gone and resets
//! its statement, so the next command finds a clean connection.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures_util::future::BoxFuture;
use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use sqlx::any::{AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Describe, Either, Execute, Executor};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Where reads run. Cheap to clone: clones share the connections.
#[derive(Clone)]
pub(crate) enum ReadPool {
    /// PostgreSQL (whose connections can go stale, so sqlx's checks earn their cost), and
    /// SQLite in memory, where readers must share the writer's one connection.
    Pooled(AnyPool),
    /// A SQLite file's reader connections, opened on first need.
    Held(Arc<Readers>),
}

pub(crate) struct Readers {
    url: String,
    /// Run on each new connection (the readers' pragmas).
    setup: &'static str,
    idle: Mutex<Vec<AnyConnection>>,
    /// One permit per connection that may exist; closed when the store closes.
    permits: Arc<Semaphore>,
    wait: Duration,
}

/// A connection taken for a few reads; it goes back when dropped.
pub(crate) enum ReadConnection {
    Pooled(PoolConnection<Any>),
    Held(HeldConnection),
}

pub(crate) struct HeldConnection {
    conn: Option<AnyConnection>,
    readers: Arc<Readers>,
    // Declared after `conn`, and so released after it is back on the idle list: a
    // waiter woken by the permit always finds a connection or room to open one.
    _permit: OwnedSemaphorePermit,
}

impl ReadPool {
    /// SQLite readers on `url`, at most `max` at once, each set up with `setup`; a read
    /// that finds all of them busy for `wait` fails with `PoolTimedOut`.
    pub(crate) fn held(url: String, setup: &'static str, max: usize, wait: Duration) -> Self {
        ReadPool::Held(Arc::new(Readers {
            url,
            setup,
            idle: Mutex::new(Vec::with_capacity(max)),
            permits: Arc::new(Semaphore::new(max)),
            wait,
        }))
    }

    pub(crate) async fn acquire(&self) -> Result<ReadConnection, sqlx::Error> {
        match self {
            ReadPool::Pooled(pool) => Ok(ReadConnection::Pooled(pool.acquire().await?)),
            ReadPool::Held(readers) => Ok(ReadConnection::Held(readers.acquire().await?)),
        }
    }

    /// Closes every idle connection; later reads fail with `PoolClosed`.
    pub(crate) async fn close(&self) {
        match self {
            ReadPool::Pooled(pool) => pool.close().await,
            ReadPool::Held(readers) => readers.close().await,
        }
    }
}

impl Readers {
    async fn acquire(self: &Arc<Self>) -> Result<HeldConnection, sqlx::Error> {
        let permit = tokio::time::timeout(self.wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?
            .map_err(|_| sqlx::Error::PoolClosed)?;
        let idle = self.idle().pop();
        let conn = match idle {
            Some(conn) => conn,
            None => {
                let mut conn = AnyConnection::connect(&self.url).await?;
                conn.execute(sqlx::raw_sql(self.setup)).await?;
                conn
            }
        };
        Ok(HeldConnection {
            conn: Some(conn),
            readers: self.clone(),
            _permit: permit,
        })
    }

    /// The idle list. A poisoned lock only means a thread panicked while pushing or
    /// popping; the list itself is still a valid list.
    fn idle(&self) -> MutexGuard<'_, Vec<AnyConnection>> {
        self.idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn close(&self) {
        self.permits.close();
        let idle = std::mem::take(&mut *self.idle());
        for conn in idle {
            if let Err(error) = conn.close().await {
                tracing::debug!(%error, "closing a reader connection");
            }
        }
    }
}

impl Drop for HeldConnection {
    fn drop(&mut self) {
        // After close, a connection still out is dropped here instead, which closes it.
        if let Some(conn) = self.conn.take() {
            if !self.readers.permits.is_closed() {
                self.readers.idle().push(conn);
            }
        }
    }
}

impl Deref for ReadConnection {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match self {
            ReadConnection::Pooled(conn) => conn,
            ReadConnection::Held(held) => held.connection(),
        }
    }
}

impl DerefMut for ReadConnection {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match self {
            ReadConnection::Pooled(conn) => conn,
            ReadConnection::Held(held) => held.connection_mut(),
        }
    }
}

impl HeldConnection {
    #[allow(clippy::expect_used)]
    fn connection(&self) -> &AnyConnection {
        // Only `drop` takes the connection out, so it is always here before that.
        self.conn
            .as_ref()
            .expect("a held reader has its connection until dropped")
    }

    #[allow(clippy::expect_used)]
    fn connection_mut(&mut self) -> &mut AnyConnection {
        self.conn
            .as_mut()
            .expect("a held reader has its connection until dropped")
    }
}

impl fmt::Debug for ReadPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadPool::Pooled(pool) => f.debug_tuple("Pooled").field(pool).finish(),
            ReadPool::Held(readers) => f
                .debug_struct("Held")
                .field("available", &readers.permits.available_permits())
                .finish(),
        }
    }
}

/// Lets `&ReadPool` stand where `&AnyPool` stood: each call takes a connection for the
/// one statement, as sqlx's pool does.
impl<'p> Executor<'p> for &'p ReadPool {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>>
    where
        'p: 'e,
        E: 'q + Execute<'q, Any>,
    {
        match self {
            ReadPool::Pooled(pool) => pool.fetch_many(query),
            // The rows are gathered before they are handed on, so the connection goes
            // back at once; every read here is a bounded page, never a large export.
            ReadPool::Held(readers) => stream::once(async move {
                let mut conn = readers.acquire().await?;
                conn.connection_mut()
                    .fetch_many(query)
                    .try_collect::<Vec<_>>()
                    .await
            })
            .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
            .try_flatten()
            .boxed(),
        }
    }

    fn fetch_optional<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxFuture<'e, Result<Option<AnyRow>, sqlx::Error>>
    where
        'p: 'e,
        E: 'q + Execute<'q, Any>,
    {
        Box::pin(async move { self.acquire().await?.fetch_optional(query).await })
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement<'q>, sqlx::Error>>
    where
        'p: 'e,
    {
        Box::pin(async move { self.acquire().await?.prepare_with(sql, parameters).await })
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> BoxFuture<'e, Result<Describe<Any>, sqlx::Error>>
    where
        'p: 'e,
    {
        Box::pin(async move { self.acquire().await?.describe(sql).await })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::time::Duration;

    use sqlx::Row;

    use super::ReadPool;
    use crate::testing::temp_sqlite;

    const SETUP: &str = "PRAGMA query_only = ON;";

    /// A migrated SQLite file and one held reader on it (waiting at most 200 ms).
    async fn one_reader() -> (crate::testing::TempDatabase, crate::Store, ReadPool) {
        let db = temp_sqlite().unwrap();
        let store = db.store().await.unwrap();
        sqlx::raw_sql("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3);")
            .execute(&store.write)
            .await
            .unwrap();
        let pool = ReadPool::held(db.url().to_owned(), SETUP, 1, Duration::from_millis(200));
        (db, store, pool)
    }

    #[tokio::test]
    async fn reads_through_the_pool_as_through_sqlx() {
        let (_db, _store, pool) = one_reader().await;
        let rows = sqlx::query("SELECT n FROM t ORDER BY n")
            .fetch_all(&pool)
            .await
            .unwrap();
        let numbers: Vec<i64> = rows.iter().map(|r| r.get("n")).collect();
        assert_eq!(numbers, [1, 2, 3]);
        let one = sqlx::query("SELECT n FROM t WHERE n = $1")
            .bind(2_i64)
            .fetch_optional(&pool)
            .await
            .unwrap();
        assert_eq!(one.map(|r| r.get::<i64, _>("n")), Some(2));
        let none = sqlx::query("SELECT n FROM t WHERE n = 9")
            .fetch_optional(&pool)
            .await
            .unwrap();
        assert!(none.is_none());
    }

    #[tokio::test]
    async fn a_reader_cannot_write() {
        let (_db, _store, pool) = one_reader().await;
        let write = sqlx::query("INSERT INTO t VALUES (4)").execute(&pool).await;
        assert!(write.is_err(), "query_only must refuse a write");
    }

    #[tokio::test]
    async fn a_busy_reader_makes_others_wait_then_goes_back() {
        let (_db, _store, pool) = one_reader().await;
        let held = pool.acquire().await.unwrap();
        let waited = pool.acquire().await;
        assert!(matches!(waited, Err(sqlx::Error::PoolTimedOut)));
        drop(held);
        let count = sqlx::query("SELECT count(*) AS c FROM t")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(count.get::<i64, _>("c"), 3);
    }

    #[tokio::test]
    async fn a_cancelled_read_leaves_a_usable_connection() {
        let (_db, _store, pool) = one_reader().await;
        // Rows for seconds, abandoned after a few milliseconds: the connection's thread
        // stops at the next row it cannot hand over.
        let long = sqlx::query(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000000) \
             SELECT x FROM c",
        )
        .fetch_all(&pool);
        let abandoned = tokio::time::timeout(Duration::from_millis(20), long).await;
        assert!(abandoned.is_err(), "the long query should still be running");
        // The one connection is back, and answers the next read with its own rows.
        let rows = sqlx::query("SELECT n FROM t ORDER BY n")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert_eq!(rows.len(), 3);
    }

    #[tokio::test]
    async fn closed_readers_refuse_new_reads() {
        let (_db, _store, pool) = one_reader().await;
        sqlx::query("SELECT 1").fetch_one(&pool).await.unwrap();
        pool.close().await;
        let after = sqlx::query("SELECT 1").fetch_one(&pool).await;
        assert!(matches!(after, Err(sqlx::Error::PoolClosed)));
    }
}
