//! Outbound delivery jobs: one stored activity body, one job per target inbox.

use crate::id::{AccountId, ActivityId, DeliveryId};
use crate::protocol::Protocol;
use crate::time::Timestamp;

/// An activity rendered once by a protocol adapter and stored with the write that caused
/// it. Every delivery of it refers to this row, so the body is stored once however many
/// inboxes receive it (transactional outbox, architecture invariant 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundActivity {
    pub id: ActivityId,
    pub protocol: Protocol,
    /// The local account the activity is sent as (its key signs the delivery). `None`
    /// means the instance itself (the instance actor, or the Versia instance key).
    pub actor: Option<AccountId>,
    /// The exact bytes to POST.
    pub body: Vec<u8>,
    pub created_at: Timestamp,
}

/// Where one delivery goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeliveryTarget {
    pub inbox: String,
    /// The inbox's host, for per-host lanes and health.
    pub host: String,
}

/// A queued delivery as the worker sees it once claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryJob {
    pub id: DeliveryId,
    pub activity: ActivityId,
    pub protocol: Protocol,
    pub actor: Option<AccountId>,
    pub target: DeliveryTarget,
    /// Attempts made before this one.
    pub attempts: u32,
    pub created_at: Timestamp,
}

/// What became of one delivery attempt, as a deliverer reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptResult {
    /// 2xx.
    Delivered,
    /// An HTTP status other than 2xx; `retry_after` from a `Retry-After` header.
    Status {
        code: u16,
        retry_after: Option<std::time::Duration>,
    },
    /// No HTTP answer: DNS, connect, TLS, timeout.
    Network(String),
    /// The job cannot be sent at all (the activity or signing key is gone). Never retried.
    Unsendable(String),
}
