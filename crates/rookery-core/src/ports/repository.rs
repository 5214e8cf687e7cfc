//! The storage port: what core's services and the protocol adapters read and write.
//! `rookery-store` implements it for SQLite and PostgreSQL. Writes that belong together
//! (a note and its deliveries) go through one [`WriteTx`], which commits them together
//! or not at all (architecture invariant 3).

use async_trait::async_trait;

use crate::delivery::{DeliveryTarget, OutboundActivity};
use crate::id::{AccountId, FollowId, LikeId, NoteId, ReactionId, ShareId};
use crate::names::Domain;
use crate::notification::Notification;
use crate::notify::Candidate;
use crate::page::Page;
use crate::poll::Poll;
use crate::reaction::{Dislike, Reaction};
use crate::social::{Block, DomainBlock, Follow, FollowState, Like, Mute, Share};
use crate::time::Timestamp;
use crate::visibility::Relations;
use crate::{Account, Note, Report};

use super::PortResult;

#[async_trait]
pub trait Repository:
    Send + Sync + super::EditReads + super::PollReads + super::MediaStore
{
    // Accounts.
    async fn account(&self, id: AccountId) -> PortResult<Option<Account>>;
    async fn accounts(&self, ids: &[AccountId]) -> PortResult<Vec<Account>>;
    async fn local_account_by_username(&self, username: &str) -> PortResult<Option<Account>>;
    async fn remote_account_by_handle(
        &self,
        username: &str,
        domain: &str,
    ) -> PortResult<Option<Account>>;
    /// A remote account by its federation id (AP actor id, Versia `domain:id`).
    async fn account_by_uri(&self, uri: &str) -> PortResult<Option<Account>>;
    /// The remote account whose personal (not shared) inbox is `inbox`.
    async fn account_by_personal_inbox(&self, inbox: &str) -> PortResult<Option<Account>>;
    async fn count_local_accounts(&self) -> PortResult<u64>;
    /// A local account's private signing key for `algorithm` (e.g. `rsa-sha256`), PEM.
    async fn local_signing_key(
        &self,
        account: AccountId,
        algorithm: &str,
    ) -> PortResult<Option<String>>;
    /// An instance-wide secret (e.g. the Versia instance key), by name.
    async fn instance_secret(&self, name: &str) -> PortResult<Option<String>>;

    // Notes.
    async fn note(&self, id: NoteId) -> PortResult<Option<Note>>;
    async fn note_by_uri(&self, uri: &str) -> PortResult<Option<Note>>;
    async fn replies_to(&self, id: NoteId) -> PortResult<Vec<Note>>;
    async fn count_notes_by(&self, author: AccountId) -> PortResult<u64>;
    async fn count_local_notes(&self) -> PortResult<u64>;

    // The social graph.
    async fn follow_between(
        &self,
        follower: AccountId,
        followee: AccountId,
    ) -> PortResult<Option<Follow>>;
    async fn follow_by_uri(&self, uri: &str) -> PortResult<Option<Follow>>;
    async fn follow(&self, id: FollowId) -> PortResult<Option<Follow>>;
    /// Every accepted follower (for delivery fan-out).
    async fn all_followers(&self, account: AccountId) -> PortResult<Vec<Account>>;
    async fn followers(&self, account: AccountId, page: &Page) -> PortResult<Vec<Account>>;
    async fn following(&self, account: AccountId, page: &Page) -> PortResult<Vec<Account>>;
    /// Pending follow requests to `account`, newest first.
    async fn follow_requests(&self, account: AccountId, page: &Page) -> PortResult<Vec<Account>>;
    /// (followers, following), accepted follows only.
    async fn follow_counts(&self, account: AccountId) -> PortResult<(u64, u64)>;
    async fn blocked_either_way(&self, a: AccountId, b: AccountId) -> PortResult<bool>;
    async fn block_between(&self, blocker: AccountId, blocked: AccountId) -> PortResult<bool>;
    async fn mute_between(&self, muter: AccountId, muted: AccountId) -> PortResult<Option<Mute>>;
    async fn is_domain_blocked(&self, account: AccountId, domain: &Domain) -> PortResult<bool>;
    /// In one read: whether `viewer` blocks, mutes (and how) or domain-blocks `author`
    /// (whose domain is `author_domain`, `None` for a local one), and whether `author`
    /// blocks `viewer`. The same answers as the single reads above.
    async fn relations_between(
        &self,
        viewer: AccountId,
        author: AccountId,
        author_domain: Option<&Domain>,
    ) -> PortResult<Relations>;
    /// The local accounts among `accounts` as candidates for a notification of what
    /// `actor` did: each one's relations towards the actor (as `relations_between` gives
    /// them) and its follow of the actor, in one read. Remote or unknown ids are left out.
    async fn notification_candidates(
        &self,
        accounts: &[AccountId],
        actor: &Account,
    ) -> PortResult<Vec<Candidate>>;
    /// `viewer`'s blocks, mutes, domain blocks and follows towards `accounts`, with the
    /// accounts themselves: one read for a whole timeline page.
    async fn viewer_ties(
        &self,
        viewer: AccountId,
        accounts: &[AccountId],
    ) -> PortResult<super::ViewerTies>;

    // Interactions.
    async fn like_between(&self, account: AccountId, note: NoteId) -> PortResult<Option<Like>>;
    async fn share_between(&self, account: AccountId, note: NoteId) -> PortResult<Option<Share>>;
    async fn like(&self, id: LikeId) -> PortResult<Option<Like>>;
    async fn share(&self, id: ShareId) -> PortResult<Option<Share>>;
    async fn count_likes(&self, note: NoteId) -> PortResult<u64>;
    async fn count_shares(&self, note: NoteId) -> PortResult<u64>;
    async fn reaction_between(
        &self,
        account: AccountId,
        note: NoteId,
        content: &str,
    ) -> PortResult<Option<Reaction>>;
    async fn reaction_by_uri(&self, uri: &str) -> PortResult<Option<Reaction>>;
    /// A note's reactions, oldest first.
    async fn reactions_on(&self, note: NoteId) -> PortResult<Vec<Reaction>>;
    async fn dislike_by_uri(&self, uri: &str) -> PortResult<Option<Dislike>>;

    // Timelines: candidates, newest first; core's timeline rules filter them.
    async fn home_timeline(&self, owner: AccountId, page: &Page) -> PortResult<Vec<Note>>;
    async fn public_timeline(&self, local_only: bool, page: &Page) -> PortResult<Vec<Note>>;
    async fn account_timeline(&self, account: AccountId, page: &Page) -> PortResult<Vec<Note>>;
    /// Public notes with the (normalized) hashtag `tag`.
    async fn tag_timeline(&self, tag: &str, page: &Page) -> PortResult<Vec<Note>>;
    async fn notifications(
        &self,
        recipient: AccountId,
        page: &Page,
    ) -> PortResult<Vec<Notification>>;

    // Inbox idempotency.
    async fn inbox_seen(&self, activity_uri: &str) -> PortResult<bool>;

    /// When the note with this tombstone key (see [`Note::tombstone_key`]) was deleted,
    /// if it was: deleted notes answer 410 and are never created again (activitypub.md
    /// §5.9).
    async fn tombstone(&self, key: &str) -> PortResult<Option<Timestamp>>;
    /// A remote note as an arriving copy meets it, in one read for the commonest answer
    /// (unknown): what [`Repository::tombstone`] and `note_by_uri` tell one by one.
    async fn arriving_note(&self, uri: &str) -> PortResult<ArrivingNote>;

    /// The newest reports to this instance's moderators, at most `limit`.
    async fn recent_reports(&self, limit: u32) -> PortResult<Vec<Report>>;

    /// Starts a write transaction.
    async fn begin(&self) -> PortResult<Box<dyn WriteTx>>;

    /// Stores a remote note seen for the first time, with its poll and the notifications
    /// it causes, all or nothing. New notes that arrive together may share a transaction
    /// and multi-row statements (issue 7, B1: the inbox applies many at once); one that
    /// fails is then written alone, so it fails only itself. Returns false, storing
    /// nothing, when a note with its id or URI is stored already (the same note
    /// delivered twice at once).
    async fn store_new_note(&self, new: NewNote) -> PortResult<bool>;
}

