//! The directory port: instance-wide questions the client API asks about accounts and
//! activity (account search, familiar followers, known peers, weekly figures).
//! `rookery-store` implements it.

use async_trait::async_trait;

use crate::id::AccountId;
use crate::time::Timestamp;

use super::PortResult;

/// What happened on this instance in one period (Mastodon's `instance/activity` week).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Activity {
    /// Notes written by local accounts.
    pub statuses: u64,
    /// Distinct local accounts that were issued an access token (signed in).
    pub logins: u64,
    /// Local accounts created.
    pub registrations: u64,
}

#[async_trait]
pub trait Directory: Send + Sync {
    /// Accounts whose username starts with `prefix` (any case), or whose display name
    /// contains it, optionally only on `domain` (`None`: any) and only among those
    /// `followed_by` follows (accepted). Local accounts first, then by username; at most
    /// `limit`.
    async fn search_accounts(
        &self,
        prefix: &str,
        domain: Option<&str>,
        followed_by: Option<AccountId>,
        limit: u32,
    ) -> PortResult<Vec<AccountId>>;
    /// Accounts `me` follows that follow `of` (both accepted), at most `limit`.
    async fn familiar_followers(
        &self,
        me: AccountId,
        of: AccountId,
        limit: u32,
    ) -> PortResult<Vec<AccountId>>;
    /// The domains of every stored remote account, alphabetically.
    async fn peers(&self) -> PortResult<Vec<String>>;
    /// The figures of `[from, to)`.
    async fn activity(&self, from: Timestamp, to: Timestamp) -> PortResult<Activity>;
}
