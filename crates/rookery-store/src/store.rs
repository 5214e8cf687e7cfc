//! `Store`: connecting, migrating, closing, and starting write transactions.

use std::sync::Arc;

use rookery_core::Protocol;
use sqlx::migrate::Migrator;
use sqlx::AnyPool;

use crate::backend::{self, Backend, Pools};
use crate::error::StoreError;
use crate::group::GroupCommit;
use crate::inbox_db::{self, InboxDb};
use crate::inbox_queue::InboxAppender;
use crate::new_notes::NoteWriter;
use crate::read_pool::ReadPool;
use crate::troubled_hosts::TroubledHosts;
use crate::tx::StoreTx;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// The database, behind rookery's vocabulary. Cheap to clone: clones share the pools.
#[derive(Clone)]
pub struct Store {
    backend: Backend,
    pub(crate) write: AnyPool,
    pub(crate) read: ReadPool,
    /// This instance's protocols, most preferred first (see
    /// [`Store::with_protocol_preference`]).
    pub(crate) preference: Arc<[Protocol]>,
    /// Batches the transactions of [`Store::begin_grouped`] into shared commits.
    pub(crate) group: Arc<GroupCommit>,
    /// Batches inbox queue appends into shared commits (see `inbox_queue.rs`).
    pub(crate) inbox: Arc<InboxAppender>,
    /// Writes new remote notes that arrive together in one transaction (`new_notes.rs`).
    pub(crate) notes: Arc<NoteWriter>,
    /// Where the inbox queue lives: a SQLite file of its own, or the main database.
    pub(crate) inbox_db: InboxDb,
    /// Hosts with delivery failures on record, remembered on SQLite (`troubled_hosts.rs`).
    pub(crate) troubled_hosts: Arc<TroubledHosts>,
}

/// Group commit lanes: SQLite has one writer; on PostgreSQL a few batches may commit in
/// parallel (each holds a pooled connection while open).
const SQLITE_LANES: usize = 1;
const POSTGRES_LANES: usize = 4;

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish()
    }
}

impl Store {
    /// Connects to `sqlite:PATH` (the file is created if missing) or `postgres://...`.
    /// A dead PostgreSQL server fails with [`StoreError::Unreachable`] within seconds.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let backend = Backend::from_url(url)?;
        let pools = backend::open(url, backend).await?;
        let lanes = match backend {
            Backend::Sqlite => SQLITE_LANES,
            Backend::Postgres => POSTGRES_LANES,
        };
        let group = Arc::new(GroupCommit::new(pools.write.clone(), lanes));
        let inbox_db = inbox_db::open(url, backend, &pools, &group).await?;
        tracing::debug!(backend = backend.as_str(), "store connected");
        let Pools { write, read } = pools;
        Ok(Store {
            backend,
            group,
            write,
            read,
            preference: Arc::from(Vec::new()),
            inbox: Arc::new(InboxAppender::new()),
            notes: Arc::new(NoteWriter::new()),
            inbox_db,
            troubled_hosts: Arc::default(),
        })
    }

    /// This instance's protocols, most preferred first (`federation.prefer`): an account
    /// reached over both keeps the facts of the preferred one (core's
    /// `primary_protocol`). Without it, an account keeps the protocol it was first
    /// stored with.
    pub fn with_protocol_preference(mut self, preference: Vec<Protocol>) -> Store {
        self.preference = preference.into();
        self
    }

    /// Sets how many group commit lanes (writer connections batching in parallel) the
    /// store uses; one puts every grouped transaction in one queue. Call before use.
    pub fn with_write_lanes(mut self, lanes: usize) -> Store {
        self.group = Arc::new(GroupCommit::new(self.write.clone(), lanes));
        if self.backend == Backend::Postgres {
            self.inbox_db.group = self.group.clone();
        }
        self
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies the embedded migrations of this backend. Safe to run repeatedly and, on
    /// PostgreSQL, from several processes at once (sqlx takes an advisory lock).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.write).await?;
        self.inbox_db.migrate(&self.write).await
    }

    /// Closes every connection; later calls fail.
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
        self.inbox_db.close().await;
    }

    /// Starts a write transaction. On SQLite it holds the single writer connection until
    /// committed or dropped, so do not call other writing `Store` methods while holding
    /// one (they would wait for it).
    pub async fn begin(&self) -> Result<StoreTx, StoreError> {
        StoreTx::begin(&self.write, self.backend, self.preference.clone()).await
    }

    /// Starts a write transaction that shares its commit with the others started around
    /// the same time (group commit, see `group.rs`): `commit` returns once the shared
    /// commit is durable; a failing member rolls back alone. Same caveat as
    /// [`Store::begin`]: it holds a writer connection until committed or dropped.
    pub async fn begin_grouped(&self) -> Result<StoreTx, StoreError> {
        StoreTx::join(&self.group, self.backend, self.preference.clone()).await
    }

    /// Grouped transactions waiting for a writer right now (a load figure, and what lets
    /// tests line members up in one batch).
    pub fn writers_waiting(&self) -> usize {
        self.group.waiting()
    }
}
