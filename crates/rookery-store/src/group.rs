//! Group commit: write transactions that arrive together share one database
//! transaction and one commit (one WAL fsync on SQLite, one WAL flush on PostgreSQL).
//!
//! Why: a commit costs a disk flush, and the inbox would otherwise pay one per activity
//! (SQLite does ~55k batched rows/s but ~4k/s with one flush per row; issue 7). How:
//! a *lane* owns a write connection while a batch is open. Members take the lane one at
//! a time (a fair mutex), each inside its own `SAVEPOINT`, so a member that fails or is
//! dropped rolls back alone and its batch-mates commit. A member's `commit` releases its
//! savepoint and returns only after the batch's `COMMIT` succeeded: whoever finds no one
//! queued behind it commits for everyone, so a lone writer pays no added wait. Reads
//! made by later members see earlier members' writes only through the lane's connection;
//! answers (a 202) go out after the commit, so what a sender saw acknowledged is durable
//! and visible to every reader.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor};
use tokio::sync::{oneshot, Mutex, OwnedMappedMutexGuard, OwnedMutexGuard};

use crate::error::StoreError;

/// A batch commits once this many members released into it, or once it is this old,
/// even while more queue: bounds the wait (p99) under sustained load.
const MAX_BATCH: usize = 256;
const MAX_BATCH_AGE: Duration = Duration::from_millis(4);

/// A member waiting this long for its batch's commit takes the lane and commits itself.
/// Covers a would-be committer that was cancelled (its request dropped) mid-way.
const FLUSH_GRACE: Duration = Duration::from_millis(15);

/// What a member learns about its batch: committed, or why not.
type Outcome = Result<(), String>;

/// The lanes of one store: one on SQLite (a single writer), several on PostgreSQL
/// (independent connections, so one slow batch does not hold up the others).
pub(crate) struct GroupCommit {
    pool: AnyPool,
    lanes: Box<[Arc<Lane>]>,
}

struct Lane {
    slot: Arc<Mutex<Option<Batch>>>,
    /// Members waiting for the lane: while some do, a releasing member leaves the commit
    /// to them (that is the batching).
    queued: AtomicUsize,
    /// Members waiting for or holding the lane: a new member picks the least used lane.
    users: AtomicUsize,
}

/// A lane's connection, its transaction, and the members that joined it.
struct Batch {
    conn: PoolConnection<Any>,
    /// Whether a transaction is open on `conn` (a member that commits a batch inline
    /// keeps the connection for the members queued behind it).
    open: bool,
    opened_at: Instant,
    /// An inline commit failed: the connection's state is unknown, replace it.
    broken: bool,
    /// Members that released their savepoint and wait for the commit.
    released: Vec<oneshot::Sender<Outcome>>,
    /// The last member was dropped without committing: its savepoint is undone before
    /// anything else happens on this connection.
    rollback_pending: bool,
}

impl GroupCommit {
    pub(crate) fn new(pool: AnyPool, lanes: usize) -> GroupCommit {
        let lanes = (0..lanes.max(1))
            .map(|_| {
                Arc::new(Lane {
                    slot: Arc::new(Mutex::new(None)),
                    queued: AtomicUsize::new(0),
                    users: AtomicUsize::new(0),
                })
            })
            .collect();
        GroupCommit { pool, lanes }
    }

    /// How many grouped transactions wait for a lane right now.
    pub(crate) fn waiting(&self) -> usize {
        self.lanes
            .iter()
            .map(|l| l.queued.load(Ordering::Relaxed))
            .sum()
    }

    /// Joins (or opens) a batch on the least busy lane.
    pub(crate) async fn join(&self) -> Result<Member, StoreError> {
        let lane = self
            .lanes
            .iter()
            .min_by_key(|l| l.users.load(Ordering::Relaxed))
            .cloned()
            .ok_or_else(|| StoreError::Commit("no write lane".into()))?;
        let user = User::enter(lane.clone());
        let slot = {
            let _queued = Queued::enter(&lane);
            lane.slot.clone().lock_owned().await
        };
        let guard = open(&self.pool, slot).await?;
        let mut member = Member {
            lane,
            guard,
            settled: false,
            _user: user,
        };
        savepoint(member.conn(), "SAVEPOINT member").await?;
        Ok(member)
    }
}

