//! Local authoring: posting and deleting notes.

use crate::audience::{note_audience, Audience};
use crate::error::CoreError;
use crate::hashtag::normalize_tags;
use crate::id::{AccountId, NoteId, NotificationId};
use crate::media::{LocalMedia, MediaId};
use crate::names::Handle;
use crate::note::{Note, Visibility};
use crate::notification::Notification;
use crate::notify::{note_notifications, NotificationIntent};
use crate::poll::PollDraft;
use crate::ports::{Event, NoteContext, WriteTx};
use crate::Account;

use super::error::{forbidden, not_found, ServiceResult};
use super::Services;

/// Longest note we accept from a local user, in characters (Mastodon's default is 500;
/// we are generous, remote servers accept far more).
pub const MAX_NOTE_CHARS: usize = 5000;

/// What a local user wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub text: String,
    pub content_warning: String,
    pub sensitive: bool,
    pub language: Option<String>,
    pub visibility: Visibility,
    pub in_reply_to: Option<NoteId>,
}

impl Draft {
    pub fn public(text: impl Into<String>) -> Self {
        Draft {
            text: text.into(),
            content_warning: String::new(),
            sensitive: false,
            language: None,
            visibility: Visibility::Public,
            in_reply_to: None,
        }
    }
}

impl Services {
    /// Posts a note for local `author`: resolves the mentions it types (WebFinger for
    /// remote ones), renders it, stores it with its notifications and one delivery per
    /// target inbox, all in one transaction.
    pub async fn post_note(&self, author: AccountId, draft: Draft) -> ServiceResult<NoteContext> {
        self.post_note_with_media(author, draft, &[]).await
    }

    /// [`Services::post_note`] with the author's uploads `media` attached. They must be
    /// the author's and unattached, else nothing is stored (422); they are marked as
    /// attached in the note's transaction. With media the text may be empty.
    pub async fn post_note_with_media(
        &self,
        author: AccountId,
        draft: Draft,
        media: &[MediaId],
    ) -> ServiceResult<NoteContext> {
        self.compose_note(author, draft, media, None).await
    }

    /// Posting, with uploads and a poll (see `polls.rs`), both optional.
    pub(crate) async fn compose_note(
        &self,
        author: AccountId,
        draft: Draft,
        media: &[MediaId],
        poll: Option<PollDraft>,
    ) -> ServiceResult<NoteContext> {
        let author = self.local_account(author).await?;
        let chars = draft.text.chars().count();
        if draft.text.trim().is_empty() && media.is_empty() {
            return Err(CoreError::invalid("text", "must not be empty").into());
        }
        if chars > MAX_NOTE_CHARS {
            return Err(
                CoreError::invalid("text", format!("is longer than {MAX_NOTE_CHARS}")).into(),
            );
        }
        let uploads = self.uploads_for_note(author.id, media).await?;
        let in_reply_to = match draft.in_reply_to {
            Some(id) => {
                let parent = self.repo.note(id).await?.ok_or_else(|| not_found("note"))?;
                if !self.may_view(Some(author.id), &parent).await? {
                    return Err(not_found("note"));
                }
                let parent_author = self
                    .repo
                    .account(parent.author)
                    .await?
                    .ok_or_else(|| not_found("account"))?;
                Some((parent, parent_author))
            }
            None => None,
        };
        let typed = self.resolve_mentions(&draft.text).await?;
        let mut mentioned: Vec<Account> = Vec::new();
        for (_, account) in &typed {
            if account.id != author.id && !mentioned.iter().any(|m| m.id == account.id) {
                mentioned.push(account.clone());
            }
        }
        let tags = normalize_tags(self.text.hashtags(&draft.text));
        let now = self.now();
        let note = Note {
            id: NoteId(self.ids.next(now)),
            author: author.id,
            uri: None,
            url: None,
            content_html: self.text.render(&draft.text, &typed),
            source: draft.text,
            content_warning: draft.content_warning,
            sensitive: draft.sensitive,
            language: draft.language,
            in_reply_to: in_reply_to.as_ref().map(|(n, _)| n.id),
            in_reply_to_account: in_reply_to.as_ref().map(|(_, a)| a.id),
            mentions: mentioned.iter().map(|m| m.id).collect(),
            attachments: uploads.iter().map(LocalMedia::attachment).collect(),
            tags,
            visibility: draft.visibility,
            created_at: now,
            edited_at: None,
        };
        let poll = poll.map(|p| p.into_poll(note.id, now)).transpose()?;
        let context = NoteContext {
            note,
            author,
            mentioned,
            in_reply_to,
            poll,
        };
        let audience = self.audience_of(&context).await?;
        let intents = self
            .mention_notifications(&context.note, &context.author)
            .await?;
        let mut tx = self.repo.begin().await?;
        tx.insert_note(&context.note).await?;
        if let Some(poll) = &context.poll {
            tx.upsert_poll(poll).await?;
        }
        self.attach_uploads(tx.as_mut(), context.note.id, context.author.id, &uploads)
            .await?;
        self.store_notifications(tx.as_mut(), &intents).await?;
        let queued = self
            .enqueue(tx.as_mut(), &Event::NoteCreated(&context), &audience)
            .await?;
        self.commit(tx, queued).await?;
        Ok(context)
    }

