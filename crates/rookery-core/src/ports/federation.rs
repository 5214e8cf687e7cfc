//! The federation port: turning domain events into protocol activities, and resolving
//! remote accounts. The server implements it by dispatching to the ActivityPub and
//! Versia adapters; core's services never know which protocol they are talking.

use async_trait::async_trait;

use crate::id::{AccountId, NoteId};
use crate::names::Handle;
use crate::protocol::Protocol;
use crate::reaction::Reaction;
use crate::social::{Follow, Like, Share};
use crate::{Account, Note};

use super::PortResult;

/// A note with everything a protocol needs to render it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteContext {
    pub note: Note,
    pub author: Account,
    pub mentioned: Vec<Account>,
    /// The note replied to and its author.
    pub in_reply_to: Option<(Note, Account)>,
    /// The note's poll, with its current counts.
    pub poll: Option<crate::poll::Poll>,
}

/// A local event that other servers must hear about.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    NoteCreated(&'a NoteContext),
    NoteUpdated(&'a NoteContext),
    NoteDeleted(&'a NoteContext),
    FollowRequested(FollowEvent<'a>),
    FollowAccepted(FollowEvent<'a>),
    /// A refused request, or a follower removed.
    FollowRejected(FollowEvent<'a>),
    Unfollowed(FollowEvent<'a>),
    Liked(InteractionEvent<'a, Like>),
    Unliked(InteractionEvent<'a, Like>),
    Shared(InteractionEvent<'a, Share>),
    Unshared(InteractionEvent<'a, Share>),
    /// An emoji reaction (versia.md §10.9), and its undoing.
    Reacted(InteractionEvent<'a, Reaction>),
    Unreacted(InteractionEvent<'a, Reaction>),
    Blocked {
        blocker: &'a Account,
        blocked: &'a Account,
    },
    Unblocked {
        blocker: &'a Account,
        blocked: &'a Account,
    },
    ProfileUpdated(&'a Account),
    /// A local account chose one option of a remote poll; sent to the poll's author only
    /// (activitypub.md §5.3, versia.md §10.8).
    PollVoted(super::polls::VoteEvent<'a>),
}

#[derive(Debug, Clone, Copy)]
pub struct FollowEvent<'a> {
    pub follow: &'a Follow,
    pub follower: &'a Account,
    pub followee: &'a Account,
}

/// A like, share or reaction of a note.
#[derive(Debug)]
pub struct InteractionEvent<'a, T> {
    pub record: &'a T,
    pub actor: &'a Account,
    pub note: &'a Note,
    pub note_author: &'a Account,
}

// Only references inside: copyable whatever `T` is (a derive would demand `T: Copy`).
impl<T> Clone for InteractionEvent<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for InteractionEvent<'_, T> {}

/// An activity rendered by a protocol adapter, ready to be stored and delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The exact bytes to POST.
    pub body: Vec<u8>,
    /// The local account whose key signs it; `None` for the instance.
    pub actor: Option<AccountId>,
}

#[async_trait]
pub trait Federation: Send + Sync {
    /// Renders `event` for `protocol`; `Ok(None)` when that protocol sends nothing for it.
    fn render(&self, protocol: Protocol, event: &Event<'_>) -> PortResult<Option<Rendered>>;

    /// Finds `user@domain` on its server (WebFinger, then a signed fetch), stores it and
    /// returns it; `Ok(None)` when no such account exists there.
    async fn resolve_handle(&self, handle: &Handle) -> PortResult<Option<Account>>;

    /// The local note that `uri` names in any protocol this instance speaks (an AP
    /// `https://DOMAIN/notes/ID`, a Versia `DOMAIN:ID`), so a reply threads whichever
    /// protocol's id it uses for our note. Whether such a note exists is not checked.
    fn local_note_id(&self, _uri: &str) -> Option<NoteId> {
        None
    }

    /// Makes whatever rendering an event signed by the local `account` needs ready in
    /// memory (e.g. its ActivityPub public key, which an actor `Update` embeds), since
    /// [`Federation::render`] cannot wait. Services call it before such renders.
    async fn prepare_signer(&self, _account: &Account) -> PortResult<()> {
        Ok(())
    }
}

/// One federation protocol, as the server's [`Federation`] composite sees it. The
/// ActivityPub and Versia crates each provide one.
#[async_trait]
pub trait ProtocolAdapter: Send + Sync {
    fn protocol(&self) -> Protocol;

    /// Renders `event` in this protocol; `Ok(None)` when it sends nothing for it.
    fn render(&self, event: &Event<'_>) -> PortResult<Option<Rendered>>;

    /// The media type of this protocol's documents (`application/activity+json`,
    /// `application/vnd.versia+json`): the type of its WebFinger `self` link.
    fn media_type(&self) -> &'static str;

    /// Where this protocol serves a local account (its WebFinger `self` link).
    fn local_account_url(&self, account: &Account) -> String;

    /// Fetches the account at `href` (the WebFinger `self` link of this protocol's
    /// media type), stores it and returns it.
    async fn resolve_account(&self, href: &str) -> PortResult<Option<Account>>;

    /// The local note `uri` names when it is this protocol's id for one of ours.
    fn local_note_id(&self, _uri: &str) -> Option<NoteId> {
        None
    }

    /// See [`Federation::prepare_signer`]; nothing to prepare by default.
    async fn prepare_signer(&self, _account: &Account) -> PortResult<()> {
        Ok(())
    }

    /// This adapter's counters since start, by name (e.g. `inbox_requests.shared`), for
    /// metrics. Monotonic; none by default.
    fn counters(&self) -> Vec<(&'static str, u64)> {
        Vec::new()
    }
}
