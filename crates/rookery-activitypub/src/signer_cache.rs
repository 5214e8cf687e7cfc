//! A short memory of the remote actors the inbox processor acts for: the account behind
//! an actor id. Without it every queued activity read its signer from the store again,
//! moments after the inbox read it to verify the signature (issue 7, B1). Entries live
//! 60 s; storing or forgetting an actor drops its entry at once. Signature checks do not
//! use it: they read the stored actor, so its freshness rule (`freshness.rs`) applies.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rookery_core::Account;

const TTL: Duration = Duration::from_secs(60);
/// Past this many entries the map is emptied (then refills with who is active).
const MAX_ENTRIES: usize = 16_384;

#[derive(Default)]
pub(crate) struct SignerCache {
    accounts: Mutex<HashMap<String, (Account, Instant)>>,
}

impl SignerCache {
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

    /// The actor `uri` was stored again or removed: its entry goes.
    pub(crate) fn forget(&self, uri: &str) {
        if let Ok(mut accounts) = self.accounts.lock() {
            accounts.remove(uri);
        }
    }
}
