//! The durable inbox queue: what a protocol adapter accepted (signature verified over the
//! raw bytes, body parsed and origin-checked) is appended here and answered 202 once the
//! append is committed; an inbox processor applies it afterwards. This is how Mastodon
//! (Sidekiq) and GoToSocial (worker queue) take bursts: the sender waits for a durable
//! record, not for timelines and notifications to be written (issue 7, B1).

use std::time::Duration;

use async_trait::async_trait;

use super::PortResult;
use crate::{Protocol, Timestamp};

/// An accepted inbox delivery, before processing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxJob {
    pub protocol: Protocol,
    /// Who the signature proved sent it: the actor's URI (ActivityPub) or the signing
    /// instance's domain (Versia). Trusted: checked before the append.
    pub signer: String,
    /// The body as received (UTF-8 JSON, already parsed once).
    pub body: String,
    pub received_at: Timestamp,
}

/// A job leased to one processor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedInboxJob {
    pub id: i64,
    pub job: InboxJob,
    /// Earlier attempts that failed for a reason worth retrying.
    pub attempts: u32,
}

/// Why applying a queued job failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    /// Something that may work later (database busy, a remote fetch timed out).
    Retry(String),
    /// The job can never be applied (malformed, forbidden, about something gone).
    Drop(String),
}

/// Applies queued jobs of one protocol (implemented by each protocol adapter).
#[async_trait]
pub trait InboxApplier: Send + Sync {
    async fn apply(&self, signer: &str, body: &str) -> Result<(), ApplyError>;
}

#[async_trait]
pub trait InboxQueue: Send + Sync {
    /// Appends `job`; returns once it is durably committed (appends made together share
    /// a commit).
    async fn append(&self, job: InboxJob) -> PortResult<()>;

    /// Leases up to `limit` due jobs, oldest first, to `owner` until `now + lease`.
    async fn claim(
        &self,
        owner: &str,
        now: Timestamp,
        lease: Duration,
        limit: u32,
    ) -> PortResult<Vec<QueuedInboxJob>>;

    /// Removes jobs that are done (applied, or dropped for good).
    async fn finish(&self, ids: &[i64]) -> PortResult<()>;

    /// Gives leased jobs back untouched (a processor stopping), due at once.
    async fn release(&self, ids: &[i64]) -> PortResult<()>;

    /// Releases a job to be tried again at `at`, counting the attempt.
    async fn retry(&self, id: i64, at: Timestamp, error: &str) -> PortResult<()>;

    /// Waits until something was appended since the last call, or `max` passed.
    async fn wait_for_work(&self, max: Duration);

    /// Jobs waiting, and when the oldest was received (metrics).
    async fn backlog(&self) -> PortResult<(u64, Option<Timestamp>)>;
}
