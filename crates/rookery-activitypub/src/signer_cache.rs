//! A short memory of remote actors met on the inbox path: the account and parsed key
//! behind a `keyId`, and the account behind an actor id. Without it every inbox POST
//! read the actor (and its keys) from the store before verifying, and the inbox
//! processor read it again (issue 7, B1). Entries live 60 s; storing or forgetting an
//! actor drops its entries at once, and a key that fails to verify is fetched again by
//! the caller (activitypub.md §4.1), so rotation is never blocked by the cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rookery_core::Account;

use crate::signatures::PublicKey;

const TTL: Duration = Duration::from_secs(60);
/// Past this many entries the map is emptied (then refills with who is active).
const MAX_ENTRIES: usize = 16_384;

#[derive(Default)]
pub(crate) struct SignerCache {
    keys: Mutex<HashMap<String, KnownKey>>,
    accounts: Mutex<HashMap<String, (Account, Instant)>>,
}

/// A verified key, its owner, and when they were read.
struct KnownKey {
    key: Arc<PublicKey>,
    account: Account,
    at: Instant,
}

impl SignerCache {
    pub(crate) fn key(&self, key_id: &str) -> Option<(Arc<PublicKey>, Account)> {
        let keys = self.keys.lock().ok()?;
        let known = keys.get(key_id)?;
        (known.at.elapsed() < TTL).then(|| (known.key.clone(), known.account.clone()))
    }

    pub(crate) fn remember_key(&self, key_id: &str, key: Arc<PublicKey>, account: &Account) {
        if let Ok(mut keys) = self.keys.lock() {
            if keys.len() >= MAX_ENTRIES {
                keys.clear();
            }
            let known = KnownKey {
                key,
                account: account.clone(),
                at: Instant::now(),
            };
            keys.insert(key_id.to_owned(), known);
        }
    }

    pub(crate) fn account(&self, uri: &str) -> Option<Account> {
        let accounts = self.accounts.lock().ok()?;
        let (account, at) = accounts.get(uri)?;
        (at.elapsed() < TTL).then(|| account.clone())
    }

    pub(crate) fn remember_account(&self, uri: &str, account: &Account) {
        if let Ok(mut accounts) = self.accounts.lock() {
            if accounts.len() >= MAX_ENTRIES {
                accounts.clear();
            }
            accounts.insert(uri.to_owned(), (account.clone(), Instant::now()));
        }
    }

    /// The actor `uri` was stored again or removed: nothing about it is remembered.
    pub(crate) fn forget(&self, uri: &str) {
        if let Ok(mut keys) = self.keys.lock() {
            keys.retain(|key_id, known| {
                !key_id.starts_with(uri)
                    && known.account.federation().map(|f| f.uri.as_str()) != Some(uri)
            });
        }
        if let Ok(mut accounts) = self.accounts.lock() {
            accounts.remove(uri);
        }
    }
}