/// What is known of a note that arrives (see [`Repository::arriving_note`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArrivingNote {
    /// Never seen: store it.
    Unknown,
    /// Stored: a duplicate, or an edit.
    Stored(Box<Note>),
    /// Deleted: it never comes back (activitypub.md §5.9).
    Deleted,
}

/// A note about to be stored for the first time, with what it brings along.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote {
    pub note: Note,
    pub poll: Option<Poll>,
    pub notifications: Vec<Notification>,
}

/// A write transaction. Dropping it without [`WriteTx::commit`] rolls everything back.
#[async_trait]
pub trait WriteTx: Send + super::EditWrites + super::PollWrites + super::MediaTx {
    async fn upsert_remote_account(&mut self, account: &Account) -> PortResult<AccountId>;
    async fn update_account_profile(&mut self, account: &Account) -> PortResult<bool>;
    /// Deletes a remote account with its content (cascades); false when it was not there.
    async fn delete_remote_account(&mut self, id: AccountId) -> PortResult<bool>;
    /// Stores a local account's private key unless it has one (keys are kept forever).
    async fn set_local_signing_key(
        &mut self,
        account: AccountId,
        algorithm: &str,
        private_key_pem: &str,
    ) -> PortResult<()>;
    /// Stores an instance-wide secret unless one exists; returns the stored value (so two
    /// processes starting at once agree on one key).
    async fn init_instance_secret(&mut self, name: &str, value: &str) -> PortResult<String>;

