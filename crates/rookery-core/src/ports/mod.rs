//! Ports: the traits through which core's services and the worker reach storage,
//! federation and time. Implementations live outside core (the store, the protocol
//! adapters, the server) and are passed in as trait objects, so core never depends on
//! them.

mod credentials;
mod federation;
mod oauth;
mod queue;
mod repository;
mod text;
mod tokens;

pub use credentials::Credentials;
pub use federation::{
    Event, Federation, FollowEvent, InteractionEvent, NoteContext, ProtocolAdapter, Rendered,
};
pub use oauth::{AppToken, AuthorizationCode, OAuthApp, OAuthStore, RefreshToken};
pub use queue::{ClaimedDelivery, Deliverer, DeliveryQueue};
pub use repository::{Repository, WriteTx};
pub use text::TextFormatter;
pub use tokens::Tokens;

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
