//! Our own signing keys: one RSA-2048 key pair per local account (generated at creation,
//! or on first use for accounts older than this adapter) and one for the instance actor.
//! Private keys are parsed once and kept in memory: parsing costs more than signing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rookery_core::ports::{PortError, PortResult, Repository};
use rookery_core::AccountId;

use crate::signatures::{generate_rsa_key_pair, SigningKey};

/// The `local_keys.algorithm` under which ActivityPub keys are stored.
pub const RSA_ALGORITHM: &str = "rsa-sha256";
/// The instance secret holding the instance actor's private key.
const INSTANCE_ACTOR_SECRET: &str = "activitypub.instance_actor_key";

pub struct LocalKeys {
    repo: Arc<dyn Repository>,
    accounts: Mutex<HashMap<AccountId, Arc<SigningKey>>>,
    /// Held while a key is loaded, so a fan-out's first thousand deliveries, all
    /// missing the cache at once, parse the key once instead of a thousand times.
    loading: tokio::sync::Mutex<()>,
    instance: Arc<SigningKey>,
}

fn key_error(e: impl std::fmt::Display) -> PortError {
    PortError::unavailable(format!("signing key: {e}"))
}

impl LocalKeys {
    /// Loads (or creates, on the very first start) the instance actor's key.
    pub async fn load(repo: Arc<dyn Repository>) -> PortResult<LocalKeys> {
        let pem = match repo.instance_secret(INSTANCE_ACTOR_SECRET).await? {
            Some(pem) => pem,
            None => {
                let generated = generate_rsa_key_pair().map_err(key_error)?;
                let mut tx = repo.begin().await?;
                let stored = tx
                    .init_instance_secret(INSTANCE_ACTOR_SECRET, &generated.private_key_pem)
                    .await?;
                tx.commit().await?;
                stored
            }
        };
        let instance = Arc::new(SigningKey::from_pem(&pem).map_err(key_error)?);
        Ok(LocalKeys {
            repo,
            accounts: Mutex::new(HashMap::new()),
            loading: tokio::sync::Mutex::new(()),
            instance,
        })
    }

    pub fn instance(&self) -> Arc<SigningKey> {
        self.instance.clone()
    }

    /// The account's key, creating it the first time if the account has none yet.
    pub async fn account(&self, account: AccountId) -> PortResult<Arc<SigningKey>> {
        if let Some(key) = self.cached(account) {
            return Ok(key);
        }
        let _loading = self.loading.lock().await;
        if let Some(key) = self.cached(account) {
            return Ok(key);
        }
        let pem = match self.repo.local_signing_key(account, RSA_ALGORITHM).await? {
            Some(pem) => pem,
            None => {
                let generated = generate_rsa_key_pair().map_err(key_error)?;
                let mut tx = self.repo.begin().await?;
                tx.set_local_signing_key(account, RSA_ALGORITHM, &generated.private_key_pem)
                    .await?;
                tx.commit().await?;
                // Another request may have stored its key first: use whatever was kept.
                self.repo
                    .local_signing_key(account, RSA_ALGORITHM)
                    .await?
                    .ok_or_else(|| key_error("not stored"))?
            }
        };
        let key = Arc::new(SigningKey::from_pem(&pem).map_err(key_error)?);
        if let Ok(mut cache) = self.accounts.lock() {
            cache.insert(account, key.clone());
        }
        Ok(key)
    }

    /// The account's public key as PEM, if its key is in memory (loaded by
    /// [`LocalKeys::account`]); for rendering, which cannot wait.
    pub fn cached_public_pem(&self, account: AccountId) -> Option<String> {
        self.cached(account)?.public_key_pem().ok()
    }

    fn cached(&self, account: AccountId) -> Option<Arc<SigningKey>> {
        self.accounts.lock().ok()?.get(&account).cloned()
    }
}

/// A fresh key pair for a new local account, as the PEM to store.
pub fn new_account_key() -> Result<String, PortError> {
    generate_rsa_key_pair()
        .map(|k| k.private_key_pem)
        .map_err(key_error)
}
