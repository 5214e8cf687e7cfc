//! Remote actors and their keys: found in the store, or fetched from their origin and
//! stored. Keys are looked up by `keyId` and parsed once; a key that fails to verify is
//! fetched again once (key rotation, activitypub.md §4.1). A stored actor older than its
//! freshness (`freshness`, §3.1) is still used at once and fetched again in the
//! background; an actor whose URL answers 410 Gone is removed with its content (§5.9).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rookery_core::ports::Repository;
use rookery_core::{Account, AccountId, IdGenerator, Timestamp};
use serde_json::Value;

use crate::backfill::NewAccounts;
use crate::error::ApError;
use crate::fetch::{same_host, FetchError, Fetcher};
use crate::freshness::is_stale;
use crate::mapping::actor_to_account;
use crate::signatures::PublicKey;
use crate::signer_cache::SignerCache;
use crate::wire::{Actor, ActorType};

#[derive(Clone)]
pub struct RemoteActors {
    repo: Arc<dyn Repository>,
    fetcher: Fetcher,
    ids: Arc<IdGenerator>,
    keys: Arc<Mutex<HashMap<String, Arc<PublicKey>>>>,
    /// The `Cache-Control: max-age` each actor's server sent with it, in memory (after a
    /// restart the default freshness applies). When it was fetched is the stored
    /// account's `updated_at`, which every store of an actor sets.
    max_ages: Arc<Mutex<HashMap<String, Duration>>>,
    /// Actors being fetched again in the background, fetched once at a time.
    refreshing: Arc<Mutex<HashSet<String>>>,
    /// Actors stored for the first time, for the outbox backfill.
    new_accounts: Arc<NewAccounts>,
    /// Actors read lately, so the inbox processor skips the store.
    recent: Arc<SignerCache>,
}

pub(crate) fn now() -> Timestamp {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Timestamp::from_millis(millis)
}

impl RemoteActors {
    /// `memory`: how long an actor read from the store is remembered (`signer_cache`).
    pub fn new(
        repo: Arc<dyn Repository>,
        fetcher: Fetcher,
        ids: Arc<IdGenerator>,
        memory: Duration,
    ) -> Self {
        RemoteActors {
            repo,
            fetcher,
            ids,
            keys: Arc::default(),
            max_ages: Arc::default(),
            refreshing: Arc::default(),
            new_accounts: Arc::default(),
            recent: Arc::new(SignerCache::new(memory)),
        }
    }

    pub fn new_accounts(&self) -> &NewAccounts {
        &self.new_accounts
    }

    /// The account of actor `uri`: stored, or fetched and stored. `refresh` fetches even
    /// when stored (a newer profile or key).
    pub async fn account(&self, uri: &str, refresh: bool) -> Result<Account, ApError> {
        if !refresh {
            if let Some(account) = self.recent.account(uri) {
                self.refresh_if_stale(&account);
                return Ok(account);
            }
            if let Some(account) = self.repo.account_by_uri(uri).await? {
                self.refresh_if_stale(&account);
                self.recent.remember_account(uri, &account);
                return Ok(account);
            }
        }
        match self.fetcher.actor_and_max_age(uri).await {
            Ok((actor, max_age)) => self.store_fetched(&actor, max_age).await,
            Err(FetchError::Gone) => {
                self.forget(uri).await;
                Err(FetchError::Gone.into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Fetches a stale stored actor again in the background; the caller goes on with
    /// what is stored (verification never waits on a refresh, §3.1).
    fn refresh_if_stale(&self, account: &Account) {
        let Some(uri) = account.federation().map(|f| f.uri.clone()) else {
            return;
        };
        // Our freshness rule covers ActivityPub actors; Versia's adapter keeps its own.
        if account.federation().map(|f| f.protocol) != Some(rookery_core::Protocol::ActivityPub) {
            return;
        }
        let max_age = self.max_ages.lock().ok().and_then(|m| m.get(&uri).copied());
        if !is_stale(account.updated_at, max_age, now()) {
            return;
        }
        let started = self
            .refreshing
            .lock()
            .is_ok_and(|mut set| set.insert(uri.clone()));
        if !started {
            return;
        }
        let this = self.clone();
        tokio::spawn(async move {
            if let Err(error) = this.account(&uri, true).await {
                tracing::info!(%uri, %error, "refreshing a stale actor failed");
            }
            if let Ok(mut set) = this.refreshing.lock() {
                set.remove(&uri);
            }
        });
    }

    /// Whether a key that failed to verify may be fetched again now (see `verify.rs`);
    /// saying yes starts the key id's cool-down.
    pub(crate) fn may_refetch_key(&self, key_id: &str) -> bool {
        self.recent.may_refetch(key_id)
    }

    /// The actor `uri` was removed by other means (its own `Delete`): drop it from memory.
    pub(crate) fn forget_remembered(&self, uri: &str) {
        self.recent.forget(uri);
    }

    /// The actor at `uri` answered 410 Gone: remove its stored account and content
    /// (§5.9; Mastodon and Misskey treat 410 as permanent, §3.1).
    async fn forget(&self, uri: &str) {
        self.recent.forget(uri);
        let gone = async {
            let Some(account) = self.repo.account_by_uri(uri).await? else {
                return Ok::<bool, ApError>(false);
            };
            if account.federation().map(|f| f.uri.as_str()) != Some(uri) {
                return Ok(false); // an alias's id: the other protocol may still reach it
            }
            let mut tx = self.repo.begin().await?;
            let deleted = tx.delete_remote_account(account.id).await?;
            tx.commit().await?;
            Ok(deleted)
        };
        match gone.await {
            Ok(true) => tracing::info!(%uri, "actor gone (410); removed with its content"),
            Ok(false) => {}
            Err(error) => tracing::warn!(%uri, %error, "could not remove a gone actor"),
        }
    }

    /// Stores an actor fetched from its origin, remembering its server's `max-age`.
    async fn store_fetched(
        &self,
        actor: &Actor,
        max_age: Option<Duration>,
    ) -> Result<Account, ApError> {
        if let Ok(mut ages) = self.max_ages.lock() {
            match max_age {
                Some(age) => ages.insert(actor.id.clone(), age),
                None => ages.remove(&actor.id),
            };
        }
        self.store(actor).await
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
        self.recent.forget(&actor.id);
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
            let owner = self.recent.key_owner(key_id);
            let owner = owner.as_deref().unwrap_or(owner_guess);
            let remembered = self.recent.account(owner);
            let was_remembered = remembered.is_some();
            let account = match remembered {
                Some(account) => Some(account),
                None => self.repo.account_by_uri(owner).await?,
            };
            if let Some(account) = account {
                let has_key = account
                    .federation()
                    .is_some_and(|f| f.public_keys.iter().any(|k| k.key_id == key_id));
                if has_key {
                    self.refresh_if_stale(&account);
                    if !was_remembered {
                        self.recent.remember_account(owner, &account);
                    }
                    return Ok(account);
                }
            }
        }
        // The key id may be the actor with a fragment (Mastodon), or a key document of
        // its own (GoToSocial's `/main-key`, answered with a stub actor or a key object)
        // that names its owner.
        let document = match self.fetcher.get(owner_guess).await {
            Ok(document) => document,
            Err(FetchError::Gone) => {
                self.forget(owner_guess).await;
                return Err(FetchError::Gone.into());
            }
            Err(e) => return Err(e.into()),
        };
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
        let account = self.account(&owner, true).await?;
        if let Some(uri) = account.federation().map(|f| f.uri.as_str()) {
            self.recent.remember_key_owner(key_id, uri);
        }
        Ok(account)
    }
}
