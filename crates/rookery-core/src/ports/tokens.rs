//! The access-token port: how the client API finds the account behind a bearer token.

use async_trait::async_trait;

use crate::auth::AccessToken;

use super::PortResult;

#[async_trait]
pub trait Tokens: Send + Sync {
    /// The live token whose secret hashes (SHA-256, lowercase hex) to `sha256_hex`.
    async fn token_by_hash(&self, sha256_hex: &str) -> PortResult<Option<AccessToken>>;
}
