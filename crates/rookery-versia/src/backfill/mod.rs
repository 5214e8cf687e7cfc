//! Outbox backfill (versia.md §9.5: "fetch `outbox` (paged by offset) for users you
//! newly discover"; seed 000): when a remote User is stored for the first time, the
//! first pages of its outbox are fetched in the background with signed GETs (the
//! responses verified, §3.5), within a budget, and its public Notes stored through
//! core's `receive_note`. Their ids come from their own dates, so they land in
//! timelines at their date, never on top.

mod queue;

use std::sync::{Arc, Weak};

use rookery_core::service::Services;
use rookery_core::{Account, Timestamp};
use serde_json::Value;
use tokio::sync::Semaphore;
use url::Url;

pub use queue::NewAccounts;

use crate::context::Versia;
use crate::entities::{Collection, Entity, Note};
use crate::mapping::incoming_note;
use crate::paths::MAX_PAGE_LIMIT;
use crate::remote::{signed_get, url_domain, RemoteError};

/// Pages read per outbox at most.
pub const MAX_PAGES: u64 = 2;
/// Notes looked at per outbox at most.
pub const MAX_NOTES: u64 = 40;
/// Outboxes read at the same time.
const CONCURRENT: usize = 4;

/// Starts backfilling the Users this instance meets from now on. Holds the adapter
/// state and the use cases weakly: the task ends with the instance.
pub fn start(versia: &Arc<Versia>, services: &Arc<Services>) {
    let Some(mut met) = versia.new_accounts.take_receiver() else {
        return; // started already
    };
    let (versia, services): (Weak<Versia>, Weak<Services>) =
        (Arc::downgrade(versia), Arc::downgrade(services));
    let permits = Arc::new(Semaphore::new(CONCURRENT));
    tokio::spawn(async move {
        while let Some(account) = met.recv().await {
            let (Some(versia), Some(services)) = (versia.upgrade(), services.upgrade()) else {
                break;
            };
            let Ok(permit) = permits.clone().acquire_owned().await else {
                break;
            };
            tokio::spawn(async move {
                match backfill(&versia, &services, &account).await {
                    Ok(stored) => {
                        tracing::debug!(user = %account.acct(), stored, "versia outbox backfilled")
                    }
                    Err(error) => {
                        tracing::info!(user = %account.acct(), %error, "versia outbox backfill failed")
                    }
                }
                drop(permit);
            });
        }
    });
}

/// Reads `account`'s outbox within the budget and stores its public Notes; returns
/// how many were stored.
pub async fn backfill(
    versia: &Versia,
    services: &Services,
    account: &Account,
) -> Result<usize, RemoteError> {
    let Some(facts) = account.federation() else {
        return Ok(0);
    };
    let Some(outbox) = facts.outbox.as_deref() else {
        return Ok(0);
    };
    let parsed = Url::parse(outbox).map_err(|e| RemoteError::invalid(outbox, e.to_string()))?;
    let domain = url_domain(&parsed).ok_or_else(|| RemoteError::invalid(outbox, "no host"))?;
    let limit = MAX_PAGE_LIMIT.min(MAX_NOTES);
    let mut notes: Vec<Note> = Vec::new();
    let mut offset = 0;
    for _ in 0..MAX_PAGES {
        // §4 E4: no paging links; raise `offset` until `total` is reached.
        let url = format!("{outbox}?offset={offset}&limit={limit}");
        let fetched = signed_get(versia, &url).await?;
        let page: Collection<Value> = crate::json::from_slice(&fetched.body)
            .map_err(|e| RemoteError::invalid(&url, e.to_string()))?;
        let count = page.items.len() as u64;
        notes.extend(page.items.into_iter().filter_map(note));
        offset += count;
        if count == 0 || offset >= page.total || offset >= MAX_NOTES {
            break;
        }
    }
    // Oldest first, so a reply to an earlier note of the same outbox finds its parent.
    notes.sort_by_key(|n| Timestamp::parse_rfc3339(&n.created_at));
    let mut stored = 0;
    for note in notes
        .iter()
        .take(usize::try_from(MAX_NOTES).unwrap_or(usize::MAX))
    {
        match store(versia, services, account, &domain, note).await {
            Ok(true) => stored += 1,
            Ok(false) => {}
            Err(error) => tracing::debug!(%error, "versia outbox note skipped"),
        }
    }
    Ok(stored)
}

/// An outbox item that is a Note; anything else is skipped, not an error.
fn note(item: Value) -> Option<Note> {
    match Entity::from_value(item) {
        Ok(Entity::Note(note)) => Some(*note),
        _ => None,
    }
}

/// Stores `note` when it is valid, `account`'s own (the outbox's server speaks only for
/// its users, §9.1) and public.
async fn store(
    versia: &Versia,
    services: &Services,
    account: &Account,
    domain: &str,
    note: &Note,
) -> Result<bool, RemoteError> {
    if let Err(error) = versia.validator().note(note) {
        return Err(RemoteError::invalid(&note.id, error.to_string()));
    }
    let author = note.author.resolve(domain).to_string();
    if Some(author.as_str()) != account.federation().map(|f| f.uri.as_str()) {
        return Ok(false);
    }
    let incoming = incoming_note(versia, domain, note).await?;
    if !incoming.visibility.is_world_readable() {
        return Ok(false);
    }
    if versia.repo.note_by_uri(&incoming.uri).await?.is_some() {
        return Ok(false);
    }
    services
        .receive_note(account, incoming)
        .await
        .map_err(|e| RemoteError::invalid(&note.id, e.to_string()))?;
    Ok(true)
}
