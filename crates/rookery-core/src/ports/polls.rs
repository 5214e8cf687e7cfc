//! Storage of polls and votes (see [`crate::poll`]). Supertraits of
//! [`super::Repository`] and [`super::WriteTx`], so a poll is stored with its note and a
//! vote with the deliveries it causes, in one transaction.

use async_trait::async_trait;

use crate::id::{AccountId, NoteId};
use crate::poll::{Poll, PollVote};
use crate::time::Timestamp;
use crate::{Account, Note};

use super::PortResult;

#[async_trait]
pub trait PollReads: Send + Sync {
    /// The poll of `note`, if it has one.
    async fn poll(&self, note: NoteId) -> PortResult<Option<Poll>>;
    /// The options `account` chose in `note`'s poll, in ascending order; empty when it
    /// did not vote.
    async fn poll_choices(&self, note: NoteId, account: AccountId) -> PortResult<Vec<u32>>;
    /// Every account that voted in `note`'s poll (to tell remote voters the new counts).
    async fn poll_voters(&self, note: NoteId) -> PortResult<Vec<AccountId>>;
}

#[async_trait]
pub trait PollWrites: Send {
    /// Stores `poll` for its note, or replaces its options, counts and end (a remote
    /// poll edited or recounted by its server). Our own users' votes stay.
    async fn upsert_poll(&mut self, poll: &Poll) -> PortResult<()>;
    /// Records one choice; false when that account chose that option already.
    async fn insert_poll_vote(&mut self, vote: &PollVote) -> PortResult<bool>;
    /// Sets a poll's counts from the votes stored (a local poll, whose votes all reach
    /// us); returns the poll as it now stands.
    async fn recount_poll(&mut self, note: NoteId, now: Timestamp) -> PortResult<Option<Poll>>;
}

/// One choice of a vote, as a protocol renders it.
#[derive(Debug, Clone, Copy)]
pub struct VoteEvent<'a> {
    pub vote: &'a PollVote,
    /// The title of the option chosen (an ActivityPub vote names it).
    pub option: &'a str,
    pub voter: &'a Account,
    pub note: &'a Note,
    pub note_author: &'a Account,
}
