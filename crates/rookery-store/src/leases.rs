//! Lease recovery at start-up. On SQLite one process holds the only worker, so any lease
//! found when it starts belongs to a process that died (kill -9, power loss): those
//! deliveries are released at once instead of waiting out the lease. A delivery the dead
//! process had already sent is sent again; inboxes deduplicate by activity id
//! (ARCHITECTURE.md invariant 4).

use crate::backend::Backend;
use crate::error::StoreError;
use crate::store::Store;

impl Store {
    /// Releases every lease when this store is SQLite (the single-worker backend) and
    /// returns how many; on PostgreSQL, where other live workers may hold leases, it
    /// does nothing (their leases expire on their own).
    pub async fn release_orphaned_leases(&self) -> Result<u64, StoreError> {
        if self.backend() != Backend::Sqlite {
            return Ok(0);
        }
        let done = sqlx::query(
            "UPDATE deliveries SET locked_until = NULL, locked_by = NULL WHERE locked_until IS NOT NULL",
        )
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected())
    }
}