    async fn insert_note(&mut self, note: &Note) -> PortResult<()>;
    async fn update_note(&mut self, note: &Note) -> PortResult<bool>;
    async fn delete_note(&mut self, id: NoteId) -> PortResult<bool>;
    /// Remembers a deleted note by its tombstone key; a second time changes nothing.
    async fn insert_tombstone(&mut self, key: &str, deleted_at: Timestamp) -> PortResult<()>;

    /// False when a follow between the two accounts exists already.
    async fn insert_follow(&mut self, follow: &Follow) -> PortResult<bool>;
    async fn set_follow_state(&mut self, id: FollowId, state: FollowState) -> PortResult<bool>;
    async fn delete_follow(&mut self, id: FollowId) -> PortResult<bool>;
    async fn insert_block(&mut self, block: &Block) -> PortResult<bool>;
    async fn delete_block(&mut self, blocker: AccountId, blocked: AccountId) -> PortResult<bool>;
    async fn insert_mute(&mut self, mute: &Mute) -> PortResult<()>;
    async fn delete_mute(&mut self, muter: AccountId, muted: AccountId) -> PortResult<bool>;
    async fn insert_domain_block(&mut self, block: &DomainBlock) -> PortResult<bool>;
    async fn delete_domain_block(
        &mut self,
        account: AccountId,
        domain: &Domain,
    ) -> PortResult<bool>;

    async fn insert_like(&mut self, like: &Like) -> PortResult<bool>;
    async fn delete_like(&mut self, account: AccountId, note: NoteId) -> PortResult<bool>;
    async fn insert_share(&mut self, share: &Share) -> PortResult<bool>;
    async fn delete_share(&mut self, account: AccountId, note: NoteId) -> PortResult<bool>;
    /// False when the account reacted to the note with that content already.
    async fn insert_reaction(&mut self, reaction: &Reaction) -> PortResult<bool>;
    async fn delete_reaction(&mut self, id: ReactionId) -> PortResult<bool>;
    /// Records a dislike, replacing the account's earlier dislike of the note.
    async fn insert_dislike(&mut self, dislike: &Dislike) -> PortResult<bool>;
    async fn delete_dislike(&mut self, account: AccountId, note: NoteId) -> PortResult<bool>;

    async fn insert_notification(&mut self, notification: &Notification) -> PortResult<()>;

    /// Stores `activity` once and one delivery per distinct target; returns how many
    /// deliveries were created.
    async fn enqueue(
        &mut self,
        activity: &OutboundActivity,
        targets: &[DeliveryTarget],
    ) -> PortResult<u64>;
    /// Stores a report; false when one with its `uri` exists already (a duplicate).
    async fn insert_report(&mut self, report: &Report) -> PortResult<bool>;

    /// Records an inbound activity id; false when it was seen before (a duplicate).
    async fn mark_inbox_seen(&mut self, activity_uri: &str, now: Timestamp) -> PortResult<bool>;

    async fn commit(self: Box<Self>) -> PortResult<()>;
}
