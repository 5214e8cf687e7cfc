//! Loading what the rules need to know about two accounts: blocks, mutes, domain
//! blocks and follows, and the context a protocol needs to render a note.

use crate::id::{AccountId, NoteId};
use crate::notify::Candidate;
use crate::ports::NoteContext;
use crate::social::FollowState;
use crate::visibility::{may_view, Relations, Viewer};
use crate::{Account, Note};

use super::error::{not_found, ServiceResult};
use super::Services;

impl Services {
    /// How `viewer` and `author` relate, as the visibility rules need it.
    pub(crate) async fn relations(
        &self,
        viewer: AccountId,
        author: &Account,
    ) -> ServiceResult<Relations> {
        if viewer == author.id {
            return Ok(Relations::default());
        }
        Ok(self
            .repo
            .relations_between(viewer, author.id, author.domain.as_ref())
            .await?)
    }

    /// Whether `follower` has an accepted follow of `followee`.
    pub(crate) async fn is_following(
        &self,
        follower: AccountId,
        followee: AccountId,
    ) -> ServiceResult<bool> {
        Ok(self
            .repo
            .follow_between(follower, followee)
            .await?
            .is_some_and(|f| f.state == FollowState::Accepted))
    }

    /// A stored note and its author; 404 when either is missing.
    pub(crate) async fn note_with_author(&self, id: NoteId) -> ServiceResult<(Note, Account)> {
        let note = self.repo.note(id).await?.ok_or_else(|| not_found("note"))?;
        let author = self
            .repo
            .account(note.author)
            .await?
            .ok_or_else(|| not_found("account"))?;
        Ok((note, author))
    }

    /// Whether `viewer` (or an anonymous visitor) may see `note`.
    pub async fn may_view(&self, viewer: Option<AccountId>, note: &Note) -> ServiceResult<bool> {
        let Some(viewer) = viewer else {
            return Ok(may_view(None, note, false, Relations::default()));
        };
        if viewer == note.author {
            return Ok(true);
        }
        let author = self
            .repo
            .account(note.author)
            .await?
            .ok_or_else(|| not_found("author"))?;
        let relations = self.relations(viewer, &author).await?;
        let follows = self.is_following(viewer, note.author).await?;
        Ok(may_view(
            Some(&Viewer::new(viewer)),
            note,
            follows,
            relations,
        ))
    }

    /// `account` as a possible recipient of a notification about something `actor` did.
    pub(crate) async fn candidate(
        &self,
        account: &Account,
        actor: &Account,
    ) -> ServiceResult<Candidate> {
        if !account.is_local() {
            return Ok(Candidate {
                is_local: false,
                ..Candidate::local(account.id)
            });
        }
        // One read for the relations and the follow. An account gone meanwhile is a
        // stranger with no ties.
        Ok(self
            .repo
            .notification_candidates(&[account.id], actor)
            .await?
            .pop()
            .unwrap_or_else(|| Candidate::local(account.id)))
    }

    /// The note with its author, mentioned accounts and the note it answers.
    pub async fn note_context(&self, note: Note) -> ServiceResult<NoteContext> {
        let author = self
            .repo
            .account(note.author)
            .await?
            .ok_or_else(|| not_found("author"))?;
        let mentioned = self.repo.accounts(&note.mentions).await?;
        let in_reply_to = match note.in_reply_to {
            Some(parent_id) => match self.repo.note(parent_id).await? {
                Some(parent) => self
                    .repo
                    .account(parent.author)
                    .await?
                    .map(|parent_author| (parent, parent_author)),
                None => None,
            },
            None => None,
        };
        let poll = self.repo.poll(note.id).await?;
        Ok(NoteContext {
            note,
            author,
            mentioned,
            in_reply_to,
            poll,
        })
    }
}
