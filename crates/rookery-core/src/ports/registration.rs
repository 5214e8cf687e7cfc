//! The sign-up port: creating a local account from the client API
//! (`POST /api/v1/accounts`). The server implements it with the same password policy and
//! argon2id hashing as `rookery user create`.

use async_trait::async_trait;

use crate::id::AccountId;

use super::PortError;

/// Why a sign-up was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignUpError {
    /// A value failed the policy; `field` names it (`username`, `password`).
    #[error("{field} {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("username is already taken")]
    UsernameTaken,
    #[error(transparent)]
    Port(#[from] PortError),
}

#[async_trait]
pub trait Registrar: Send + Sync {
    /// Creates a local, non-admin account; nothing is written when it is refused.
    async fn sign_up(&self, username: &str, password: &str) -> Result<AccountId, SignUpError>;
}
