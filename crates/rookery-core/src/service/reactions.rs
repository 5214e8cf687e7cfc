//! Emoji reactions (versia.md §10.9) by local accounts and from remote servers, and
//! remote dislikes (§10.6), which replace a like by the same account and vice versa.

use crate::audience::like_audience;
use crate::id::{AccountId, DislikeId, NoteId, ReactionId};
use crate::ports::{Event, InteractionEvent};
use crate::reaction::{check_reaction_content, Dislike, Reaction};
use crate::{Account, Note};

use super::error::{forbidden, not_found, ServiceResult};
use super::Services;

impl Services {
    /// Reacts to a note with `content` (an emoji or `:shortcode:`, at most 256
    /// characters). Idempotent; the note's author's server is told (§9.2).
    pub async fn react(
        &self,
        account: AccountId,
        note: NoteId,
        content: &str,
    ) -> ServiceResult<Reaction> {
        check_reaction_content(content)?;
        let reactor = self.local_account(account).await?;
        let (note, author) = self.visible_note(reactor.id, note).await?;
        if let Some(existing) = self
            .repo
            .reaction_between(reactor.id, note.id, content)
            .await?
        {
            return Ok(existing);
        }
        let reaction = Reaction {
            id: ReactionId(self.new_id()),
            account: reactor.id,
            note: note.id,
            content: content.to_owned(),
            uri: None,
            created_at: self.now(),
        };
        let mut tx = self.repo.begin().await?;
        tx.insert_reaction(&reaction).await?;
        let event = Event::Reacted(self.reaction_event(&reaction, &reactor, &note, &author));
        let audience = like_audience(&author, &self.local_domain);
        let queued = self.enqueue(tx.as_mut(), &event, &audience).await?;
        self.commit(tx, queued).await?;
        Ok(reaction)
    }

    /// Takes a reaction back (a `Delete` of it, §10.9). Idempotent.
    pub async fn unreact(
        &self,
        account: AccountId,
        note: NoteId,
        content: &str,
    ) -> ServiceResult<()> {
        let reactor = self.local_account(account).await?;
        let Some(reaction) = self
            .repo
            .reaction_between(reactor.id, note, content)
            .await?
        else {
            return Ok(());
        };
        let (note, author) = self.note_with_author(note).await?;
        let mut tx = self.repo.begin().await?;
        tx.delete_reaction(reaction.id).await?;
        let event = Event::Unreacted(self.reaction_event(&reaction, &reactor, &note, &author));
        let audience = like_audience(&author, &self.local_domain);
        let queued = self.enqueue(tx.as_mut(), &event, &audience).await?;
        self.commit(tx, queued).await
    }

    fn reaction_event<'a>(
        &self,
        reaction: &'a Reaction,
        actor: &'a Account,
        note: &'a Note,
        note_author: &'a Account,
    ) -> InteractionEvent<'a, Reaction> {
        InteractionEvent {
            record: reaction,
            actor,
            note,
            note_author,
        }
    }

    /// `reactor` (remote) reacted to a note we store; `uri` is the Reaction's id.
    pub async fn receive_reaction(
        &self,
        reactor: &Account,
        note: NoteId,
        content: &str,
        uri: &str,
    ) -> ServiceResult<bool> {
        check_reaction_content(content)?;
        let note = self.remote_interaction_target(reactor, note).await?;
        let reaction = Reaction {
            id: ReactionId(self.new_id()),
            account: reactor.id,
            note: note.id,
            content: content.to_owned(),
            uri: Some(uri.to_owned()),
            created_at: self.now(),
        };
        let mut tx = self.repo.begin().await?;
        let inserted = tx.insert_reaction(&reaction).await?;
        self.commit(tx, 0).await?;
        Ok(inserted)
    }

    /// `reactor` (remote) deleted its reaction `uri`; only its own (§8.5).
    pub async fn receive_unreaction(&self, reactor: &Account, uri: &str) -> ServiceResult<bool> {
        let Some(reaction) = self.repo.reaction_by_uri(uri).await? else {
            return Ok(false);
        };
        if reaction.account != reactor.id {
            return Err(forbidden("only its author may delete a reaction"));
        }
        let mut tx = self.repo.begin().await?;
        let removed = tx.delete_reaction(reaction.id).await?;
        self.commit(tx, 0).await?;
        Ok(removed)
    }

    /// `disliker` (remote) disliked a note we store: it replaces their like (§10.6).
    pub async fn receive_dislike(
        &self,
        disliker: &Account,
        note: NoteId,
        uri: &str,
    ) -> ServiceResult<bool> {
        let note = self.remote_interaction_target(disliker, note).await?;
        let dislike = Dislike {
            id: DislikeId(self.new_id()),
            account: disliker.id,
            note: note.id,
            uri: Some(uri.to_owned()),
            created_at: self.now(),
        };
        let mut tx = self.repo.begin().await?;
        tx.delete_like(disliker.id, note.id).await?;
        let inserted = tx.insert_dislike(&dislike).await?;
        self.commit(tx, 0).await?;
        Ok(inserted)
    }

    /// `disliker` (remote) deleted its dislike `uri`; only its own (§8.5).
    pub async fn receive_undislike(&self, disliker: &Account, uri: &str) -> ServiceResult<bool> {
        let Some(dislike) = self.repo.dislike_by_uri(uri).await? else {
            return Ok(false);
        };
        if dislike.account != disliker.id {
            return Err(forbidden("only its author may delete a dislike"));
        }
        let mut tx = self.repo.begin().await?;
        let removed = tx.delete_dislike(dislike.account, dislike.note).await?;
        self.commit(tx, 0).await?;
        Ok(removed)
    }

    /// A stored note a remote account may interact with (it may see it); 404 otherwise.
    async fn remote_interaction_target(
        &self,
        actor: &Account,
        note: NoteId,
    ) -> ServiceResult<Note> {
        if actor.is_local() {
            return Err(forbidden("a remote server cannot speak for local accounts"));
        }
        let note = self
            .repo
            .note(note)
            .await?
            .ok_or_else(|| not_found("note"))?;
        if !self.may_view(Some(actor.id), &note).await? {
            return Err(not_found("note"));
        }
        Ok(note)
    }
}
