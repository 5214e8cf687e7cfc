//! The follow lifecycle, all transient (versia.md §8.4): Follow, FollowAccept,
//! FollowReject, Unfollow.
//!
//! Transient entities must not carry an `id`; the field exists only so validation can
//! see and refuse one (§6.4), and it is never written when unset.

use serde::{Deserialize, Serialize};

use super::extensions::Extensions;
use super::tag::entity_tag;
use super::Reference;

entity_tag!(
    /// `"type": "Follow"`.
    FollowTag,
    "Follow"
);
entity_tag!(
    /// `"type": "FollowAccept"`.
    FollowAcceptTag,
    "FollowAccept"
);
entity_tag!(
    /// `"type": "FollowReject"`.
    FollowRejectTag,
    "FollowReject"
);
entity_tag!(
    /// `"type": "Unfollow"`.
    UnfollowTag,
    "Unfollow"
);

/// `author` (the follower) asks to follow `followee`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Follow {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub entity_type: FollowTag,
    pub created_at: String,
    pub author: Reference,
    pub followee: Reference,
    pub extensions: Option<Extensions>,
}

/// `author` (the followee) accepts `follower`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowAccept {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub entity_type: FollowAcceptTag,
    pub created_at: String,
    pub author: Reference,
    pub follower: Reference,
    pub extensions: Option<Extensions>,
}

/// `author` (the followee) rejects a request from, or removes, `follower`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowReject {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub entity_type: FollowRejectTag,
    pub created_at: String,
    pub author: Reference,
    pub follower: Reference,
    pub extensions: Option<Extensions>,
}

/// `author` (the follower) stops following `followee`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unfollow {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub entity_type: UnfollowTag,
    pub created_at: String,
    pub author: Reference,
    pub followee: Reference,
    pub extensions: Option<Extensions>,
}
