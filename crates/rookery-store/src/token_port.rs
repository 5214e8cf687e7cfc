//! The store as core's token port.

use async_trait::async_trait;
use rookery_core::ports::{PortResult, Tokens};
use rookery_core::AccessToken;

use crate::store::Store;

#[async_trait]
impl Tokens for Store {
    async fn token_by_hash(&self, sha256_hex: &str) -> PortResult<Option<AccessToken>> {
        Ok(Store::access_token_by_hash(self, sha256_hex).await?)
    }
}
