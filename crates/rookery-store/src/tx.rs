//! `StoreTx`: a write transaction. Every write that causes federation goes through one,
//! so the deliveries it enqueues commit or vanish with it (transactional outbox).
//! Dropping a `StoreTx` without `commit` rolls it back.

use std::sync::Arc;

use rookery_core::Protocol;
use sqlx::{Any, Transaction};
use sqlx::{AnyConnection, AnyPool};

use crate::backend::Backend;
use crate::error::StoreError;
use crate::group::{GroupCommit, Member};

pub struct StoreTx {
    tx: Inner,
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

/// A transaction of its own, or a member of a group commit (see `group`).
enum Inner {
    Own(Transaction<'static, Any>),
    Grouped(Member),
}

impl StoreTx {
    pub(crate) async fn begin(
        pool: &AnyPool,
        backend: Backend,
        preference: Arc<[Protocol]>,
    ) -> Result<StoreTx, StoreError> {
        Ok(StoreTx {
            tx: Inner::Own(pool.begin().await?),
            backend,
            preference,
        })
    }

    /// A transaction that joins the current group commit batch.
    pub(crate) async fn join(
        group: &GroupCommit,
        backend: Backend,
        preference: Arc<[Protocol]>,
    ) -> Result<StoreTx, StoreError> {
        Ok(StoreTx {
            tx: Inner::Grouped(group.join().await?),
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

    /// Makes the writes durable; a grouped transaction returns once its batch committed.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self.tx {
            Inner::Own(tx) => tx.commit().await?,
            Inner::Grouped(member) => member.commit().await?,
        }
        Ok(())
    }

    /// Undoes everything; the same as dropping, but reports errors.
    pub async fn rollback(self) -> Result<(), StoreError> {
        match self.tx {
            Inner::Own(tx) => tx.rollback().await?,
            Inner::Grouped(member) => member.rollback().await?,
        }
        Ok(())
    }

    pub(crate) fn conn(&mut self) -> &mut AnyConnection {
        match &mut self.tx {
            Inner::Own(tx) => tx,
            Inner::Grouped(member) => member.conn(),
        }
    }
}
