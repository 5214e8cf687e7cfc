//! Ports: the traits through which core's services and the worker reach storage,
//! federation and time. Implementations live outside core (the store, the protocol
//! adapters, the server) and are passed in as trait objects, so core never depends on
//! them.

mod credentials;
mod directory;
mod edits;
mod emojis;
mod federation;
mod follow_options;
mod idempotency;
mod inbox_queue;
mod instance_blocks;
mod media;
mod oauth;
mod personal;
mod polls;
mod profile_links;
mod queue;
mod registration;
mod repository;
mod status_accounts;
mod status_views;
mod text;
mod tokens;
mod worker_registry;

pub use credentials::Credentials;
pub use directory::{Activity, Directory};
pub use edits::{EditReads, EditWrites};
pub use emojis::Emojis;
pub use federation::{
    Event, Federation, FollowEvent, InteractionEvent, NoteContext, ProtocolAdapter, Rendered,
};
pub use follow_options::{FollowOptions, FollowSettings};
pub use idempotency::{Idempotency, KeyClaim, IDEMPOTENCY_CLAIM_MS, IDEMPOTENCY_TTL_MS};
pub use inbox_queue::{ApplyError, InboxApplier, InboxJob, InboxQueue, QueuedInboxJob};
pub use instance_blocks::InstanceBlocks;
pub use media::{MediaStore, MediaTx};
pub use oauth::{AppToken, AuthorizationCode, OAuthApp, OAuthStore, RefreshToken};
pub use personal::{Entry, Marker, MarkerTimeline, NotificationFilter, Personal, PinOutcome};
pub use polls::{PollReads, PollWrites, VoteEvent};
pub use profile_links::ProfileLinks;
pub use queue::{ClaimedDelivery, Deliverer, DeliveryQueue, DeliveryRecord};
pub use registration::{Registrar, SignUpError};
pub use repository::{ArrivingNote, NewNote, Repository, WriteTx};
pub use status_accounts::StatusAccounts;
pub use status_views::{AccountCounts, NoteCounts, StatusBatch, StatusViews, ViewerTies};
pub use text::TextFormatter;
pub use tokens::Tokens;
pub use worker_registry::{Beat, Reaped, WorkerRegistry};

/// A failure of a port's backing system (database down, remote server unreachable, ...).
/// Callers log it and fail the operation; the message is for logs only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortError {
    /// The backing system failed; try again later.
    #[error("{0}")]
    Unavailable(String),
    /// A uniqueness rule refused the write (e.g. a username already taken).
    #[error("conflict: {0}")]
    Conflict(String),
}

impl PortError {
    pub fn unavailable(message: impl Into<String>) -> Self {
        PortError::Unavailable(message.into())
    }
}

pub type PortResult<T> = Result<T, PortError>;

/// Where "now" comes from. The server reads the system clock; tests may pin it.
pub trait Clock: Send + Sync {
    fn now(&self) -> crate::Timestamp;
}

/// Tells this process's delivery worker that new deliveries were queued.
pub trait WakeWorker: Send + Sync {
    fn wake(&self);
}
