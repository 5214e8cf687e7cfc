//! Polls: posting one, voting (on a local poll, counted here; on a remote one, sent to
//! its author's server), and receiving votes and new counts. ActivityPub: a vote is a
//! `Create(Note{name})` to the author, new counts an `Update(Question)` (activitypub.md
//! §5.3, §5.9); Versia: a `pub.versia:polls/Vote`, new counts the Note sent again
//! (versia.md §10.8).

use crate::audience::{account_audience, note_audience};
use crate::error::CoreError;
use crate::id::{AccountId, NoteId};
use crate::media::MediaId;
use crate::poll::{IncomingPoll, Poll, PollDraft, PollVote};
use crate::ports::{Event, NoteContext, VoteEvent};
use crate::Account;

use super::compose::Draft;
use super::error::{not_found, ServiceResult};
use super::Services;

impl Services {
    /// [`Services::post_note_with_media`] with a poll; its limits are Mastodon's
    /// ([`PollDraft::into_poll`]). A poll cannot go with uploads (as in Mastodon).
    pub async fn post_note_with_poll(
        &self,
        author: AccountId,
        draft: Draft,
        media: &[MediaId],
        poll: PollDraft,
    ) -> ServiceResult<NoteContext> {
        if !media.is_empty() {
            return Err(CoreError::invalid("poll", "cannot be combined with media").into());
        }
        self.compose_note(author, draft, media, Some(poll)).await
    }

    /// `voter` (local) votes `choices` in the poll of `note_id`. Refused (422) on a
    /// closed poll, one's own poll, a second vote and a choice that does not exist.
    /// Returns the poll as the voter now sees it.
    pub async fn vote(
        &self,
        voter: AccountId,
        note_id: NoteId,
        choices: &[u32],
    ) -> ServiceResult<Poll> {
        let voter = self.local_account(voter).await?;
        let (note, author) = self.note_with_author(note_id).await?;
        if !self.may_view(Some(voter.id), &note).await? {
            return Err(not_found("note"));
        }
        let poll = self
            .repo
            .poll(note.id)
            .await?
            .ok_or_else(|| not_found("poll"))?;
        if note.author == voter.id {
            return Err(CoreError::invalid("poll", "is your own").into());
        }
        if !self.repo.poll_choices(note.id, voter.id).await?.is_empty() {
            return Err(CoreError::invalid("poll", "has your vote already").into());
        }
        poll.check_ballot(choices, self.now())?;
        let votes: Vec<PollVote> = choices
            .iter()
            .map(|&choice| PollVote {
                note: note.id,
                account: voter.id,
                choice,
                uri: None,
                created_at: self.now(),
            })
            .collect();
        if author.is_local() {
            return self.count_votes(&votes).await;
        }
        // A remote poll: remembered here (`voted`, `own_votes`), counted at once as
        // Mastodon shows it, and sent to the author's server, which counts it for real.
        let mut shown = poll.clone();
        for vote in &votes {
            if let Some(option) = shown.options.get_mut(vote.choice as usize) {
                option.votes += 1;
            }
        }
        shown.voters_count += 1;
        let audience = account_audience(&author, &self.local_domain);
        let mut tx = self.repo.begin().await?;
        tx.upsert_poll(&shown).await?;
        let mut queued = 0;
        for vote in &votes {
            tx.insert_poll_vote(vote).await?;
            let option = poll
                .options
                .get(vote.choice as usize)
                .map_or("", |o| o.title.as_str());
            let event = Event::PollVoted(VoteEvent {
                vote,
                option,
                voter: &voter,
                note: &note,
                note_author: &author,
            });
            queued += self.enqueue(tx.as_mut(), &event, &audience).await?;
        }
        self.commit(tx, queued).await?;
        Ok(shown)
    }

    /// `voter` (remote) chose the option `choice` of the local poll on `note_id`
    /// (`uri` its vote's federation id). A multiple-choice ballot arrives as one
    /// message per option. Refused like a local vote, except that a repeated message
    /// changes nothing.
    pub async fn receive_poll_vote(
        &self,
        voter: &Account,
        note_id: NoteId,
        choice: u32,
        uri: Option<String>,
    ) -> ServiceResult<Poll> {
        let (note, author) = self.note_with_author(note_id).await?;
        if !author.is_local() {
            return Err(not_found("poll"));
        }
        if !self.may_view(Some(voter.id), &note).await? {
            return Err(not_found("note"));
        }
        let poll = self
            .repo
            .poll(note.id)
            .await?
            .ok_or_else(|| not_found("poll"))?;
        if note.author == voter.id {
            return Err(CoreError::invalid("poll", "is your own").into());
        }
        let earlier = self.repo.poll_choices(note.id, voter.id).await?;
        if earlier.contains(&choice) {
            return Ok(poll); // the same vote again
        }
        if !earlier.is_empty() && !poll.multiple {
            return Err(CoreError::invalid("poll", "has this account's vote already").into());
        }
        poll.check_ballot(&[choice], self.now())?;
        let vote = PollVote {
            note: note.id,
            account: voter.id,
            choice,
            uri,
            created_at: self.now(),
        };
        self.count_votes(std::slice::from_ref(&vote)).await
    }

    /// Stores votes on a local poll, recounts it and sends the new counts to everyone
    /// the note reached and to every remote voter.
    async fn count_votes(&self, votes: &[PollVote]) -> ServiceResult<Poll> {
        let Some(first) = votes.first() else {
            return Err(CoreError::invalid("choices", "must not be empty").into());
        };
        let note = self
            .repo
            .note(first.note)
            .await?
            .ok_or_else(|| not_found("note"))?;
        let mut context = self.note_context(note).await?;
        let mut tx = self.repo.begin().await?;
        for vote in votes {
            tx.insert_poll_vote(vote).await?;
        }
        let poll = tx
            .recount_poll(context.note.id, self.now())
            .await?
            .ok_or_else(|| not_found("poll"))?;
        context.poll = Some(poll.clone());
        let voter_ids = self.repo.poll_voters(context.note.id).await?;
        let mut reached = context.mentioned.clone();
        for voter in self.repo.accounts(&voter_ids).await? {
            if !voter.is_local() && !reached.iter().any(|a| a.id == voter.id) {
                reached.push(voter);
            }
        }
        let followers = self.repo.all_followers(context.author.id).await?;
        let audience = note_audience(
            &context.note,
            &context.author,
            &followers,
            &reached,
            context.in_reply_to.as_ref().map(|(_, a)| a),
            &self.local_domain,
        );
        let queued = self
            .enqueue(tx.as_mut(), &Event::NoteUpdated(&context), &audience)
            .await?;
        self.commit(tx, queued).await?;
        Ok(poll)
    }

    /// New counts (or options) of a stored remote poll, from its author's server.
    pub(crate) async fn refresh_remote_poll(
        &self,
        note: NoteId,
        incoming: IncomingPoll,
    ) -> ServiceResult<()> {
        let mut poll = incoming.into_poll(note, self.now());
        if let Some(old) = self.repo.poll(note).await? {
            if old.options == poll.options && old.voters_count == poll.voters_count {
                return Ok(()); // nothing new
            }
            poll.hide_totals = old.hide_totals;
        }
        let mut tx = self.repo.begin().await?;
        tx.upsert_poll(&poll).await?;
        self.commit(tx, 0).await
    }
}
