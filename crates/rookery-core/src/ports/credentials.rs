//! The password port: whether a local username and password match, for the OAuth login.

use async_trait::async_trait;

use crate::id::AccountId;

use super::PortResult;

#[async_trait]
pub trait Credentials: Send + Sync {
    /// The local account when `password` is its password; `None` for a wrong password or
    /// an unknown username (indistinguishable to the caller).
    async fn verify_password(
        &self,
        username: &str,
        password: &str,
    ) -> PortResult<Option<AccountId>>;
}
