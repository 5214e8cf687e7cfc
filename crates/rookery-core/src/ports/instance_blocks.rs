//! The instance-blocks port: domains this whole instance refuses to federate with
//! (Mastodon's "suspend" domain blocks). `rookery-store` implements it.

use async_trait::async_trait;

use crate::instance_blocks::InstanceBlock;
use crate::names::Domain;

use super::PortResult;

#[async_trait]
pub trait InstanceBlocks: Send + Sync {
    /// Every blocked domain, oldest first.
    async fn instance_blocks(&self) -> PortResult<Vec<InstanceBlock>>;

    /// Blocks a domain; `false` when it was blocked already (the first reason stays).
    async fn insert_instance_block(&self, block: &InstanceBlock) -> PortResult<bool>;

    /// Lifts a block; `false` when the domain was not blocked.
    async fn delete_instance_block(&self, domain: &Domain) -> PortResult<bool>;
}
