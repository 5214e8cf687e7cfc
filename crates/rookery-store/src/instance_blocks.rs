//! Instance-level domain blocks (`instance_blocks`), as core's `InstanceBlocks` port.

use async_trait::async_trait;
use rookery_core::instance_blocks::InstanceBlock;
use rookery_core::ports::{InstanceBlocks, PortResult};
use rookery_core::{Domain, Timestamp};
use sqlx::Row;

use crate::error::{corrupt, StoreError};
use crate::store::Store;

impl Store {
    async fn read_instance_blocks(&self) -> Result<Vec<InstanceBlock>, StoreError> {
        let rows = sqlx::query(
            "SELECT domain, reason, created_at FROM instance_blocks \
             ORDER BY created_at, domain",
        )
        .fetch_all(&self.read)
        .await?;
        rows.into_iter()
            .map(|row| {
                let domain: String = row.try_get("domain")?;
                Ok(InstanceBlock {
                    domain: Domain::parse(&domain).map_err(|e| corrupt("blocked domain", e))?,
                    reason: row.try_get("reason")?,
                    created_at: Timestamp::from_millis(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    async fn write_instance_block(&self, block: &InstanceBlock) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "INSERT INTO instance_blocks (domain, reason, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (domain) DO NOTHING",
        )
        .bind(block.domain.host())
        .bind(block.reason.as_deref())
        .bind(block.created_at.as_millis())
        .execute(tx.conn())
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    async fn remove_instance_block(&self, domain: &Domain) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let done = sqlx::query("DELETE FROM instance_blocks WHERE domain = $1")
            .bind(domain.host())
            .execute(tx.conn())
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }
}

#[async_trait]
impl InstanceBlocks for Store {
    async fn instance_blocks(&self) -> PortResult<Vec<InstanceBlock>> {
        Ok(self.read_instance_blocks().await?)
    }

    async fn insert_instance_block(&self, block: &InstanceBlock) -> PortResult<bool> {
        Ok(self.write_instance_block(block).await?)
    }

    async fn delete_instance_block(&self, domain: &Domain) -> PortResult<bool> {
        Ok(self.remove_instance_block(domain).await?)
    }
}
