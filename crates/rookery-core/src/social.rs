//! The social graph's records: follows, blocks, mutes, domain blocks, likes and shares.

use crate::id::{AccountId, FollowId, LikeId, NoteId, ShareId};
use crate::names::Domain;
use crate::time::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowState {
    /// Waiting for the followee (or their server) to accept.
    Pending,
    Accepted,
    Rejected,
}

impl FollowState {
    pub fn as_str(self) -> &'static str {
        match self {
            FollowState::Pending => "pending",
            FollowState::Accepted => "accepted",
            FollowState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(FollowState::Pending),
            "accepted" => Some(FollowState::Accepted),
            "rejected" => Some(FollowState::Rejected),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow {
    pub id: FollowId,
    pub follower: AccountId,
    pub followee: AccountId,
    pub state: FollowState,
    /// The federation id of the Follow activity, so Accept/Undo can be matched.
    pub uri: Option<String>,
    /// Show the followee's boosts in the follower's home timeline.
    pub show_reblogs: bool,
    /// Notify the follower of each new post.
    pub notify: bool,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub blocker: AccountId,
    pub blocked: AccountId,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mute {
    pub muter: AccountId,
    pub muted: AccountId,
    /// Also hide notifications from the muted account.
    pub notifications: bool,
    pub created_at: Timestamp,
}

/// A local account hiding everything from a whole remote domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainBlock {
    pub account: AccountId,
    pub domain: Domain,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Like {
    pub id: LikeId,
    pub account: AccountId,
    pub note: NoteId,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    pub id: ShareId,
    pub account: AccountId,
    pub note: NoteId,
    pub created_at: Timestamp,
}
