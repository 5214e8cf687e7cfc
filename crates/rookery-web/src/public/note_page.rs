//! `GET /@user/ID`: one note with its thread (ancestors oldest first, then replies), as
//! a visitor may see it. A note a visitor may not see answers 404, like a missing one.
//! Servers asking for JSON get the protocol's document from the same URL.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, Request};
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use rookery_core::{Account, Note};

use super::error::WebError;
use super::lookup::{self, note_path};
use super::view::{self, NoteCounts};
use super::PublicState;
use crate::layout::{self, PageMeta};
use crate::negotiate::{self, Target, Wanted};

/// Bounds on how much of a thread one page walks (as the client API's context does).
const MAX_ANCESTORS: usize = 40;
const MAX_REPLIES: usize = 60;

pub async fn note_page(
    State(state): State<PublicState>,
    Path((name, id)): Path<(String, String)>,
    request: Request<Body>,
) -> Response {
    match answer(&state, &name, &id, request).await {
        Ok(response) => response,
        Err(error) => error.page(&state.site.name),
    }
}

async fn answer(
    state: &PublicState,
    name: &str,
    id: &str,
    request: Request<Body>,
) -> Result<Response, WebError> {
    let author = lookup::account(state, name).await?;
    let note = lookup::visible_note(state, &author, id).await?;
    let wanted = negotiate::wanted(request.headers());
    if wanted != Wanted::Html {
        if !author.is_local() {
            return Err(WebError::NotFound);
        }
        let target = Target::Note {
            id: note.id.as_i64(),
        };
        return negotiate::forward(&state.protocols, wanted, target, request)
            .await
            .ok_or(WebError::NotFound);
    }
    let repo = state.services.repo();
    let ancestors = visible_with_authors(state, ancestors(state, &note).await?).await?;
    let replies = visible_with_authors(state, replies(state, &note).await?).await?;
    let counts = NoteCounts {
        replies: replies
            .iter()
            .filter(|(n, _)| n.in_reply_to == Some(note.id))
            .count() as u64,
        shares: repo.count_shares(note.id).await?,
        likes: repo.count_likes(note.id).await?,
    };
    let body = html! {
        h1 class="visually-hidden" { "Post by " (view::display_name(&author)) }
        @if !ancestors.is_empty() {
            section aria-label="Earlier in the thread" {
                ol class="notes" {
                    @for (parent, parent_author) in &ancestors {
                        li { (view::note(parent_author, parent, None, false)) }
                    }
                }
            }
        }
        (view::note(&author, &note, Some(counts), true))
        @if !replies.is_empty() {
            section class="thread-replies" aria-labelledby="replies-heading" {
                h2 id="replies-heading" { "Replies" }
                ol class="notes" {
                    @for (reply, reply_author) in &replies {
                        li { (view::note(reply_author, reply, None, false)) }
                    }
                }
            }
        }
    };
    let nav = layout::nav_links(&[("Home", "/"), ("Log in", "/web/login")]);
    let page = layout::page(meta(state, &author, &note), nav, body);
    let mut response = Html(page.into_string()).into_response();
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    Ok(response)
}

fn meta(state: &PublicState, author: &Account, note: &Note) -> PageMeta {
    let site = &state.site;
    let name = view::display_name(author);
    // A content warning stands in for the text in previews, as Mastodon does.
    let description = if note.content_warning.trim().is_empty() {
        rookery_html::plain_text(&note.content_html)
            .chars()
            .take(200)
            .collect()
    } else {
        format!("Content warning: {}", note.content_warning)
    };
    let mut meta = PageMeta::new(
        format!("{name}: {}", truncate(&description, 60)),
        site.name.as_str(),
    )
    .description(description)
    .canonical(format!("{}{}", site.public_url, note_path(author, note)))
    .og_type("article");
    if author.is_local() {
        meta = meta.alternate(
            "application/activity+json",
            negotiate::activitypub_note(&site.public_url, note.id.as_i64()),
        );
    } else if let Some(uri) = note.uri.as_deref().filter(|u| u.starts_with("http")) {
        meta = meta.alternate("application/activity+json", uri);
    }
    let image = note
        .attachments
        .iter()
        .find(|a| a.kind == rookery_core::MediaKind::Image)
        .filter(|_| note.content_warning.trim().is_empty() && !note.sensitive);
    if let Some(image) = image {
        meta = meta.image(image.url.clone());
    }
    meta
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    out
}

/// The notes `note` answers, oldest first.
async fn ancestors(state: &PublicState, note: &Note) -> Result<Vec<Note>, WebError> {
    let repo = state.services.repo();
    let mut found = Vec::new();
    let mut parent = note.in_reply_to;
    while let Some(id) = parent {
        if found.len() >= MAX_ANCESTORS {
            break;
        }
        let Some(next) = repo.note(id).await? else {
            break;
        };
        parent = next.in_reply_to;
        found.push(next);
    }
    found.reverse();
    Ok(found)
}

/// Replies to `note` and their replies, in the order they were written.
async fn replies(state: &PublicState, note: &Note) -> Result<Vec<Note>, WebError> {
    let repo = state.services.repo();
    let mut found = Vec::new();
    let mut frontier = vec![note.id];
    while let Some(current) = frontier.pop() {
        for reply in repo.replies_to(current).await? {
            if found.len() >= MAX_REPLIES {
                break;
            }
            frontier.push(reply.id);
            found.push(reply);
        }
    }
    found.sort_by_key(|n| n.id);
    Ok(found)
}

/// Keeps the notes a visitor may see, each with its author.
async fn visible_with_authors(
    state: &PublicState,
    notes: Vec<Note>,
) -> Result<Vec<(Note, Account)>, WebError> {
    let mut ids: Vec<_> = notes.iter().map(|n| n.author).collect();
    ids.sort();
    ids.dedup();
    let authors = state.services.repo().accounts(&ids).await?;
    let mut out = Vec::with_capacity(notes.len());
    for note in notes {
        if !state.services.may_view(None, &note).await? {
            continue;
        }
        if let Some(author) = authors.iter().find(|a| a.id == note.author) {
            out.push((note, author.clone()));
        }
    }
    Ok(out)
}
