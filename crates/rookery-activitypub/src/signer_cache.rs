//! A short memory of remote actors: the account behind an actor id, and which actor
//! owns a key id. Signature checks and the inbox processor read the store only when an
//! actor was not used within the memory's lifetime (issue 7, B1: every inbox request
//! read the signer's account and keys, two statements, moments after the last one).
//!
//! Correctness does not rest on it: storing or forgetting an actor drops its entry at
//! once; a key that fails to verify is fetched again (`verify.rs`); the stored copy's
//! freshness rule (`freshness.rs`) is applied to the remembered account on every use, so
//! a stale actor is still refreshed, at most one lifetime late. The lifetime is
//! `federation.actor_memory` (zero turns the memory off).
//!
//! Key owners matter for servers whose key id is a document of its own (GoToSocial's
//! `…/main-key`): the id is not the actor's, so without this every request fetched the
//! key document and the actor from the peer again. They are kept whatever the lifetime
//! (a key id's owner does not change, and the owner's stored keys are checked on every
//! use), emptied only when the map grows too large.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rookery_core::Account;

/// Past this many entries a map is emptied (then refills with who is active).
const MAX_ENTRIES: usize = 16_384;

/// How long after fetching a key again because a signature failed (a rotated key,
/// activitypub.md §4.1) the next failure under that key id is refused without a fetch.
pub(crate) const REFETCH_COOLDOWN: Duration = Duration::from_secs(60);

pub(crate) struct SignerCache {
    ttl: Duration,
    accounts: Mutex<HashMap<String, (Account, Instant)>>,
    /// Key id → the actor that owns it, for key ids that are not `actor#fragment`.
    key_owners: Mutex<HashMap<String, String>>,
    /// Key id → when it was last fetched again after a failed signature.
    refetched: Mutex<HashMap<String, Instant>>,
}

impl SignerCache {
    pub(crate) fn new(ttl: Duration) -> Self {
        SignerCache {
            ttl,
            accounts: Mutex::default(),
            key_owners: Mutex::default(),
            refetched: Mutex::default(),
        }
    }

    /// Whether `key_id` may be fetched again after a failed signature: not within
    /// [`REFETCH_COOLDOWN`] of the last time. Yes starts a new cool-down.
    pub(crate) fn may_refetch(&self, key_id: &str) -> bool {
        let Ok(mut refetched) = self.refetched.lock() else {
            return false;
        };
        if refetched
            .get(key_id)
            .is_some_and(|at| at.elapsed() < REFETCH_COOLDOWN)
        {
            return false;
        }
        if refetched.len() >= MAX_ENTRIES {
            refetched.retain(|_, at| at.elapsed() < REFETCH_COOLDOWN);
        }
        refetched.insert(key_id.to_owned(), Instant::now());
        true
    }

    pub(crate) fn account(&self, uri: &str) -> Option<Account> {
        if self.ttl.is_zero() {
            return None;
        }
        let accounts = self.accounts.lock().ok()?;
        let (account, at) = accounts.get(uri)?;
        (at.elapsed() < self.ttl).then(|| account.clone())
    }

    pub(crate) fn remember_account(&self, uri: &str, account: &Account) {
        if self.ttl.is_zero() {
            return;
        }
        if let Ok(mut accounts) = self.accounts.lock() {
            if accounts.len() >= MAX_ENTRIES {
                accounts.clear();
            }
            accounts.insert(uri.to_owned(), (account.clone(), Instant::now()));
        }
    }

    /// The actor known to own `key_id`, when it is not the key id's own prefix.
    pub(crate) fn key_owner(&self, key_id: &str) -> Option<String> {
        self.key_owners.lock().ok()?.get(key_id).cloned()
    }

    pub(crate) fn remember_key_owner(&self, key_id: &str, owner: &str) {
        if let Ok(mut owners) = self.key_owners.lock() {
            if owners.len() >= MAX_ENTRIES {
                owners.clear();
            }
            owners.insert(key_id.to_owned(), owner.to_owned());
        }
    }

    /// The actor `uri` was stored again or removed: its entry goes.
    pub(crate) fn forget(&self, uri: &str) {
        if let Ok(mut accounts) = self.accounts.lock() {
            accounts.remove(uri);
        }
    }
}
