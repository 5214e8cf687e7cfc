//! Likes, shares, blocks and mutes by local accounts.

use crate::audience::{account_audience, like_audience, share_audience};
use crate::id::{AccountId, LikeId, NoteId, ShareId};
use crate::notify::{favourite_notification, reblog_notification};
use crate::ports::{Event, InteractionEvent};
use crate::social::{Block, Like, Mute, Share};
use crate::{Account, Note};

use super::error::{forbidden, not_found, ServiceResult};
use super::Services;

impl Services {
    /// A note `viewer` may see, with its author; 404 otherwise (never reveal a hidden
    /// note's existence).
    pub(super) async fn visible_note(
        &self,
        viewer: AccountId,
        id: NoteId,
    ) -> ServiceResult<(Note, Account)> {
        let (note, author) = self.note_with_author(id).await?;
        if !self.may_view(Some(viewer), &note).await? {
            return Err(not_found("note"));
        }
        Ok((note, author))
    }

    /// Likes (favourites) a note. Idempotent.
    pub async fn like(&self, account: AccountId, note: NoteId) -> ServiceResult<Like> {
        let liker = self.local_account(account).await?;
        let (note, author) = self.visible_note(liker.id, note).await?;
        if let Some(existing) = self.repo.like_between(liker.id, note.id).await? {
            return Ok(existing);
        }
        let like = Like {
            id: LikeId(self.new_id()),
            account: liker.id,
            note: note.id,
            created_at: self.now(),
        };
        let mut tx = self.repo.begin().await?;
        tx.insert_like(&like).await?;
        let candidate = self.candidate(&author, &liker).await?;
        let intents = favourite_notification(&note, &candidate, liker.id);
        self.store_notifications(tx.as_mut(), intents.as_slice())
            .await?;
        let event = Event::Liked(InteractionEvent {
            record: &like,
            actor: &liker,
            note: &note,
            note_author: &author,
        });
        let queued = self
            .enqueue(
                tx.as_mut(),
                &event,
                &like_audience(&author, &self.local_domain),
            )
            .await?;
        self.commit(tx, queued).await?;
        Ok(like)
    }

    /// Takes a like back. Idempotent.
    pub async fn unlike(&self, account: AccountId, note: NoteId) -> ServiceResult<()> {
        let liker = self.local_account(account).await?;
        let Some(like) = self.repo.like_between(liker.id, note).await? else {
            return Ok(());
        };
        let (note, author) = self.note_with_author(note).await?;
        let mut tx = self.repo.begin().await?;
        tx.delete_like(liker.id, note.id).await?;
        let event = Event::Unliked(InteractionEvent {
            record: &like,
            actor: &liker,
            note: &note,
            note_author: &author,
        });
        let queued = self
            .enqueue(
                tx.as_mut(),
                &event,
                &like_audience(&author, &self.local_domain),
            )
            .await?;
        self.commit(tx, queued).await
    }

    /// Shares (boosts) a note to the sharer's followers. Only public and unlisted notes
    /// can be shared, except by their author (Mastodon's rule).
    pub async fn share(&self, account: AccountId, note: NoteId) -> ServiceResult<Share> {
        let sharer = self.local_account(account).await?;
        let (note, author) = self.visible_note(sharer.id, note).await?;
        if !note.visibility.is_world_readable() && note.author != sharer.id {
            return Err(forbidden("only public and unlisted notes can be shared"));
        }
        if let Some(existing) = self.repo.share_between(sharer.id, note.id).await? {
            return Ok(existing);
        }
        let share = Share {
            id: ShareId(self.new_id()),
            account: sharer.id,
            note: note.id,
            created_at: self.now(),
        };
        let followers = self.repo.all_followers(sharer.id).await?;
        let audience = share_audience(&sharer, &followers, &author, &self.local_domain);
        let mut tx = self.repo.begin().await?;
        tx.insert_share(&share).await?;
        let candidate = self.candidate(&author, &sharer).await?;
        let intents = reblog_notification(&note, &candidate, sharer.id);
        self.store_notifications(tx.as_mut(), intents.as_slice())
            .await?;
        let event = Event::Shared(InteractionEvent {
            record: &share,
            actor: &sharer,
            note: &note,
            note_author: &author,
        });
        let queued = self.enqueue(tx.as_mut(), &event, &audience).await?;
        self.commit(tx, queued).await?;
        Ok(share)
    }

