//! Replies crawl (activitypub.md §5.3, §7; seed 002 "Object Fetching"): when a remote
//! note is stored for the first time, the first pages of its `replies` collection are
//! read in the background within a budget, and the replies stored through the ingest
//! path, each fetched from its origin when only its id is listed. Mastodon reads 5
//! same-server replies on discovery; we read up to [`MAX_REPLIES`] on [`MAX_PAGES`].

use std::sync::Arc;

use tokio::sync::Semaphore;

use super::collection;
use super::outbox::{first_page, page, First, OutboxPage};
use crate::error::ApError;
use crate::fetch::same_host;
use crate::ingest::ingest_note;
use crate::routes::ApState;
use crate::wire::visibility::infer_object;
use crate::wire::{AnyObject, Collection, Object, ObjectOrId};

/// Pages of one note's replies read at most.
pub const MAX_PAGES: usize = 2;
/// Replies of one note looked at most.
pub const MAX_REPLIES: usize = 20;
/// Crawls running at once; more are skipped (a courtesy, not a duty).
pub const CONCURRENT: usize = 4;

/// The crawls in flight, bounded.
pub struct ReplyCrawls(Arc<Semaphore>);

impl Default for ReplyCrawls {
    fn default() -> Self {
        ReplyCrawls(Arc::new(Semaphore::new(CONCURRENT)))
    }
}

/// Starts crawling the replies of the note `note_uri` (just stored) in the background.
pub fn crawl_later(state: &ApState, note_uri: &str, replies: &ObjectOrId<Collection>) {
    let Ok(permit) = state.ap.reply_crawls.0.clone().try_acquire_owned() else {
        tracing::debug!(note = note_uri, "too many reply crawls; skipped");
        return;
    };
    let (state, note_uri, replies) = (state.clone(), note_uri.to_owned(), replies.clone());
    tokio::spawn(async move {
        match crawl(&state, &note_uri, &replies).await {
            Ok(stored) => tracing::debug!(note = %note_uri, stored, "replies crawled"),
            Err(error) => tracing::info!(note = %note_uri, %error, "replies crawl failed"),
        }
        drop(permit);
    });
}

/// Reads the replies of `note_uri` within the budget and stores the world-readable ones
/// that answer it; returns how many were stored.
pub async fn crawl(
    state: &ApState,
    note_uri: &str,
    replies: &ObjectOrId<Collection>,
) -> Result<usize, ApError> {
    // Only the note's own server speaks for its replies collection (§5.0).
    let document = match replies {
        ObjectOrId::Object(inline) => inline.as_ref().clone(),
        link => match link.id() {
            Some(url) if same_host(url, note_uri) => collection(state.ap.fetcher.get(url).await?)?,
            _ => return Ok(0),
        },
    };
    let mut current = match first_page(&document) {
        First::Page(page) => page,
        First::Link(url) if same_host(&url, note_uri) => {
            page(&collection(state.ap.fetcher.get(&url).await?)?)
        }
        First::Link(_) | First::Empty => return Ok(0),
    };
    let mut items = Vec::new();
    let mut pages = 1;
    loop {
        items.append(&mut current.items);
        let next = current.next.take().filter(|n| same_host(n, note_uri));
        let Some(next) = next.filter(|_| pages < MAX_PAGES && items.len() < MAX_REPLIES) else {
            break;
        };
        current = next_page(state, &next).await?;
        pages += 1;
    }
    items.truncate(MAX_REPLIES);
    let mut stored = 0;
    for item in &items {
        match store_reply(state, note_uri, item).await {
            Ok(true) => stored += 1,
            Ok(false) => {}
            Err(error) => tracing::debug!(%error, "reply skipped"),
        }
    }
    Ok(stored)
}

async fn next_page(state: &ApState, url: &str) -> Result<OutboxPage, ApError> {
    Ok(page(&collection(state.ap.fetcher.get(url).await?)?))
}

/// Stores one listed reply: embedded by the note's server about one of its own
/// actors, or else fetched from its origin by id (§6.3).
async fn store_reply(
    state: &ApState,
    note_uri: &str,
    item: &ObjectOrId<AnyObject>,
) -> Result<bool, ApError> {
    let Some(id) = item.id() else {
        return Ok(false);
    };
    if state.ap.urls.is_local(id) || state.services.note_by_uri(id).await?.is_some() {
        return Ok(false);
    }
    let embedded = match item {
        ObjectOrId::Object(any) => match any.as_ref() {
            AnyObject::Object(object)
                if same_host(id, note_uri)
                    && object.author().is_some_and(|a| same_host(a, note_uri)) =>
            {
                Some(object.as_ref().clone())
            }
            _ => None,
        },
        _ => None,
    };
    let object: Object = match embedded {
        Some(object) => object,
        None => state.ap.fetcher.object(id).await?,
    };
    // A page may list what does not answer this note; it is not ours to thread.
    if object.in_reply_to.as_ref().map(|r| r.as_str()) != Some(note_uri) {
        return Ok(false);
    }
    let author_uri = object
        .author()
        .ok_or_else(|| ApError::BadRequest("the reply has no author".into()))?
        .to_owned();
    let author = state.ap.actors.account(&author_uri, false).await?;
    let followers = author.federation().and_then(|f| f.followers.clone());
    if !infer_object(&object, None, followers.as_deref())
        .visibility()
        .is_world_readable()
    {
        return Ok(false);
    }
    // Budget 0: the parent is stored already, and the replies of replies are not
    // crawled (§6.3: bound recursion).
    ingest_note(state, &author, &object, None, 0).await?;
    Ok(true)
}
