//! rookery-core: the protocol-neutral heart of rookery. Domain types, the rules that
//! decide who sees what and who receives what, and the ports through which the rest of
//! the server is reached. No I/O, no async runtime, no serialization formats.

pub mod account;
pub mod attachment;
pub mod audience;
pub mod auth;
pub mod delivery;
pub mod emoji;
pub mod error;
pub mod follow_policy;
pub mod hashtag;
pub mod id;
pub mod identity;
pub mod instance_blocks;
pub mod local_emojis;
pub mod login_throttle;
pub mod media;
pub mod names;
pub mod note;
pub mod note_edit;
pub mod notification;
pub mod notify;
pub mod page;
pub mod pins;
pub mod poll;
pub mod ports;
pub mod profile;
pub mod protocol;
pub mod reaction;
pub mod report;
pub mod retry;
pub mod service;
pub mod social;
pub mod time;
pub mod timeline;
pub mod vanity;
pub mod visibility;

#[cfg(test)]
mod test_support;

pub use account::{Account, LocalCredentials, Origin};
pub use attachment::{Attachment, MediaKind, MAX_ATTACHMENTS};
pub use audience::{
    account_audience, delivery_target, like_audience, note_audience, share_audience, Audience,
    RemoteTarget,
};
pub use auth::AccessToken;
pub use error::CoreError;
pub use follow_policy::{apply_follow_action, decide_follow, FollowAction, FollowDecision};
pub use hashtag::normalize_tags;
pub use id::{
    AccountId, ActivityId, AppId, DeliveryId, DislikeId, FollowId, Id, IdGenerator, LikeId, NoteId,
    NotificationId, ReactionId, ReportId, ShareId, TokenId,
};
pub use identity::primary_protocol;
pub use names::{Domain, Handle, Username};
pub use note::{Note, Visibility};
pub use notify::{
    favourite_notification, follow_notification, note_notifications, reblog_notification,
    Candidate, NotificationIntent,
};
pub use page::Page;
pub use profile::{Profile, ProfileField};
pub use protocol::{FederationFacts, Protocol, PublicKey};
pub use report::Report;
pub use retry::{classify, HostHealthPolicy, Outcome, RetrySchedule};
pub use time::Timestamp;
pub use timeline::{enters_timeline, EntryFacts, Timeline, TimelineEntry};
pub use visibility::{may_view, Relations, Viewer};

/// The software version, reported in User-Agent, NodeInfo and the instance API.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
