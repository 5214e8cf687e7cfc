//! Notifications for local accounts.

use crate::id::{AccountId, NoteId, NotificationId};
use crate::time::Timestamp;

/// Mastodon's notification types that rookery produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotificationKind {
    Mention,
    Status,
    Reblog,
    Follow,
    FollowRequest,
    Favourite,
    Update,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 7] = [
        NotificationKind::Mention,
        NotificationKind::Status,
        NotificationKind::Reblog,
        NotificationKind::Follow,
        NotificationKind::FollowRequest,
        NotificationKind::Favourite,
        NotificationKind::Update,
    ];

    /// Mastodon's API name, also the stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Mention => "mention",
            NotificationKind::Status => "status",
            NotificationKind::Reblog => "reblog",
            NotificationKind::Follow => "follow",
            NotificationKind::FollowRequest => "follow_request",
            NotificationKind::Favourite => "favourite",
            NotificationKind::Update => "update",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        NotificationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: NotificationId,
    /// The local account notified.
    pub recipient: AccountId,
    /// Who caused it.
    pub from: AccountId,
    pub kind: NotificationKind,
    pub note: Option<NoteId>,
    pub created_at: Timestamp,
}
