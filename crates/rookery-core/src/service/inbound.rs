//! What remote servers tell us, after their protocol adapter verified the signature,
//! checked the origin and mapped the activity to core terms. Every handler is idempotent:
//! the same message twice changes nothing (architecture invariant 4).

use crate::attachment::{Attachment, MAX_ATTACHMENTS};
use crate::audience::account_audience;
use crate::emoji::CustomEmoji;
use crate::error::CoreError;
use crate::follow_policy::decide_follow;
use crate::hashtag::normalize_tags;
use crate::id::{AccountId, FollowId, LikeId, NoteId, ShareId};
use crate::note::{Note, Visibility};
use crate::note_edit::NoteEdit;
use crate::notify::{favourite_notification, follow_notification, reblog_notification};
use crate::poll::IncomingPoll;
use crate::ports::{ArrivingNote, Event, FollowEvent, NewNote};
use crate::social::{Block, Follow, FollowState, Like, Share};
use crate::time::Timestamp;
use crate::Account;

use super::error::{forbidden, not_found, ServiceResult};
use super::Services;

/// A remote note, mapped by its protocol adapter. Its HTML is sanitized already and its
/// references resolved to local ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingNote {
    /// The note's federation id (AP object id, Versia `domain:id`).
    pub uri: String,
    pub url: Option<String>,
    pub content_html: String,
    pub source: String,
    pub content_warning: String,
    pub sensitive: bool,
    pub language: Option<String>,
    pub visibility: Visibility,
    pub in_reply_to: Option<NoteId>,
    pub mentions: Vec<AccountId>,
    /// A poll on the note (its counts as the sender knows them).
    pub poll: Option<IncomingPoll>,
    /// Remote media by reference; more than [`MAX_ATTACHMENTS`] are cut (activitypub.md
    /// §5.5).
    pub attachments: Vec<Attachment>,
    /// Hashtags as the sender gave them (`#Tag` or `tag`); normalized on storing (§5.4).
    pub tags: Vec<String>,
    /// Custom emoji the text uses, validated by the adapter; kept by reference.
    pub emojis: Vec<CustomEmoji>,
    pub created_at: Timestamp,
    pub edited_at: Option<Timestamp>,
}

impl Services {
    /// Stores a remote account met over federation (or refreshes it); returns its id.
    pub async fn store_remote_account(&self, account: &Account) -> ServiceResult<AccountId> {
        if account.is_local() {
            return Err(forbidden("not a remote account"));
        }
        let mut tx = self.repo.begin().await?;
        let id = tx.upsert_remote_account(account).await?;
        self.commit(tx, 0).await?;
        Ok(id)
    }

    /// A note from `author` (remote) arrived or was edited. Returns the stored note; a
    /// deleted one (tombstoned) is refused as not found.
    pub async fn receive_note(
        &self,
        author: &Account,
        mut incoming: IncomingNote,
    ) -> ServiceResult<Note> {
        if author.is_local() {
            return Err(forbidden("a remote server cannot speak for local accounts"));
        }
        let existing = match self.repo.arriving_note(&incoming.uri).await? {
            ArrivingNote::Unknown => None,
            ArrivingNote::Stored(note) => Some(*note),
            // A deleted note never comes back, whatever arrives late or again
            // (activitypub.md §5.0, §5.9: Mastodon's Tombstone rows).
            ArrivingNote::Deleted => return Err(not_found("note (deleted)")),
        };
        if let Some(old) = &existing {
            if old.author != author.id {
                return Err(forbidden("the note belongs to another account"));
            }
            let newer = incoming.edited_at.is_some_and(|e| old.edited_at < Some(e));
            if !newer {
                // A duplicate delivery, or new poll counts (an unedited ActivityPub
                // `Update(Question)`, the Versia Note sent again; §5.9, versia.md §10.8).
                if let Some(poll) = incoming.poll.take() {
                    self.refresh_remote_poll(old.id, poll).await?;
                }
                return Ok(old.clone());
            }
        }
        let in_reply_to_account = match incoming.in_reply_to {
            Some(parent) => self.repo.note(parent).await?.map(|p| p.author),
            None => None,
        };
        // Ids sort by time: a backfilled old note gets an id from its own date, but
        // never one from the future.
        let born = incoming.created_at.min(self.now());
        let note = Note {
            id: existing
                .as_ref()
                .map_or_else(|| NoteId(self.ids.next(born)), |old| old.id),
            author: author.id,
            uri: Some(incoming.uri),
            url: incoming.url,
            content_html: incoming.content_html,
            source: incoming.source,
            content_warning: incoming.content_warning,
            sensitive: incoming.sensitive,
            language: incoming.language,
            in_reply_to: incoming.in_reply_to,
            in_reply_to_account,
            mentions: incoming.mentions,
            attachments: incoming
                .attachments
                .into_iter()
                .take(MAX_ATTACHMENTS)
                .collect(),
            tags: normalize_tags(incoming.tags),
            visibility: incoming.visibility,
            created_at: incoming.created_at,
            edited_at: incoming.edited_at,
        };
        // Who a new note notifies is read before the write transaction: on SQLite the
        // transaction holds the only writer, which every other inbox job waits for.
        let intents = if existing.is_none() {
            self.mention_notifications(&note, author).await?
        } else {
            Vec::new()
        };
        match &existing {
            Some(old) => {
                let mut tx = self.repo.begin().await?;
                // The version replaced stays in the edit history (Mastodon's StatusEdit).
                tx.insert_note_edit(&NoteEdit::snapshot(old)).await?;
                tx.update_note(&note).await?;
                if let Some(poll) = incoming.poll {
                    tx.upsert_poll(&poll.into_poll(note.id, self.now())).await?;
                }
                self.commit(tx, 0).await?;
            }
            None => {
                let new = NewNote {
                    note: note.clone(),
                    poll: incoming.poll.map(|p| p.into_poll(note.id, self.now())),
                    notifications: self.notifications_for(&intents),
                };
                // Stored by a copy that arrived at the same moment (shared and personal
                // inbox, a retry), maybe in the same batch: nothing more to do here.
                if !self.repo.store_new_note(new).await? {
                    return Err(not_found("note (stored concurrently)"));
                }
            }
        }
        // A new note without emoji has no links to write or clear.
        if existing.is_some() || !incoming.emojis.is_empty() {
            self.keep_note_emojis(author, note.id, incoming.emojis)
                .await;
        }
        Ok(note)
    }

