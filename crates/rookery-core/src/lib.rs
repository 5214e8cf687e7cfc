//! rookery-core: the protocol-neutral heart of rookery. Domain types, the rules that
//! decide who sees what and who receives what, and the ports through which the rest of
//! the server is reached. No I/O, no async runtime, no serialization formats.

pub mod account;
pub mod auth;
pub mod delivery;
pub mod error;
pub mod id;
pub mod names;
pub mod note;
pub mod notification;
pub mod ports;
pub mod protocol;
pub mod social;
pub mod time;

pub use account::{Account, LocalCredentials, Origin};
pub use auth::AccessToken;
pub use error::CoreError;
pub use id::{
    AccountId, ActivityId, DeliveryId, FollowId, Id, IdGenerator, LikeId, NoteId,
    NotificationId, ShareId, TokenId,
};
pub use names::{Domain, Handle, Username};
pub use note::{Note, Visibility};
pub use protocol::{FederationFacts, Protocol, PublicKey};
pub use time::Timestamp;

/// The software version, reported in User-Agent, NodeInfo and the instance API.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
