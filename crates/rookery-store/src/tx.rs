//! `StoreTx`: a write transaction. Every write that causes federation goes through one,
//! so the deliveries it enqueues commit or vanish with it (transactional outbox).
//! Dropping a `StoreTx` without `commit` rolls it back.

use sqlx::{Any, Transaction};
use sqlx::{AnyConnection, AnyPool};

use crate::backend::Backend;
use crate::error::StoreError;

pub struct StoreTx {
    tx: Transaction<'static, Any>,
    backend: Backend,
}

impl std::fmt::Debug for StoreTx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreTx")
            .field("backend", &self.backend)
            .finish()
    }
}

impl StoreTx {
    pub(crate) async fn begin(pool: &AnyPool, backend: Backend) -> Result<StoreTx, StoreError> {
        Ok(StoreTx {
            tx: pool.begin().await?,
            backend,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await?;
        Ok(())
    }

    /// Undoes everything; the same as dropping, but reports errors.
    pub async fn rollback(self) -> Result<(), StoreError> {
        self.tx.rollback().await?;
        Ok(())
    }

    pub(crate) fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}
