//! Password checks for the OAuth login form: core's `Credentials` port, verifying the
//! stored argon2id PHC hash (the argon2 crate compares in constant time).

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use argon2::Argon2;
use async_trait::async_trait;
use rookery_core::ports::{Credentials, PortError, PortResult};
use rookery_core::AccountId;
use rookery_store::Store;

use crate::accounts::{generate_password, hash_password};

/// The longest password worth hashing (the account policy's maximum).
const MAX_PASSWORD_LEN: usize = 1024;

/// A hash of a random password, checked against when the username is unknown.
fn dummy_hash() -> String {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY
        .get_or_init(|| hash_password(&generate_password()).unwrap_or_default())
        .clone()
}

pub struct PasswordCheck {
    pub store: Store,
}

#[async_trait]
impl Credentials for PasswordCheck {
    async fn verify_password(
        &self,
        username: &str,
        password: &str,
    ) -> PortResult<Option<AccountId>> {
        if password.len() > MAX_PASSWORD_LEN {
            return Ok(None);
        }
        let account = self.store.local_account_by_username(username).await?;
        let stored = match &account {
            Some(account) => self
                .store
                .local_credentials(account.id)
                .await?
                .map(|c| c.password_hash),
            None => None,
        };
        // An unknown username costs one hash too, so timing does not reveal which exist.
        let (hash, known) = match stored {
            Some(hash) => (hash, true),
            None => (dummy_hash(), false),
        };
        let password = password.to_owned();
        // Hashing is deliberately slow: keep it off the async threads.
        let matches = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash)
                .map(|parsed| {
                    Argon2::default()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .map_err(|e| PortError::unavailable(format!("password check: {e}")))?;
        Ok(account.filter(|_| known && matches).map(|a| a.id))
    }
}