/// Counts a member waiting for its lane, also when its future is dropped while waiting.
struct Queued<'a>(&'a Lane);

impl<'a> Queued<'a> {
    fn enter(lane: &'a Lane) -> Queued<'a> {
        lane.queued.fetch_add(1, Ordering::AcqRel);
        Queued(lane)
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.queued.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Makes sure the slot holds a usable open batch: undoes a dropped member's savepoint,
/// or begins a new transaction.
async fn open(
    pool: &AnyPool,
    mut slot: OwnedMutexGuard<Option<Batch>>,
) -> Result<OwnedMappedMutexGuard<Option<Batch>, Batch>, StoreError> {
    let undone = match slot.as_mut() {
        Some(batch) if batch.rollback_pending => Some(undo_member(&mut batch.conn).await),
        _ => None,
    };
    match undone {
        Some(Ok(())) => {
            if let Some(batch) = slot.as_mut() {
                batch.rollback_pending = false;
            }
        }
        // The transaction is in an unknown state: fail the batch rather than commit
        // something half done.
        Some(Err(e)) => abandon(&mut slot, format!("could not undo a failed write: {e}")).await,
        None => {}
    }
    if slot.as_ref().is_some_and(|b| b.broken) {
        if let Some(mut batch) = slot.take() {
            batch.conn.close_on_drop();
        }
    }
    match slot.as_mut() {
        Some(batch) if !batch.open => {
            batch.conn.execute(sqlx::raw_sql("BEGIN")).await?;
            batch.open = true;
            batch.opened_at = Instant::now();
        }
        Some(_) => {}
        None => {
            let mut conn = pool.acquire().await?;
            conn.execute(sqlx::raw_sql("BEGIN")).await?;
            *slot = Some(Batch {
                conn,
                open: true,
                opened_at: Instant::now(),
                broken: false,
                released: Vec::new(),
                rollback_pending: false,
            });
        }
    }
    OwnedMutexGuard::try_map(slot, Option::as_mut)
        .map_err(|_| StoreError::Commit("the write lane has no open batch".into()))
}

/// One write transaction inside a batch. Dropping it without [`Member::commit`] undoes
/// its writes only.
pub(crate) struct Member {
    lane: Arc<Lane>,
    guard: OwnedMappedMutexGuard<Option<Batch>, Batch>,
    /// Committed or rolled back explicitly: `Drop` has nothing to undo.
    settled: bool,
    _user: User,
}

/// Counts a member from choosing its lane until it lets go of it.
struct User(Arc<Lane>);

impl User {
    fn enter(lane: Arc<Lane>) -> User {
        lane.users.fetch_add(1, Ordering::AcqRel);
        User(lane)
    }
}

impl Drop for User {
    fn drop(&mut self) {
        self.0.users.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Member {
    pub(crate) fn conn(&mut self) -> &mut AnyConnection {
        &mut self.guard.conn
    }

    /// Releases this member's savepoint and waits until its batch is committed.
    pub(crate) async fn commit(mut self) -> Result<(), StoreError> {
        // On failure, dropping `self` undoes the savepoint.
        savepoint(self.conn(), "RELEASE SAVEPOINT member").await?;
        let (done, outcome) = oneshot::channel();
        self.guard.released.push(done);
        let due = self.guard.released.len() >= MAX_BATCH
            || self.guard.opened_at.elapsed() >= MAX_BATCH_AGE;
        if due {
            // Commit now, still holding the lane: the members queued behind start the
            // next batch on the same connection.
            commit_inline(&mut self.guard).await;
        }
        let lane = self.lane.clone();
        self.settled = true;
        drop(self); // lets the next member in
        if lane.queued.load(Ordering::Acquire) == 0 {
            flush(&lane).await;
        }
        wait(&lane, outcome).await
    }

    /// Undoes this member's writes now (the same as dropping it, but reports errors).
    pub(crate) async fn rollback(mut self) -> Result<(), StoreError> {
        let result = undo_member(self.conn()).await;
        let lane = self.lane.clone();
        self.guard.rollback_pending = result.is_err();
        self.settled = true;
        drop(self);
        if lane.queued.load(Ordering::Acquire) == 0 {
            flush(&lane).await;
        }
        result.map_err(StoreError::from)
    }
}

impl Drop for Member {
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        // No async here: mark the savepoint for undoing; the next member does it, or the
        // flush below when no one comes (so the connection is not kept from the pool).
        self.guard.rollback_pending = true;
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let lane = self.lane.clone();
            runtime.spawn(async move { flush(&lane).await });
        }
    }
}

/// Waits for the batch's outcome; after [`FLUSH_GRACE`] commits it itself.
async fn wait(lane: &Lane, mut outcome: oneshot::Receiver<Outcome>) -> Result<(), StoreError> {
    loop {
        match tokio::time::timeout(FLUSH_GRACE, &mut outcome).await {
            Ok(Ok(result)) => return result.map_err(StoreError::Commit),
            Ok(Err(_)) => return Err(StoreError::Commit("the batch was abandoned".into())),
            Err(_) => flush(lane).await,
        }
    }
}

/// Commits the batch while keeping its connection, and tells its members.
async fn commit_inline(batch: &mut Batch) {
    let outcome = finish(batch)
        .await
        .map_err(|e| format!("commit failed: {e}"));
    batch.open = false;
    if let Err(why) = &outcome {
        tracing::warn!(error = %why, members = batch.released.len(), "write batch failed");
        batch.broken = true;
    }
    for member in batch.released.drain(..) {
        let _ = member.send(outcome.clone());
    }
}

/// Commits the lane's open batch, if any, tells its members, and gives the connection
/// back to the pool.
async fn flush(lane: &Lane) {
    let mut slot = lane.slot.clone().lock_owned().await;
    let Some(batch) = slot.as_mut() else {
        return;
    };
    if !batch.open {
        // Idle since an inline commit: give the connection back (closed if broken).
        if let Some(mut idle) = slot.take() {
            if idle.broken {
                idle.conn.close_on_drop();
            }
        }
        return;
    }
    let outcome = finish(batch).await;
    match outcome {
        Ok(()) => {
            if let Some(batch) = slot.take() {
                for member in batch.released {
                    let _ = member.send(Ok(()));
                }
            }
        }
        Err(e) => abandon(&mut slot, format!("commit failed: {e}")).await,
    }
}

async fn finish(batch: &mut Batch) -> Result<(), sqlx::Error> {
    if batch.rollback_pending {
        undo_member(&mut batch.conn).await?;
        batch.rollback_pending = false;
    }
    batch.conn.execute(sqlx::raw_sql("COMMIT")).await?;
    Ok(())
}

/// Fails every member of the open batch and throws its connection away (its state is
/// unknown); the next member starts afresh on a new connection.
async fn abandon(slot: &mut Option<Batch>, why: String) {
    let Some(mut batch) = slot.take() else {
        return;
    };
    tracing::warn!(error = %why, members = batch.released.len(), "write batch failed");
    if batch.conn.execute(sqlx::raw_sql("ROLLBACK")).await.is_err() {
        batch.conn.close_on_drop();
    }
    for member in batch.released {
        let _ = member.send(Err(why.clone()));
    }
}

async fn undo_member(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    conn.execute(sqlx::raw_sql(
        "ROLLBACK TO SAVEPOINT member; RELEASE SAVEPOINT member",
    ))
    .await?;
    Ok(())
}

async fn savepoint(conn: &mut AnyConnection, sql: &'static str) -> Result<(), StoreError> {
    conn.execute(sqlx::raw_sql(sql)).await?;
    Ok(())
}
