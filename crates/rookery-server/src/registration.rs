//! Sign-ups from the client API: core's `Registrar` port over the same account creation
//! as `rookery user create` (password policy, argon2id), never as an administrator.

use std::sync::Arc;

use async_trait::async_trait;
use rookery_core::ports::{PortError, Registrar, SignUpError};
use rookery_core::{AccountId, IdGenerator};
use rookery_store::Store;

use crate::accounts::{create_local_account, AccountError};
use crate::instance::now;

pub struct SignUp {
    pub store: Store,
    pub ids: Arc<IdGenerator>,
}

#[async_trait]
impl Registrar for SignUp {
    async fn sign_up(&self, username: &str, password: &str) -> Result<AccountId, SignUpError> {
        match create_local_account(&self.store, &self.ids, now(), username, password, false).await {
            Ok(account) => Ok(account.id),
            Err(AccountError::UsernameTaken(_)) => Err(SignUpError::UsernameTaken),
            // The policy's messages start with the field they are about.
            Err(AccountError::Invalid(why)) => Err(match why.strip_prefix("password ") {
                Some(reason) => SignUpError::Invalid {
                    field: "password",
                    reason: reason.to_owned(),
                },
                None => SignUpError::Invalid {
                    field: "username",
                    reason: why.trim_start_matches("username: ").to_owned(),
                },
            }),
            Err(AccountError::Store(e)) => Err(SignUpError::Port(e.into())),
            Err(other) => Err(SignUpError::Port(PortError::unavailable(other.to_string()))),
        }
    }
}
