//! The status-views port: everything a page of statuses shows beyond the notes themselves
//! (authors and their counts, a note's counts, the viewer's likes, shares, bookmarks and
//! pins, emoji, polls), read for a whole page at once: a handful of queries per page
//! instead of a dozen per status (issue 7, B5). `rookery-store` implements it.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;

use crate::emoji::CustomEmoji;
use crate::id::{AccountId, NoteId};
use crate::poll::Poll;
use crate::visibility::Relations;
use crate::Account;

use super::PortResult;

/// An account's counts as Mastodon shows them; accepted follows only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccountCounts {
    pub followers: u64,
    pub following: u64,
    pub statuses: u64,
}

/// A note's counts: likes (`favourites_count`), shares (`reblogs_count`), direct replies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoteCounts {
    pub likes: u64,
    pub shares: u64,
    pub replies: u64,
}

/// What [`StatusViews::status_batch`] found. Missing keys mean "none" (zero counts, no
/// emoji, no poll); an account missing from `accounts` does not exist.
#[derive(Debug, Clone, Default)]
pub struct StatusBatch {
    pub accounts: HashMap<AccountId, Account>,
    pub account_counts: HashMap<AccountId, AccountCounts>,
    pub note_counts: HashMap<NoteId, NoteCounts>,
    /// Of the notes, those the viewer liked, shared, bookmarked or pinned.
    pub liked: HashSet<NoteId>,
    pub shared: HashSet<NoteId>,
    pub bookmarked: HashSet<NoteId>,
    pub pinned: HashSet<NoteId>,
    /// Each note's emoji, by shortcode.
    pub emojis: HashMap<NoteId, Vec<CustomEmoji>>,
    pub polls: HashMap<NoteId, Poll>,
    /// The viewer's choices in each poll they voted in, ascending.
    pub poll_choices: HashMap<NoteId, Vec<u32>>,
}

/// How one viewer relates to a page's accounts, read at once for timeline filtering
/// (`Repository::viewer_ties`). Accounts missing from `accounts` do not exist; missing
/// relations mean strangers; the viewer's own entry, if asked, is always strangers.
#[derive(Debug, Clone, Default)]
pub struct ViewerTies {
    pub accounts: HashMap<AccountId, Account>,
    pub relations: HashMap<AccountId, Relations>,
    /// The accounts the viewer follows (accepted follows).
    pub follows: HashSet<AccountId>,
}

#[async_trait]
pub trait StatusViews: Send + Sync {
    /// Reads, for `notes` and `accounts` (their authors and the accounts they mention),
    /// what rendering them for `viewer` needs; viewer state stays empty without one.
    async fn status_batch(
        &self,
        notes: &[NoteId],
        accounts: &[AccountId],
        viewer: Option<AccountId>,
    ) -> PortResult<StatusBatch>;
}
