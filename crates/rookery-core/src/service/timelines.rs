//! Reading timelines: the store proposes candidates, core's timeline rules decide.

use crate::id::AccountId;
use crate::notification::Notification;
use crate::page::Page;
use crate::ports::ViewerTies;
use crate::timeline::{enters_timeline, EntryFacts, Timeline, TimelineEntry};
use crate::visibility::Viewer;
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
        // The viewer's ties to every author and reply target of the page, read at once.
        let mut involved: Vec<AccountId> = candidates
            .iter()
            .flat_map(|n| std::iter::once(n.author).chain(n.in_reply_to_account))
            .collect();
        involved.sort_by_key(|a| a.as_i64());
        involved.dedup();
        let ties = match viewer {
            Some(viewer) => self.repo.viewer_ties(viewer, &involved).await?,
            None => ViewerTies {
                accounts: self
                    .repo
                    .accounts(&involved)
                    .await?
                    .into_iter()
                    .map(|a| (a.id, a))
                    .collect(),
                ..ViewerTies::default()
            },
        };
        let viewer_ref = viewer.map(Viewer::new);
        let kept = candidates
            .into_iter()
            .filter(|note| {
                let facts = entry_facts(&ties, viewer, note);
                enters_timeline(
                    timeline,
                    viewer_ref.as_ref(),
                    TimelineEntry::Note(note),
                    &facts,
                )
            })
            .collect();
        Ok(kept)
    }
}

/// What the timeline rules need about `note`, from the page's ties (a missing author
/// leaves everything at "strangers").
fn entry_facts(ties: &ViewerTies, viewer: Option<AccountId>, note: &Note) -> EntryFacts {
    let mut facts = EntryFacts::default();
    if let Some(author) = ties.accounts.get(&note.author) {
        let is_viewer = viewer == Some(note.author);
        facts.author_is_local = author.is_local();
        facts.viewer_follows_author = viewer.is_some() && ties.follows.contains(&note.author);
        if !is_viewer {
            facts.author = ties
                .relations
                .get(&note.author)
                .copied()
                .unwrap_or_default();
        }
    }
    if let (Some(viewer), Some(target)) = (viewer, note.in_reply_to_account) {
        facts.viewer_follows_reply_target = target == viewer || ties.follows.contains(&target);
    }
    facts
}
