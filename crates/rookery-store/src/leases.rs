//! Lease recovery at start-up. On SQLite one process holds the only worker, so any lease
//! found when it starts belongs to a process that died (kill -9, power loss): those
//! deliveries are released at once instead of waiting out the lease, and the dead
//! process's worker registration goes with them. A delivery the dead process had already
//! sent is sent again; inboxes deduplicate by activity id (ARCHITECTURE.md invariant 4).
//!
//! On PostgreSQL several worker processes share the queue, so start-up cannot tell a dead
//! holder from a live one; there the worker registry (`workers.rs`) finds dead workers
//! by their database session and their heartbeat and releases their leases.

use crate::backend::Backend;
use crate::error::StoreError;
use crate::store::Store;

impl Store {
    /// Releases every lease when this store is SQLite (the single-worker backend) and
    /// returns how many; on PostgreSQL, where other live workers may hold leases, it
    /// does nothing (the worker registry reaps dead workers there).
    pub async fn release_orphaned_leases(&self) -> Result<u64, StoreError> {
        if self.backend() != Backend::Sqlite {
            return Ok(0);
        }
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE deliveries SET locked_until = NULL, locked_by = NULL WHERE locked_until IS NOT NULL",
        )
        .execute(&mut *tx)
        .await?;
        // Every registered worker was a previous process's: this one has not started its
        // worker yet.
        sqlx::query("DELETE FROM workers").execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}
