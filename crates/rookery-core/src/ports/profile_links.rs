//! Verifying a local user's profile links (Mastodon's `rel="me"` check). It needs an
//! HTTP fetch, so core only asks for it; the server runs it in the background and records
//! `verified_at` on the fields whose page links back.

use crate::id::AccountId;

pub trait ProfileLinks: Send + Sync {
    /// Checks later, without blocking the caller, the unverified link fields of the local
    /// account `account`.
    fn verify_later(&self, account: AccountId);
}
