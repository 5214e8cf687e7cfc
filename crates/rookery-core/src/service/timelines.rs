//! Reading timelines: the store proposes candidates, core's timeline rules decide.

use std::collections::HashMap;

use crate::id::AccountId;
use crate::notification::Notification;
use crate::page::Page;
use crate::timeline::{enters_timeline, EntryFacts, Timeline, TimelineEntry};
use crate::visibility::{Relations, Viewer};
use crate::Note;

use super::error::ServiceResult;
use super::Services;

impl Services {
    /// `owner`'s home timeline, newest first.
    pub async fn home_timeline(&self, owner: AccountId, page: &Page) -> ServiceResult<Vec<Note>> {
        let candidates = self.repo.home_timeline(owner, page).await?;
        self.filter(Timeline::Home { owner }, Some(owner), candidates)
            .await
    }

    /// The local or federated public timeline as `viewer` (or a visitor) sees it.
    pub async fn public_timeline(
        &self,
        viewer: Option<AccountId>,
        local_only: bool,
        page: &Page,
    ) -> ServiceResult<Vec<Note>> {
        let candidates = self.repo.public_timeline(local_only, page).await?;
        let timeline = if local_only {
            Timeline::Local
        } else {
            Timeline::Federated
        };
        self.filter(timeline, viewer, candidates).await
    }

    /// `account`'s notes that `viewer` may see.
    pub async fn account_timeline(
        &self,
        viewer: Option<AccountId>,
        account: AccountId,
        page: &Page,
    ) -> ServiceResult<Vec<Note>> {
        let candidates = self.repo.account_timeline(account, page).await?;
        self.filter(Timeline::Account { account }, viewer, candidates)
            .await
    }

    /// Public notes with hashtag `tag` (`#` and case do not matter), as the federated
    /// timeline's rules let `viewer` see them (activitypub.md §5.4).
    pub async fn tag_timeline(
        &self,
        viewer: Option<AccountId>,
        tag: &str,
        page: &Page,
    ) -> ServiceResult<Vec<Note>> {
        let Some(tag) = crate::normalize_tags([tag]).into_iter().next() else {
            return Ok(Vec::new());
        };
        let candidates = self.repo.tag_timeline(&tag, page).await?;
        self.filter(Timeline::Federated, viewer, candidates).await
    }

    pub async fn notifications(
        &self,
        recipient: AccountId,
        page: &Page,
    ) -> ServiceResult<Vec<Notification>> {
        Ok(self.repo.notifications(recipient, page).await?)
    }

    async fn filter(
        &self,
        timeline: Timeline,
        viewer: Option<AccountId>,
        candidates: Vec<Note>,
    ) -> ServiceResult<Vec<Note>> {
        // One lookup per distinct author, not per note.
        let mut facts_by_author: HashMap<AccountId, EntryFacts> = HashMap::new();
        let mut kept = Vec::with_capacity(candidates.len());
        for note in candidates {
            let facts = match facts_by_author.get(&note.author) {
                Some(facts) => *facts,
                None => {
                    let facts = self.author_facts(viewer, note.author).await?;
                    facts_by_author.insert(note.author, facts);
                    facts
                }
            };
            let mut facts = facts;
            if let (Some(viewer), Some(target)) = (viewer, note.in_reply_to_account) {
                facts.viewer_follows_reply_target =
                    target == viewer || self.is_following(viewer, target).await?;
            }
            let viewer_ref = viewer.map(Viewer::new);
            if enters_timeline(
                timeline,
                viewer_ref.as_ref(),
                TimelineEntry::Note(&note),
                &facts,
            ) {
                kept.push(note);
            }
        }
        Ok(kept)
    }

    async fn author_facts(
        &self,
        viewer: Option<AccountId>,
        author: AccountId,
    ) -> ServiceResult<EntryFacts> {
        let Some(account) = self.repo.account(author).await? else {
            return Ok(EntryFacts::default());
        };
        let (relations, follows) = match viewer {
            Some(viewer) => (
                self.relations(viewer, &account).await?,
                self.is_following(viewer, author).await?,
            ),
            None => (Relations::default(), false),
        };
        Ok(EntryFacts {
            author_is_local: account.is_local(),
            viewer_follows_author: follows,
            author: relations,
            ..EntryFacts::default()
        })
    }
}
