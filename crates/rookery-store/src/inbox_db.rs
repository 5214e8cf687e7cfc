//! Where the inbox queue (`inbox_queue.rs`) lives. On PostgreSQL, in the main database:
//! its row locks let appends and everything else write at once. On SQLite, in a file of
//! its own beside the main one (`rookery.db` → `rookery-inbox.db`), with its own writer.
//!
//! Why a second file (issue 7, B1): SQLite has one writer per file, and the group commit
//! hands it to members in arrival order. With the queue in the main file, an inbox's
//! append waited behind every transaction of the processor applying earlier activities
//! (a note with its mentions and notifications), so a burst's 202s took ~200 ms each and
//! accepting slowed to the pace of applying. Apart, an append waits only for other
//! appends and the processor's one-statement claims and finishes.
//!
//! Nothing needs both files in one transaction: a job is applied in the main file, then
//! finished in the queue; a crash in between applies it again, which the processor's
//! deduplication (`inbox_seen`, stored note URIs) absorbs, as it did with one file.

use std::sync::Arc;

use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Row};

use crate::backend::{self, Backend, Pools};
use crate::error::StoreError;
use crate::group::GroupCommit;
use crate::read_pool::ReadPool;
use crate::sql::placeholders;

/// The SQLite queue file's own schema (the PostgreSQL table is in the main migrations).
static SQLITE_INBOX_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite_inbox");

/// Jobs moved per statement from an older version's main-file table.
const MOVE_CHUNK: i64 = 200;

/// The pools and group commit that reach `inbox_jobs`.
#[derive(Clone)]
pub(crate) struct InboxDb {
    pub write: AnyPool,
    pub read: ReadPool,
    pub group: Arc<GroupCommit>,
    /// Whether this is a file of its own (SQLite) rather than the main database.
    separate: bool,
}

impl InboxDb {
    /// The main database's own pools and group commit (PostgreSQL).
    pub(crate) fn shared(pools: &Pools, group: Arc<GroupCommit>) -> InboxDb {
        InboxDb {
            write: pools.write.clone(),
            read: pools.read.clone(),
            group,
            separate: false,
        }
    }

    /// Opens (creating if missing) the SQLite queue file that goes with the main
    /// database at `main_url`.
    pub(crate) async fn open_sqlite_beside(main_url: &str) -> Result<InboxDb, StoreError> {
        let Pools { write, read } = backend::open_sqlite(&queue_url(main_url)).await?;
        Ok(InboxDb {
            group: Arc::new(GroupCommit::new(write.clone(), 1)),
            write,
            read,
            separate: true,
        })
    }

    /// Creates the queue file's table, then moves in any jobs an older version left in
    /// the main file's `inbox_jobs` (accepted before the upgrade: they must not be lost).
    pub(crate) async fn migrate(&self, main_write: &AnyPool) -> Result<(), StoreError> {
        if !self.separate {
            return Ok(());
        }
        SQLITE_INBOX_MIGRATIONS.run(&self.write).await?;
        let moved = move_older_jobs(main_write, &self.write).await?;
        if moved > 0 {
            tracing::info!(
                jobs = moved,
                "moved queued inbox jobs to the inbox queue file"
            );
        }
        Ok(())
    }

    pub(crate) async fn close(&self) {
        if self.separate {
            self.write.close().await;
            self.read.close().await;
        }
    }
}

/// The queue file's URL: the main file's name with `-inbox` before its extension, same
/// options. A `:memory:` database gets an in-memory queue of its own.
pub(crate) fn queue_url(main_url: &str) -> String {
    let (path, options) = match main_url.split_once('?') {
        Some((path, options)) => (path, Some(options)),
        None => (main_url, None),
    };
    let renamed = if path.ends_with(":memory:") {
        path.to_owned()
    } else {
        let file_start = path.rfind(['/', ':']).map_or(0, |i| i + 1);
        match path[file_start..].rfind('.') {
            Some(dot) if dot > 0 => {
                let dot = file_start + dot;
                format!("{}-inbox{}", &path[..dot], &path[dot..])
            }
            _ => format!("{path}-inbox"),
        }
    };
    match options {
        Some(options) => format!("{renamed}?{options}"),
        None => renamed,
    }
}

/// Moves every row of the main file's `inbox_jobs` to the queue file, oldest first, a
/// chunk per transaction pair: copied and committed in the queue, then deleted from the
/// main file. A crash between the two leaves a copy in both; the next start moves it
/// again and the processor's deduplication applies it once.
async fn move_older_jobs(main: &AnyPool, queue: &AnyPool) -> Result<u64, StoreError> {
    let mut moved = 0u64;
    loop {
        let rows = sqlx::query(
            "SELECT id, protocol, signer, body, received_at, attempts, next_attempt_at, \
             last_error FROM inbox_jobs ORDER BY id LIMIT $1",
        )
        .bind(MOVE_CHUNK)
        .fetch_all(main)
        .await?;
        if rows.is_empty() {
            return Ok(moved);
        }
        let mut tx = queue.begin().await?;
        let mut ids = Vec::with_capacity(rows.len());
        for row in &rows {
            ids.push(row.try_get::<i64, _>("id")?);
            sqlx::query(
                "INSERT INTO inbox_jobs (protocol, signer, body, received_at, attempts, \
                 next_attempt_at, last_error) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(row.try_get::<String, _>("protocol")?)
            .bind(row.try_get::<String, _>("signer")?)
            .bind(row.try_get::<String, _>("body")?)
            .bind(row.try_get::<i64, _>("received_at")?)
            .bind(row.try_get::<i64, _>("attempts")?)
            .bind(row.try_get::<i64, _>("next_attempt_at")?)
            .bind(row.try_get::<Option<String>, _>("last_error")?)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        let sql = format!(
            "DELETE FROM inbox_jobs WHERE id IN ({})",
            placeholders(1, ids.len())
        );
        let mut delete = sqlx::query(&sql);
        for id in &ids {
            delete = delete.bind(*id);
        }
        delete.execute(main).await?;
        moved += ids.len() as u64;
    }
}

/// Which backend keeps the queue where.
pub(crate) async fn open(
    url: &str,
    backend: Backend,
    pools: &Pools,
    group: &Arc<GroupCommit>,
) -> Result<InboxDb, StoreError> {
    match backend {
        Backend::Postgres => Ok(InboxDb::shared(pools, group.clone())),
        Backend::Sqlite => InboxDb::open_sqlite_beside(url).await,
    }
}

#[cfg(test)]
mod tests {
    use super::queue_url;

    #[test]
    fn the_queue_file_sits_beside_the_main_one() {
        let table = [
            ("sqlite:data/rookery.db", "sqlite:data/rookery-inbox.db"),
            (
                "sqlite:///var/lib/rookery/main.sqlite3?mode=rwc",
                "sqlite:///var/lib/rookery/main-inbox.sqlite3?mode=rwc",
            ),
            ("sqlite:rookery", "sqlite:rookery-inbox"),
            ("sqlite:./a.b/db", "sqlite:./a.b/db-inbox"),
            ("sqlite:.hidden", "sqlite:.hidden-inbox"),
            ("sqlite::memory:", "sqlite::memory:"),
            (
                "sqlite:file:test?mode=memory&cache=shared",
                "sqlite:file:test-inbox?mode=memory&cache=shared",
            ),
        ];
        for (main, queue) in table {
            assert_eq!(queue_url(main), queue, "{main}");
        }
    }
}
