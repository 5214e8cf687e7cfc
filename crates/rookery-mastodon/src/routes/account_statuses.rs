//! `GET /api/v1/accounts/:id/statuses` with Mastodon's filters: `pinned`,
//! `exclude_replies`, `only_media`, `exclude_reblogs` and `tagged`.

use axum::extract::{Path, RawQuery, State};
use rookery_core::{AccountId, Id, Note, Page};

use super::accounts::parse_id;
use super::listing::{listing, status_values, Listing};
use super::params::Params;
use crate::auth::MaybeUser;
use crate::error::ApiError;
use crate::state::ApiState;

/// How many store pages one filtered request reads at most while filling its page: a
/// bound on the work an account with few matching notes can cause.
const MAX_ROUNDS: usize = 5;

struct Filters {
    exclude_replies: bool,
    only_media: bool,
    tagged: Option<String>,
}

impl Filters {
    fn keep(&self, note: &Note) -> bool {
        // A reply to oneself continues a thread and stays, as in Mastodon.
        let foreign_reply =
            note.in_reply_to.is_some() && note.in_reply_to_account != Some(note.author);
        let dropped = (self.exclude_replies && foreign_reply)
            || (self.only_media && note.attachments.is_empty())
            || self
                .tagged
                .as_ref()
                .is_some_and(|tag| !note.tags.iter().any(|t| t == tag));
        !dropped
    }

    fn any(&self) -> bool {
        self.exclude_replies || self.only_media || self.tagged.is_some()
    }
}

pub(super) async fn statuses(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    viewer: MaybeUser,
) -> Result<Listing, ApiError> {
    let account = parse_id(&id)?;
    if state.services.repo().account(account).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    let viewer = viewer.0.map(|u| u.account);
    let params = Params::from_query(raw.as_deref())?;
    let path = format!("/api/v1/accounts/{account}/statuses");
    let page = Page::from_query(
        params.get("max_id"),
        params.get("since_id"),
        params.get("min_id"),
        params.get("limit"),
    )
    .map_err(|e| ApiError::Invalid(e.to_string()))?;
    let filters = Filters {
        exclude_replies: params.flag("exclude_replies"),
        only_media: params.flag("only_media"),
        tagged: params
            .get("tagged")
            .and_then(|t| rookery_core::normalize_tags([t]).into_iter().next()),
    };
    let notes = if params.flag("pinned") {
        pinned(&state, viewer, account, &page).await?
    } else {
        // Shares are not listed on account timelines yet, so `exclude_reblogs` has
        // nothing to remove.
        filtered(&state, viewer, account, page, &filters).await?
    };
    let items = status_values(&state, &notes, viewer).await?;
    let ids: Vec<String> = notes.iter().map(|n| n.id.to_string()).collect();
    Ok(listing(&state, &path, &ids, items))
}

/// The pinned notes `viewer` may see, most recently pinned first.
async fn pinned(
    state: &ApiState,
    viewer: Option<AccountId>,
    account: AccountId,
    page: &Page,
) -> Result<Vec<Note>, ApiError> {
    let mut notes = Vec::new();
    for id in state.personal.pinned(account).await? {
        if !page.contains(id.0) {
            continue;
        }
        if let Some(note) = state.services.repo().note(id).await? {
            if state.services.may_view(viewer, &note).await? {
                notes.push(note);
            }
        }
    }
    notes.truncate(page.limit as usize);
    Ok(notes)
}

/// The account timeline with `filters`, reading further pages until `page.limit` notes
/// pass or the timeline ends (at most [`MAX_ROUNDS`] reads).
async fn filtered(
    state: &ApiState,
    viewer: Option<AccountId>,
    account: AccountId,
    mut page: Page,
    filters: &Filters,
) -> Result<Vec<Note>, ApiError> {
    let limit = page.limit as usize;
    let mut kept: Vec<Note> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let batch = state
            .services
            .account_timeline(viewer, account, &page)
            .await?;
        let Some((newest, oldest)) = batch
            .first()
            .zip(batch.last())
            .map(|(n, o)| (n.id.0, o.id.0))
        else {
            break;
        };
        let full = batch.len() == limit;
        kept.extend(batch.into_iter().filter(|n| filters.keep(n)));
        if kept.len() >= limit || !filters.any() || !full {
            break;
        }
        // Move on past this batch: older for `max_id` paging, newer for `min_id`.
        page = next_page(page, newest, oldest);
    }
    kept.sort_unstable_by_key(|n| std::cmp::Reverse(n.id));
    if page.oldest_first() {
        // `min_id` pages are the notes right after it: keep the oldest ones.
        let skip = kept.len().saturating_sub(limit);
        kept.drain(..skip);
    } else {
        kept.truncate(limit);
    }
    Ok(kept)
}

fn next_page(page: Page, newest: Id, oldest: Id) -> Page {
    if page.oldest_first() {
        Page {
            min_id: Some(newest),
            ..page
        }
    } else {
        Page {
            max_id: Some(oldest),
            ..page
        }
    }
}
