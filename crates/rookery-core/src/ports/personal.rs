//! The personal-data port: what one local account keeps for itself and no other server
//! learns of (bookmarks, pinned notes, read markers, its own lists of blocks, mutes and
//! domain blocks, and its notifications inbox). `rookery-store` implements it.

use async_trait::async_trait;

use crate::id::{AccountId, Id, NoteId, NotificationId};
use crate::names::Domain;
use crate::notification::{Notification, NotificationKind};
use crate::page::Page;
use crate::time::Timestamp;

use super::PortResult;

/// One entry of a personal list: the id of the record (what Mastodon pages by) and the
/// note or account it points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<T> {
    pub id: Id,
    pub target: T,
}

/// The timelines a read marker may be kept for (Mastodon's `Marker`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerTimeline {
    Home,
    Notifications,
}

impl MarkerTimeline {
    pub const ALL: [MarkerTimeline; 2] = [MarkerTimeline::Home, MarkerTimeline::Notifications];

    pub fn as_str(self) -> &'static str {
        match self {
            MarkerTimeline::Home => "home",
            MarkerTimeline::Notifications => "notifications",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        MarkerTimeline::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Where an account stopped reading a timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub timeline: MarkerTimeline,
    pub last_read_id: Id,
    /// Counts the saves, so clients on two devices notice they raced.
    pub version: u64,
    pub updated_at: Timestamp,
}

/// Which notifications a list shows. An empty `types` means every type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotificationFilter {
    pub types: Vec<NotificationKind>,
    pub exclude_types: Vec<NotificationKind>,
    /// Only notifications caused by this account.
    pub from: Option<AccountId>,
}

/// What came of a request to pin a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinOutcome {
    Pinned,
    AlreadyPinned,
    /// The account has its maximum of pinned notes already; nothing was written.
    LimitReached,
}

#[async_trait]
pub trait Personal: Send + Sync {
    // Bookmarks: private, never federated.
    /// False when the note was bookmarked already.
    async fn add_bookmark(
        &self,
        id: Id,
        account: AccountId,
        note: NoteId,
        now: Timestamp,
    ) -> PortResult<bool>;
    async fn remove_bookmark(&self, account: AccountId, note: NoteId) -> PortResult<bool>;
    async fn is_bookmarked(&self, account: AccountId, note: NoteId) -> PortResult<bool>;
    /// Newest bookmark first, paged by bookmark id.
    async fn bookmarks(&self, account: AccountId, page: &Page) -> PortResult<Vec<Entry<NoteId>>>;
    /// The notes the account liked, newest like first, paged by like id.
    async fn favourites(&self, account: AccountId, page: &Page) -> PortResult<Vec<Entry<NoteId>>>;

    // Pinned notes, shown atop the profile and in the `featured` collection.
    /// Pins unless the account has `max` pins already (checked in the same statement).
    async fn pin(
        &self,
        id: Id,
        account: AccountId,
        note: NoteId,
        now: Timestamp,
        max: u32,
    ) -> PortResult<PinOutcome>;
    async fn unpin(&self, account: AccountId, note: NoteId) -> PortResult<bool>;
    async fn is_pinned(&self, account: AccountId, note: NoteId) -> PortResult<bool>;
    /// The account's pinned notes, most recently pinned first.
    async fn pinned(&self, account: AccountId) -> PortResult<Vec<NoteId>>;

    // The account's own relationship lists, newest first, paged by the other account's id.
    async fn blocked_accounts(&self, account: AccountId, page: &Page)
        -> PortResult<Vec<AccountId>>;
    async fn muted_accounts(&self, account: AccountId, page: &Page) -> PortResult<Vec<AccountId>>;
    /// Blocked domains, alphabetically, at most `limit`, after `after` when given.
    async fn blocked_domains(
        &self,
        account: AccountId,
        after: Option<&str>,
        limit: u32,
    ) -> PortResult<Vec<Domain>>;
    /// False when the domain was blocked already.
    async fn block_domain(
        &self,
        account: AccountId,
        domain: &Domain,
        now: Timestamp,
    ) -> PortResult<bool>;
    async fn unblock_domain(&self, account: AccountId, domain: &Domain) -> PortResult<bool>;

    // Read markers.
    async fn markers(&self, account: AccountId) -> PortResult<Vec<Marker>>;
    /// Saves a marker, counting its version up; returns it as stored.
    async fn save_marker(
        &self,
        account: AccountId,
        timeline: MarkerTimeline,
        last_read_id: Id,
        now: Timestamp,
    ) -> PortResult<Marker>;

    // The notifications inbox.
    async fn filtered_notifications(
        &self,
        recipient: AccountId,
        filter: &NotificationFilter,
        page: &Page,
    ) -> PortResult<Vec<Notification>>;
    async fn notification(
        &self,
        recipient: AccountId,
        id: NotificationId,
    ) -> PortResult<Option<Notification>>;
    /// Deletes one notification of `recipient`; false when there was none.
    async fn dismiss_notification(
        &self,
        recipient: AccountId,
        id: NotificationId,
    ) -> PortResult<bool>;
    /// Deletes all of `recipient`'s notifications; returns how many.
    async fn clear_notifications(&self, recipient: AccountId) -> PortResult<u64>;
    /// How many notifications newer than `after` there are, counting at most `cap`.
    async fn count_notifications_after(
        &self,
        recipient: AccountId,
        after: Option<Id>,
        cap: u32,
    ) -> PortResult<u64>;
}