    /// Links the emoji a stored note uses. After the note's commit (the links name it);
    /// a failure costs only the pictures, so it is logged rather than failing a note
    /// that is already stored (a retry would be a duplicate and skip this).
    async fn keep_note_emojis(&self, author: &Account, note: NoteId, emojis: Vec<CustomEmoji>) {
        let Some(domain) = &author.domain else {
            return;
        };
        let emojis = crate::emoji::dedupe(emojis);
        if let Err(error) = self
            .emojis
            .set_note_emojis(note, domain.host(), &emojis)
            .await
        {
            tracing::warn!(%error, %note, "storing a note's custom emoji failed");
        }
    }

    /// `actor` deleted the note `uri`. Only its author's server may (origin rule).
    pub async fn receive_note_deleted(&self, actor: &Account, uri: &str) -> ServiceResult<bool> {
        let Some(note) = self.repo.note_by_uri(uri).await? else {
            return Ok(false);
        };
        if note.author != actor.id {
            return Err(forbidden("only the author may delete a note"));
        }
        let mut tx = self.repo.begin().await?;
        let deleted = tx.delete_note(note.id).await?;
        tx.insert_tombstone(&note.tombstone_key(), self.now())
            .await?;
        self.commit(tx, 0).await?;
        Ok(deleted)
    }

    /// `follower` (remote) asks to follow `followee` (local). Auto-accepts unless the
    /// account approves followers by hand; blocked accounts are refused. An accepted
    /// follow sent again is answered again (the peer may have lost its state).
    pub async fn receive_follow(
        &self,
        follower: &Account,
        followee: AccountId,
        uri: Option<String>,
    ) -> ServiceResult<Option<Follow>> {
        let followee = self.local_account(followee).await?;
        let existing = self.repo.follow_between(follower.id, followee.id).await?;
        let blocked = self.repo.block_between(followee.id, follower.id).await?;
        let domain_blocked = match &follower.domain {
            Some(domain) => self.repo.is_domain_blocked(followee.id, domain).await?,
            None => false,
        };
        let decision = decide_follow(
            &followee,
            follower,
            existing.as_ref().map(|f| f.state),
            blocked,
            domain_blocked,
        );
        let follow = Follow {
            id: existing
                .as_ref()
                .map_or_else(|| FollowId(self.new_id()), |f| f.id),
            follower: follower.id,
            followee: followee.id,
            state: decision.state().unwrap_or(FollowState::Rejected),
            uri: uri.or_else(|| existing.as_ref().and_then(|f| f.uri.clone())),
            show_reblogs: true,
            notify: false,
            created_at: self.now(),
        };
        let mut tx = self.repo.begin().await?;
        if let Some(old) = &existing {
            tx.delete_follow(old.id).await?;
        }
        let stored = decision.state().is_some();
        if stored {
            tx.insert_follow(&follow).await?;
            let candidate = self.candidate(&followee, follower).await?;
            let intents = follow_notification(
                &candidate,
                follower.id,
                existing.as_ref().map(|f| f.state),
                decision,
            );
            self.store_notifications(tx.as_mut(), intents.as_slice())
                .await?;
        }
        let mut queued = 0;
        if decision.answers_now() {
            let relation = FollowEvent {
                follow: &follow,
                follower,
                followee: &followee,
            };
            let event = if stored {
                Event::FollowAccepted(relation)
            } else {
                Event::FollowRejected(relation)
            };
            let audience = account_audience(follower, &self.local_domain);
            queued = self.enqueue(tx.as_mut(), &event, &audience).await?;
        }
        self.commit(tx, queued).await?;
        Ok(stored.then_some(follow))
    }

