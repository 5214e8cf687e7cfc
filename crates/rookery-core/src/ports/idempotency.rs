//! The idempotency port: remembers which status a client's `Idempotency-Key` created, so
//! a retried `POST /api/v1/statuses` returns the first status instead of posting twice.
//! A key is claimed before the status is created, in the database (not in memory), so
//! every process of one instance agrees and a retry racing the first request never posts
//! a second status. `rookery-store` implements it.

use async_trait::async_trait;

use crate::id::{AccountId, NoteId};
use crate::time::Timestamp;

use super::PortResult;

/// How long a key is remembered: "Idempotency keys are stored for up to 1 hour" (the
/// `Idempotency-Key` header of `POST /api/v1/statuses` in Mastodon's OpenAPI schema).
pub const IDEMPOTENCY_TTL_MS: i64 = 60 * 60 * 1000;

/// How long a claim may stay unfinished before another request may take it over (the
/// first process died while posting).
pub const IDEMPOTENCY_CLAIM_MS: i64 = 60 * 1000;

/// What claiming a key found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyClaim {
    /// The key is this request's: post, then `complete` (or `release` on failure).
    Claimed,
    /// The key already created this note.
    Done(NoteId),
    /// Another request holds the key and is still posting.
    InProgress,
}

#[async_trait]
pub trait Idempotency: Send + Sync {
    /// Claims `account`'s `key` at `now`. A record older than `expired_before`, or a
    /// claim left unfinished since before `stale_before`, is taken over.
    async fn claim_key(
        &self,
        account: AccountId,
        key: &str,
        now: Timestamp,
        expired_before: Timestamp,
        stale_before: Timestamp,
    ) -> PortResult<KeyClaim>;
    /// Records the note a claimed key created.
    async fn complete_key(&self, account: AccountId, key: &str, note: NoteId) -> PortResult<()>;
    /// Gives a claimed key up (posting failed), so a retry may post.
    async fn release_key(&self, account: AccountId, key: &str) -> PortResult<()>;
}