    /// Takes a share back. Idempotent.
    pub async fn unshare(&self, account: AccountId, note: NoteId) -> ServiceResult<()> {
        let sharer = self.local_account(account).await?;
        let Some(share) = self.repo.share_between(sharer.id, note).await? else {
            return Ok(());
        };
        let (note, author) = self.note_with_author(note).await?;
        let followers = self.repo.all_followers(sharer.id).await?;
        let audience = share_audience(&sharer, &followers, &author, &self.local_domain);
        let mut tx = self.repo.begin().await?;
        tx.delete_share(sharer.id, note.id).await?;
        let event = Event::Unshared(InteractionEvent {
            record: &share,
            actor: &sharer,
            note: &note,
            note_author: &author,
        });
        let queued = self.enqueue(tx.as_mut(), &event, &audience).await?;
        self.commit(tx, queued).await
    }

    /// Blocks an account: severs follows both ways and tells a remote account's server
    /// (Mastodon sends Block; peers rely on it, activitypub.md §5.10).
    pub async fn block(&self, blocker: AccountId, blocked: AccountId) -> ServiceResult<()> {
        let blocker = self.local_account(blocker).await?;
        Self::check_not_self(blocker.id, blocked)?;
        let blocked = self
            .repo
            .account(blocked)
            .await?
            .ok_or_else(|| not_found("account"))?;
        let mut tx = self.repo.begin().await?;
        let inserted = tx
            .insert_block(&Block {
                blocker: blocker.id,
                blocked: blocked.id,
                created_at: self.now(),
            })
            .await?;
        for (a, b) in [(blocker.id, blocked.id), (blocked.id, blocker.id)] {
            if let Some(follow) = self.repo.follow_between(a, b).await? {
                tx.delete_follow(follow.id).await?;
            }
        }
        let mut queued = 0;
        if inserted {
            let event = Event::Blocked {
                blocker: &blocker,
                blocked: &blocked,
            };
            let audience = account_audience(&blocked, &self.local_domain);
            queued = self.enqueue(tx.as_mut(), &event, &audience).await?;
        }
        self.commit(tx, queued).await
    }

    pub async fn unblock(&self, blocker: AccountId, blocked: AccountId) -> ServiceResult<()> {
        let blocker = self.local_account(blocker).await?;
        let Some(blocked) = self.repo.account(blocked).await? else {
            return Ok(());
        };
        let mut tx = self.repo.begin().await?;
        let mut queued = 0;
        if tx.delete_block(blocker.id, blocked.id).await? {
            let event = Event::Unblocked {
                blocker: &blocker,
                blocked: &blocked,
            };
            let audience = account_audience(&blocked, &self.local_domain);
            queued = self.enqueue(tx.as_mut(), &event, &audience).await?;
        }
        self.commit(tx, queued).await
    }

    /// Mutes an account. Mutes never leave this server (seed 002, "What Stays Local").
    pub async fn mute(
        &self,
        muter: AccountId,
        muted: AccountId,
        notifications: bool,
    ) -> ServiceResult<()> {
        let muter = self.local_account(muter).await?;
        Self::check_not_self(muter.id, muted)?;
        self.repo
            .account(muted)
            .await?
            .ok_or_else(|| not_found("account"))?;
        let mut tx = self.repo.begin().await?;
        tx.insert_mute(&Mute {
            muter: muter.id,
            muted,
            notifications,
            created_at: self.now(),
        })
        .await?;
        self.commit(tx, 0).await
    }

    pub async fn unmute(&self, muter: AccountId, muted: AccountId) -> ServiceResult<()> {
        let mut tx = self.repo.begin().await?;
        tx.delete_mute(muter, muted).await?;
        self.commit(tx, 0).await
    }
}