    /// `followee` (remote) accepted `follower`'s (local) request. Ignored when we never
    /// asked.
    pub async fn receive_follow_accepted(
        &self,
        followee: &Account,
        follower: AccountId,
    ) -> ServiceResult<bool> {
        let Some(follow) = self.repo.follow_between(follower, followee.id).await? else {
            return Ok(false);
        };
        if follow.state == FollowState::Accepted {
            return Ok(false);
        }
        let mut tx = self.repo.begin().await?;
        let changed = tx
            .set_follow_state(follow.id, FollowState::Accepted)
            .await?;
        self.commit(tx, 0).await?;
        Ok(changed)
    }

    /// `followee` (remote) refused `follower`'s request or removed them as a follower.
    pub async fn receive_follow_rejected(
        &self,
        followee: &Account,
        follower: AccountId,
    ) -> ServiceResult<bool> {
        self.remove_follow(follower, followee.id).await
    }

    /// `follower` (remote) stopped following `followee` (local).
    pub async fn receive_unfollow(
        &self,
        follower: &Account,
        followee: AccountId,
    ) -> ServiceResult<bool> {
        self.remove_follow(follower.id, followee).await
    }

    async fn remove_follow(&self, follower: AccountId, followee: AccountId) -> ServiceResult<bool> {
        let Some(follow) = self.repo.follow_between(follower, followee).await? else {
            return Ok(false);
        };
        let mut tx = self.repo.begin().await?;
        let removed = tx.delete_follow(follow.id).await?;
        self.commit(tx, 0).await?;
        Ok(removed)
    }

    /// `liker` (remote) liked a note we store.
    pub async fn receive_like(&self, liker: &Account, note: NoteId) -> ServiceResult<bool> {
        let (note, author) = self.note_with_author(note).await?;
        if !self.may_view(Some(liker.id), &note).await? {
            return Err(not_found("note"));
        }
        let like = Like {
            id: LikeId(self.new_id()),
            account: liker.id,
            note: note.id,
            created_at: self.now(),
        };
        let mut tx = self.repo.begin().await?;
        // A like replaces a dislike by the same account (versia.md §10.6).
        tx.delete_dislike(liker.id, note.id).await?;
        let inserted = tx.insert_like(&like).await?;
        if inserted {
            let candidate = self.candidate(&author, liker).await?;
            let intents = favourite_notification(&note, &candidate, liker.id);
            self.store_notifications(tx.as_mut(), intents.as_slice())
                .await?;
        }
        self.commit(tx, 0).await?;
        Ok(inserted)
    }

    pub async fn receive_unlike(&self, liker: &Account, note: NoteId) -> ServiceResult<bool> {
        let mut tx = self.repo.begin().await?;
        let removed = tx.delete_like(liker.id, note).await?;
        self.commit(tx, 0).await?;
        Ok(removed)
    }

    /// `sharer` (remote) shared a note we store.
    pub async fn receive_share(&self, sharer: &Account, note: NoteId) -> ServiceResult<bool> {
        let (note, author) = self.note_with_author(note).await?;
        if !note.visibility.is_world_readable() && note.author != sharer.id {
            return Err(forbidden("only public and unlisted notes can be shared"));
        }
        let share = Share {
            id: ShareId(self.new_id()),
            account: sharer.id,
            note: note.id,
            created_at: self.now(),
        };
        let mut tx = self.repo.begin().await?;
        let inserted = tx.insert_share(&share).await?;
        if inserted {
            let candidate = self.candidate(&author, sharer).await?;
            let intents = reblog_notification(&note, &candidate, sharer.id);
            self.store_notifications(tx.as_mut(), intents.as_slice())
                .await?;
        }
        self.commit(tx, 0).await?;
        Ok(inserted)
    }

    pub async fn receive_unshare(&self, sharer: &Account, note: NoteId) -> ServiceResult<bool> {
        let mut tx = self.repo.begin().await?;
        let removed = tx.delete_share(sharer.id, note).await?;
        self.commit(tx, 0).await?;
        Ok(removed)
    }

    /// `blocker` (remote) blocked `blocked` (local): follows both ways end.
    pub async fn receive_block(&self, blocker: &Account, blocked: AccountId) -> ServiceResult<()> {
        if blocker.id == blocked {
            return Err(CoreError::invalid("object", "cannot block oneself").into());
        }
        let mut tx = self.repo.begin().await?;
        tx.insert_block(&Block {
            blocker: blocker.id,
            blocked,
            created_at: self.now(),
        })
        .await?;
        for (a, b) in [(blocker.id, blocked), (blocked, blocker.id)] {
            if let Some(follow) = self.repo.follow_between(a, b).await? {
                tx.delete_follow(follow.id).await?;
            }
        }
        self.commit(tx, 0).await
    }

    pub async fn receive_unblock(
        &self,
        blocker: &Account,
        blocked: AccountId,
    ) -> ServiceResult<()> {
        let mut tx = self.repo.begin().await?;
        tx.delete_block(blocker.id, blocked).await?;
        self.commit(tx, 0).await
    }
}
