//! Turning a remote note into a stored one: origin checks, text, visibility, mentions,
//! attachments and hashtags (activitypub.md §5.4, §5.5),
//! and the thread above it. An unknown parent is fetched from its origin, up the chain
//! within a depth budget, so threads are complete (seed 002, "Object Fetching";
//! activitypub.md §6.3); a note stored for the first time gets its `replies` crawled in
//! the background (§5.3, `backfill::replies`).

use std::future::Future;
use std::pin::Pin;

use rookery_core::service::IncomingNote;
use rookery_core::{Account, Note, NoteId};

use crate::error::ApError;
use crate::fetch::same_host;
use crate::mapping::note_text;
use crate::routes::ApState;
use crate::wire::visibility::infer_object;
use crate::wire::{Activity, Object};

/// How many unknown ancestors one incoming note may make us fetch.
pub const MAX_THREAD_DEPTH: u8 = 8;

/// Delivered notes younger than this do not get their replies crawled.
pub const REPLIES_CRAWL_MIN_AGE: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// Stores `object`, written by `author` (whose server signed it, or which we fetched from
/// its origin).
pub fn ingest_note<'a>(
    state: &'a ApState,
    author: &'a Account,
    object: &'a Object,
    activity: Option<&'a Activity>,
    budget: u8,
) -> Pin<Box<dyn Future<Output = Result<Note, ApError>> + Send + 'a>> {
    Box::pin(async move {
        let author_uri = author.federation().map(|f| f.uri.clone()).ok_or_else(|| {
            ApError::Forbidden("remote servers cannot speak for local accounts".into())
        })?;
        let id = object
            .id
            .clone()
            .ok_or_else(|| ApError::BadRequest("the note has no id".into()))?;
        // activitypub.md §5.0: the object lives on its author's origin, and is attributed
        // to the actor that sent it.
        if !same_host(&id, &author_uri) {
            return Err(ApError::Forbidden(
                "the note is not on its author's server".into(),
            ));
        }
        if object.author().is_some_and(|a| a != author_uri) {
            return Err(ApError::Forbidden(
                "the note is attributed to someone else".into(),
            ));
        }
        let text = note_text(object);
        let followers = author.federation().and_then(|f| f.followers.clone());
        let visibility = infer_object(object, activity, followers.as_deref()).visibility();
        let mut mentions = Vec::new();
        for mention in object.mentions() {
            if let Some(account) = known_account(state, &mention.href).await? {
                if !mentions.contains(&account) {
                    mentions.push(account);
                }
            }
        }
        let in_reply_to = match object.in_reply_to.as_ref().map(|r| r.as_str()) {
            Some(parent) => parent_note(state, parent, budget).await,
            None => None,
        };
        let now = crate::actors::now();
        // A note delivered moments after it was written has no replies yet: reading its
        // collection would cost a fetch per Create (Mastodon #31921, §5.3; Mastodon
        // itself waits 5 minutes before crawling).
        let brand_new = activity.is_some()
            && text
                .published
                .is_some_and(|at| now.since(at) < REPLIES_CRAWL_MIN_AGE);
        let may_crawl = object.replies.is_some() && budget > 0 && !brand_new;
        // Stored before? Then its replies were crawled already (or came in by themselves).
        // Asked only when a crawl is possible: most deliveries are brand new.
        let crawl = may_crawl && state.ap.repo.note_by_uri(&id).await?.is_none();
        let incoming = IncomingNote {
            uri: id.clone(),
            url: text.url,
            content_html: text.content_html,
            source: text.source,
            content_warning: text.content_warning,
            sensitive: text.sensitive,
            language: text.language,
            visibility,
            in_reply_to,
            mentions,
            poll: crate::polls::incoming_poll(object),
            attachments: crate::media::attachments_in(object),
            // Only `Hashtag` tags count, as in Mastodon (§5.4).
            tags: object.hashtags().map(|h| h.normalized()).collect(),
            emojis: object.emojis().collect(),
            created_at: text.published.unwrap_or(now),
            edited_at: text.updated,
        };
        let note = state.services.receive_note(author, incoming).await?;
        // Crawled with the budget the note came with: notes found by a crawl or an
        // outbox backfill (budget 0) do not start crawls of their own (§6.3).
        if let Some(replies) = object.replies.as_ref().filter(|_| crawl) {
            crate::backfill::replies::crawl_later(state, &id, replies);
        }
        Ok(note)
    })
}

/// A local or already stored account, by its AP id. Unknown remote accounts are not
/// fetched just because a note mentions them.
async fn known_account(
    state: &ApState,
    uri: &str,
) -> Result<Option<rookery_core::AccountId>, ApError> {
    if let Some(username) = state.ap.urls.local_username(uri) {
        return Ok(state
            .ap
            .repo
            .local_account_by_username(username)
            .await?
            .map(|a| a.id));
    }
    Ok(state.ap.repo.account_by_uri(uri).await?.map(|a| a.id))
}

/// The parent of a reply: local, stored, or fetched (with its own ancestors) while the
/// budget lasts. A parent that cannot be had leaves the reply unthreaded, never lost.
async fn parent_note(state: &ApState, uri: &str, budget: u8) -> Option<NoteId> {
    if let Some(id) = state.ap.urls.local_note(uri) {
        return Some(id);
    }
    // Stored, or ours under the other protocol's id (`DOMAIN:ID` from a peer that
    // knows the note over Versia; FEDERATION.md, "Both protocols").
    if let Ok(Some(note)) = state.services.note_by_uri(uri).await {
        return Some(note.id);
    }
    if budget == 0 {
        return None;
    }
    let fetched = async {
        let object = state.ap.fetcher.object(uri).await?;
        let author_uri = object
            .author()
            .ok_or_else(|| ApError::BadRequest("the parent has no author".into()))?
            .to_owned();
        let author = state.ap.actors.account(&author_uri, false).await?;
        ingest_note(state, &author, &object, None, budget - 1).await
    };
    match fetched.await {
        Ok(note) => Some(note.id),
        Err(error) => {
            tracing::info!(%uri, %error, "could not fetch the parent of a reply");
            None
        }
    }
}