    /// Deletes a local note; only its author may. Everyone who received it is told.
    pub async fn delete_note(&self, actor: AccountId, note: NoteId) -> ServiceResult<()> {
        let note = self
            .repo
            .note(note)
            .await?
            .ok_or_else(|| not_found("note"))?;
        if note.author != actor {
            return Err(forbidden("only the author may delete a note"));
        }
        let context = self.note_context(note).await?;
        let audience = self.audience_of(&context).await?;
        let mut tx = self.repo.begin().await?;
        tx.delete_note(context.note.id).await?;
        // Its URL answers 410 Gone from now on (activitypub.md §5.9).
        tx.insert_tombstone(&context.note.tombstone_key(), self.now())
            .await?;
        let queued = self
            .enqueue(tx.as_mut(), &Event::NoteDeleted(&context), &audience)
            .await?;
        self.commit(tx, queued).await
    }

    /// Who must receive `context`'s note: its author's followers (unless direct), the
    /// mentioned accounts and the author of the note it answers.
    pub(crate) async fn audience_of(&self, context: &NoteContext) -> ServiceResult<Audience> {
        let followers = if context.note.visibility == Visibility::Direct {
            Vec::new()
        } else {
            self.repo.all_followers(context.author.id).await?
        };
        Ok(note_audience(
            &context.note,
            &context.author,
            &followers,
            &context.mentioned,
            context.in_reply_to.as_ref().map(|(_, a)| a),
            &self.local_domain,
        ))
    }

    /// Mention notifications for the local accounts a note mentions.
    pub(crate) async fn mention_notifications(
        &self,
        note: &Note,
        author: &Account,
    ) -> ServiceResult<Vec<NotificationIntent>> {
        // The mentioned local accounts and their ties to the author, in one read (the
        // port leaves remote ones out).
        let candidates = self
            .repo
            .notification_candidates(&note.mentions, author)
            .await?;
        Ok(note_notifications(note, &candidates))
    }

    pub(crate) async fn store_notifications(
        &self,
        tx: &mut dyn WriteTx,
        intents: &[NotificationIntent],
    ) -> ServiceResult<()> {
        for notification in self.notifications_for(intents) {
            tx.insert_notification(&notification).await?;
        }
        Ok(())
    }

    /// The notifications `intents` stand for, with fresh ids.
    pub(crate) fn notifications_for(&self, intents: &[NotificationIntent]) -> Vec<Notification> {
        intents
            .iter()
            .map(|intent| Notification {
                id: NotificationId(self.new_id()),
                recipient: intent.recipient,
                from: intent.from,
                kind: intent.kind,
                note: intent.note,
                created_at: self.now(),
            })
            .collect()
    }

    /// The mentions typed in `text` that name an existing account, local or remote
    /// (resolved over federation when unknown). Unknown names are skipped: they stay
    /// plain text.
    pub(super) async fn resolve_mentions(
        &self,
        text: &str,
    ) -> ServiceResult<Vec<(String, Account)>> {
        let mut found = Vec::new();
        for typed in self.text.mentions(text) {
            let bare = typed.trim_start_matches('@');
            let account = match bare.split_once('@') {
                None => self.repo.local_account_by_username(bare).await?,
                Some((user, domain)) if domain.eq_ignore_ascii_case(self.local_domain.as_str()) => {
                    self.repo.local_account_by_username(user).await?
                }
                Some(_) => match Handle::parse(bare) {
                    Ok(handle) => self.resolve_handle(&handle).await?,
                    Err(_) => None,
                },
            };
            if let Some(account) = account {
                found.push((typed, account));
            }
        }
        Ok(found)
    }

    /// A remote account by handle: stored already, or found over federation.
    pub async fn resolve_handle(&self, handle: &Handle) -> ServiceResult<Option<Account>> {
        if handle.domain == self.local_domain {
            return Ok(self
                .repo
                .local_account_by_username(&handle.username)
                .await?);
        }
        // A suspended domain's accounts are not looked up, stored or fetched.
        if self.instance_blocks.is_blocked(handle.domain.as_str()) {
            return Ok(None);
        }
        if let Some(known) = self
            .repo
            .remote_account_by_handle(&handle.username, handle.domain.as_str())
            .await?
        {
            return Ok(Some(known));
        }
        match self.federation.resolve_handle(handle).await {
            Ok(found) => Ok(found),
            Err(error) => {
                // A peer that is down must not stop the post: the name stays plain text.
                tracing::warn!(%error, %handle, "resolving a remote account failed");
                Ok(None)
            }
        }
    }

    pub(crate) async fn local_account(&self, id: AccountId) -> ServiceResult<Account> {
        match self.repo.account(id).await? {
            Some(account) if account.is_local() => Ok(account),
            Some(_) => Err(forbidden("not a local account")),
            None => Err(not_found("account")),
        }
    }
}
