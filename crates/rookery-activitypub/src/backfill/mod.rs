//! Outbox backfill (activitypub.md §7; seed 000 "Outboxes ... backfilling"): when a
//! remote actor is stored for the first time, the first pages of its outbox are read in
//! the background, within a budget, and its public and unlisted notes stored through
//! core's `receive_note`. They get ids from their own dates, so they land in timelines
//! at their date, never on top. `replies` crawls a newly stored note's replies the
//! same way.

mod outbox;
mod queue;
pub mod replies;

use std::sync::{Arc, Weak};

use rookery_core::service::Services;
use rookery_core::Account;
use serde_json::Value;
use tokio::sync::Semaphore;

pub use outbox::{entry, fetched, first_page, page, Entry, First, OutboxPage};
pub use queue::NewAccounts;

use crate::adapter::ActivityPub;
use crate::error::ApError;
use crate::fetch::{same_host, FetchError};
use crate::ingest::ingest_note;
use crate::routes::ApState;
use crate::wire::visibility::infer_object;
use crate::wire::{AnyObject, Collection};

/// Pages read per outbox at most.
pub const MAX_PAGES: usize = 2;
/// Outbox items looked at per outbox at most.
pub const MAX_NOTES: usize = 40;
/// Outboxes read at the same time.
const CONCURRENT: usize = 4;

/// Starts backfilling the accounts `ap` meets from now on. Holds the adapter and the
/// use cases weakly: the task ends with the instance.
pub fn start(ap: &Arc<ActivityPub>, services: &Arc<Services>) {
    let Some(mut met) = ap.actors.new_accounts().take_receiver() else {
        return; // started already
    };
    let (ap, services): (Weak<ActivityPub>, Weak<Services>) =
        (Arc::downgrade(ap), Arc::downgrade(services));
    let permits = Arc::new(Semaphore::new(CONCURRENT));
    tokio::spawn(async move {
        while let Some(account) = met.recv().await {
            let (Some(ap), Some(services)) = (ap.upgrade(), services.upgrade()) else {
                break;
            };
            let Ok(permit) = permits.clone().acquire_owned().await else {
                break;
            };
            tokio::spawn(async move {
                let state = ApState { ap, services };
                match backfill(&state, &account).await {
                    Ok(stored) => {
                        tracing::debug!(actor = %account.acct(), stored, "outbox backfilled")
                    }
                    Err(error) => {
                        tracing::info!(actor = %account.acct(), %error, "outbox backfill failed")
                    }
                }
                drop(permit);
            });
        }
    });
}

/// Reads `account`'s outbox within the budget and stores its public and unlisted
/// notes; returns how many were stored.
pub async fn backfill(state: &ApState, account: &Account) -> Result<usize, ApError> {
    let Some(facts) = account.federation() else {
        return Ok(0);
    };
    let Some(outbox) = facts.outbox.as_deref() else {
        return Ok(0);
    };
    // Only the actor's own server speaks for its posts (§5.0).
    if !same_host(outbox, &facts.uri) {
        return Ok(0);
    }
    let document = collection(state.ap.fetcher.get(outbox).await?)?;
    let mut current = match first_page(&document) {
        First::Page(page) => page,
        First::Link(url) if same_host(&url, &facts.uri) => {
            page(&collection(state.ap.fetcher.get(&url).await?)?)
        }
        First::Link(_) | First::Empty => return Ok(0),
    };
    let mut items = Vec::new();
    let mut pages = 1;
    loop {
        items.append(&mut current.items);
        let next = current.next.take().filter(|n| same_host(n, &facts.uri));
        let Some(next) = next.filter(|_| pages < MAX_PAGES && items.len() < MAX_NOTES) else {
            break;
        };
        current = page(&collection(state.ap.fetcher.get(&next).await?)?);
        pages += 1;
    }
    items.truncate(MAX_NOTES);
    // Outboxes list the newest first; store the oldest first, so a reply to an earlier
    // post of the same outbox finds its parent.
    let mut stored = 0;
    for item in items.iter().rev() {
        match store_entry(state, account, entry(item)).await {
            Ok(true) => stored += 1,
            Ok(false) => {}
            Err(error) => tracing::debug!(%error, "outbox item skipped"),
        }
    }
    Ok(stored)
}

pub(crate) fn collection(value: Value) -> Result<Collection, ApError> {
    serde_json::from_value(value).map_err(|e| ApError::Fetch(FetchError::Parse(e.to_string())))
}

/// Stores one outbox entry when it is a world-readable note of `account`'s, fetching it
/// from the account's server when only its id is listed (at most twice: an activity,
/// then its note).
async fn store_entry(state: &ApState, account: &Account, entry: Entry) -> Result<bool, ApError> {
    let author_uri = account
        .federation()
        .map(|f| f.uri.clone())
        .unwrap_or_default();
    let mut entry = entry;
    for _ in 0..2 {
        let Entry::Fetch(id, by) = entry else {
            break;
        };
        if !same_host(&id, &author_uri) {
            return Ok(false);
        }
        let document: AnyObject = serde_json::from_value(state.ap.fetcher.document(&id).await?)
            .map_err(|e| ApError::Fetch(FetchError::Parse(e.to_string())))?;
        entry = fetched(&document, by);
    }
    let Entry::Note(object, activity) = entry else {
        return Ok(false);
    };
    if activity
        .as_ref()
        .is_some_and(|a| a.actor_id() != Some(author_uri.as_str()))
    {
        return Ok(false);
    }
    let followers = account.federation().and_then(|f| f.followers.as_deref());
    let visibility = infer_object(&object, activity.as_deref(), followers).visibility();
    if !visibility.is_world_readable() {
        return Ok(false);
    }
    if state
        .ap
        .repo
        .note_by_uri(object.id.as_deref().unwrap_or_default())
        .await?
        .is_some()
    {
        return Ok(false);
    }
    // Budget 0: an old reply whose parent we lack stays unthreaded rather than
    // fetching more.
    ingest_note(state, account, &object, activity.as_deref(), 0).await?;
    Ok(true)
}
