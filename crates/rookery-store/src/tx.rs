//! `StoreTx`: a write transaction. Every write that causes federation goes through one,
//! so the deliveries it enqueues commit or vanish with it (transactional outbox).
//! Dropping a `StoreTx` without `commit` rolls it back.

use std::sync::Arc;

use rookery_core::Protocol;
use sqlx::{Any, Transaction};
use sqlx::{AnyConnection, AnyPool};

use crate::backend::Backend;
use crate::error::StoreError;

pub struct StoreTx {
    tx: Transaction<'static, Any>,
    backend: Backend,
    preference: Arc<[Protocol]>,
}

impl std::fmt::Debug for StoreTx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreTx")
            .field("backend", &self.backend)
            .finish()
    }
}

impl StoreTx {
    pub(crate) async fn begin(
        pool: &AnyPool,
        backend: Backend,
        preference: Arc<[Protocol]>,
    ) -> Result<StoreTx, StoreError> {
        Ok(StoreTx {
            tx: pool.begin().await?,
            backend,
            preference,
        })
    }

    /// This instance's protocols, most preferred first.
    pub(crate) fn preference(&self) -> &[Protocol] {
        &self.preference
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
