//! The follow-options port: what a follower chose for one follow (Mastodon's `reblogs`,
//! `notify` and `languages` of `POST /api/v1/accounts/:id/follow`). The choices live on
//! the follow's row; `rookery-store` implements it.

use async_trait::async_trait;

use crate::id::FollowId;

use super::PortResult;

/// A follower's choices for one follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowOptions {
    /// Show the followee's shares in the home timeline.
    pub show_reblogs: bool,
    /// Notify the follower of each new post.
    pub notify: bool,
    /// Only these languages (ISO 639-1) in the home timeline; `None`: all.
    pub languages: Option<Vec<String>>,
}

#[async_trait]
pub trait FollowSettings: Send + Sync {
    /// Sets the options of follow `id`; false when it no longer exists.
    async fn set_follow_options(&self, id: FollowId, options: &FollowOptions) -> PortResult<bool>;
    /// The languages chosen for follow `id` (`None`: all, or no such follow).
    async fn follow_languages(&self, id: FollowId) -> PortResult<Option<Vec<String>>>;
}
