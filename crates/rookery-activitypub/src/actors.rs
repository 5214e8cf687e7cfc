//! Remote actors and their keys: found in the store, or fetched from their origin and
//! stored. Keys are looked up by `keyId` and parsed once; a key that fails to verify is
//! fetched again once (key rotation, activitypub.md §4.1).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rookery_core::ports::Repository;
use rookery_core::{Account, AccountId, IdGenerator, Timestamp};
use serde_json::Value;

use crate::backfill::NewAccounts;
use crate::error::ApError;
use crate::fetch::{same_host, FetchError, Fetcher};
use crate::mapping::actor_to_account;
use crate::signatures::PublicKey;
use crate::wire::{Actor, ActorType};

pub struct RemoteActors {
    repo: Arc<dyn Repository>,
    fetcher: Fetcher,
    ids: Arc<IdGenerator>,
    keys: Mutex<HashMap<String, Arc<PublicKey>>>,
    /// Actors stored for the first time, for the outbox backfill.
    new_accounts: NewAccounts,
}

pub(crate) fn now() -> Timestamp {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Timestamp::from_millis(millis)
}

impl RemoteActors {
    pub fn new(repo: Arc<dyn Repository>, fetcher: Fetcher, ids: Arc<IdGenerator>) -> Self {
        RemoteActors {
            repo,
            fetcher,
            ids,
            keys: Mutex::new(HashMap::new()),
            new_accounts: NewAccounts::default(),
        }
    }

    pub fn new_accounts(&self) -> &NewAccounts {
        &self.new_accounts
    }

    /// The account of actor `uri`: stored, or fetched and stored. `refresh` fetches even
    /// when stored (a newer profile or key).
    pub async fn account(&self, uri: &str, refresh: bool) -> Result<Account, ApError> {
        if !refresh {
            if let Some(account) = self.repo.account_by_uri(uri).await? {
                return Ok(account);
            }
        }
        let actor = self.fetcher.actor(uri).await?;
        self.store(&actor).await
    }

    /// Stores a fetched (or verified-inbound) actor document and returns the stored
    /// account.
    pub async fn store(&self, actor: &Actor) -> Result<Account, ApError> {
        let fresh = actor_to_account(actor, AccountId(self.ids.next(now())), now())?;
        let mut tx = self.repo.begin().await?;
        let kept = tx.upsert_remote_account(&fresh).await?;
        tx.commit().await?;
        // Its keys may have changed: parse them again on next use.
        if let Ok(mut keys) = self.keys.lock() {
            keys.retain(|id, _| !id.starts_with(&actor.id));
        }
        let account = self
            .repo
            .account_by_uri(&actor.id)
            .await?
            .ok_or_else(|| ApError::BadRequest("actor vanished while storing".into()))?;
        // The store keeps the id of an account it knew: the fresh id means a first
        // meeting. Instance actors post nothing worth reading.
        if kept == fresh.id && actor.kind != ActorType::Application {
            self.new_accounts.met(account.clone());
        }
        Ok(account)
    }

    /// The public key `key_id` and the account that owns it. With `refresh`, the owner
    /// is fetched again first.
    pub async fn key(
        &self,
        key_id: &str,
        refresh: bool,
    ) -> Result<(Arc<PublicKey>, Account), ApError> {
        let owner_guess = key_id.split('#').next().unwrap_or(key_id);
        let account = match self.account_for_key(key_id, owner_guess, refresh).await {
            Ok(account) => account,
            Err(ApError::Fetch(e)) if e.is_transient() => {
                return Err(ApError::KeyUnavailable(e.to_string()))
            }
            Err(e) => return Err(e),
        };
        if !refresh {
            if let Some(key) = self.keys.lock().ok().and_then(|k| k.get(key_id).cloned()) {
                return Ok((key, account));
            }
        }
        let facts = account
            .federation()
            .ok_or_else(|| ApError::Forbidden("a local key cannot sign remote requests".into()))?;
        let pem = facts
            .public_keys
            .iter()
            .find(|k| k.key_id == key_id)
            .map(|k| k.material.clone())
            .ok_or_else(|| ApError::Forbidden(format!("{key_id} is not a key of its actor")))?;
        let key = Arc::new(PublicKey::from_pem(&pem)?);
        if let Ok(mut keys) = self.keys.lock() {
            keys.insert(key_id.to_owned(), key.clone());
        }
        Ok((key, account))
    }

    async fn account_for_key(
        &self,
        key_id: &str,
        owner_guess: &str,
        refresh: bool,
    ) -> Result<Account, ApError> {
        if !refresh {
            if let Some(account) = self.repo.account_by_uri(owner_guess).await? {
                let has_key = account
                    .federation()
                    .is_some_and(|f| f.public_keys.iter().any(|k| k.key_id == key_id));
                if has_key {
                    return Ok(account);
                }
            }
        }
        // The key id may be the actor with a fragment (Mastodon), or a key document of
        // its own (GoToSocial's `/main-key`, answered with a stub actor or a key object)
        // that names its owner.
        let document = self.fetcher.get(owner_guess).await?;
        let named = document
            .get("owner")
            .or_else(|| document.get("id"))
            .and_then(Value::as_str)
            .unwrap_or(owner_guess)
            .to_owned();
        if named == owner_guess && document.get("inbox").is_some() {
            let actor: Actor =
                serde_json::from_value(document).map_err(|e| FetchError::Parse(e.to_string()))?;
            return self.store(&actor).await;
        }
        let owner = named;
        if !same_host(&owner, key_id) {
            return Err(ApError::Forbidden(
                "a key's owner must live on the key's host".into(),
            ));
        }
        self.account(&owner, true).await
    }
}
