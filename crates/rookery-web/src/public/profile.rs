//! `GET /@user` and `/@user@domain`: a profile with its public and unlisted notes, paged
//! by `?max_id=`, and the "follow from your server" form. The same URL answers
//! ActivityPub and Versia JSON to servers, and `/@user.atom` is the profile's feed.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::Request;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, PreEscaped};
use rookery_core::{Account, Note, Page};
use serde::Deserialize;

use super::error::WebError;
use super::lookup::{self, profile_path};
use super::view;
use super::PublicState;
use crate::layout::{self, PageMeta};
use crate::negotiate::{self, Target, Wanted};

/// Notes per profile page: the most one page of the store gives (`Page::MAX_LIMIT`).
const NOTES_PER_PAGE: &str = "40";

#[derive(Debug, Default, Deserialize)]
pub struct ProfileQuery {
    pub max_id: Option<String>,
}

pub async fn profile(
    State(state): State<PublicState>,
    Path(name): Path<String>,
    Query(query): Query<ProfileQuery>,
    request: Request<Body>,
) -> Response {
    if let Some(user) = name.strip_suffix(".atom") {
        return super::feed::feed(&state, user).await;
    }
    match answer(&state, &name, &query, request).await {
        Ok(response) => response,
        Err(error) => error.page(&state.site.name),
    }
}

async fn answer(
    state: &PublicState,
    name: &str,
    query: &ProfileQuery,
    request: Request<Body>,
) -> Result<Response, WebError> {
    let account = lookup::account(state, name).await?;
    let wanted = negotiate::wanted(request.headers());
    if wanted != Wanted::Html {
        // Only our own accounts are served as JSON; a remote one lives on its server.
        if !account.is_local() {
            return Err(WebError::NotFound);
        }
        let target = Target::Account {
            username: &account.username,
            id: account.id.as_i64(),
        };
        return negotiate::forward(&state.protocols, wanted, target, request)
            .await
            .ok_or(WebError::NotFound);
    }
    let page = Page::from_query(query.max_id.as_deref(), None, None, Some(NOTES_PER_PAGE))
        .map_err(|e| WebError::BadRequest(e.to_string()))?;
    let notes = state
        .services
        .account_timeline(None, account.id, &page)
        .await?;
    let repo = state.services.repo();
    let posts = repo.count_notes_by(account.id).await?;
    let (followers, following) = repo.follow_counts(account.id).await?;
    let meta = meta(state, &account);
    let body = html! {
        (header(state, &account, posts, followers, following))
        (follow_form(&account))
        h2 { "Posts" }
        (note_list(&account, &notes))
        (pager(&account, &notes, page.limit))
    };
    let nav = layout::nav_links(&[("Home", "/"), ("Log in", "/web/login")]);
    let mut response = Html(layout::page(meta, nav, body).into_string()).into_response();
    response.headers_mut().insert(
        axum::http::header::VARY,
        axum::http::HeaderValue::from_static("Accept"),
    );
    Ok(response)
}

fn meta(state: &PublicState, account: &Account) -> PageMeta {
    let site = &state.site;
    let name = view::display_name(account);
    let handle = view::full_handle(account, &site.domain);
    let bio = rookery_html::plain_text(&account.note);
    let description = if bio.trim().is_empty() {
        format!("{name} ({handle})")
    } else {
        bio.chars().take(200).collect()
    };
    let mut meta = PageMeta::new(format!("{name} ({handle})"), site.name.as_str())
        .description(description)
        .canonical(format!("{}{}", site.public_url, profile_path(account)))
        .og_type("profile");
    match account.federation() {
        None => {
            meta = meta
                .alternate(
                    "application/activity+json",
                    negotiate::activitypub_actor(&site.public_url, &account.username),
                )
                .alternate_titled(
                    "application/atom+xml",
                    format!("{}/@{}.atom", site.public_url, account.username),
                    format!("{name}'s posts"),
                );
        }
        Some(facts) if facts.protocol == rookery_core::Protocol::ActivityPub => {
            meta = meta.alternate("application/activity+json", facts.uri.clone());
        }
        Some(_) => {}
    }
    meta
}

fn header(
    state: &PublicState,
    account: &Account,
    posts: u64,
    followers: u64,
    following: u64,
) -> Markup {
    let handle = view::full_handle(account, &state.site.domain);
    html! {
        section class="profile" aria-labelledby="profile-name" {
            @if let Some(url) = &account.profile.header {
                // Decorative: the avatar and name below say whose profile this is.
                img class="profile-header" src=(url) alt="" loading="lazy"
                    style="display:block;width:100%;max-height:12rem;object-fit:cover";
            }
            div class="profile-head" {
                (profile_avatar(account))
                h1 id="profile-name" {
                    (view::display_name(account))
                    span class="handle" { (handle) }
                }
            }
            @if let Some(url) = account.federation().and_then(|f| f.url.as_deref()) {
                p class="muted" {
                    "This account lives on another server. "
                    a href=(url) rel="nofollow noopener" { "See the original profile" }
                }
            }
            @if !account.note.trim().is_empty() {
                div class="bio" { (view::safe_html(account, &account.note)) }
            }
            (fields(account))
            (super::vanity::vanity(&account.profile.vanity))
            ul class="counts" aria-label="Counts" {
                li { strong { (posts) } " posts" }
                li { strong { (followers) } " followers" }
                li { strong { (following) } " following" }
            }
        }
    }
}

/// The avatar image, or the lettered placeholder when there is none.
fn profile_avatar(account: &Account) -> Markup {
    match &account.profile.avatar {
        Some(url) => html! {
            img class="avatar avatar-large" src=(url) width="96" height="96"
                alt=(format!("{}'s avatar", view::display_name(account)));
        },
        None => view::avatar(account, "avatar-large"),
    }
}

/// Profile fields as a description list; a field whose link was confirmed to point
/// back here with `rel="me"` gets a check mark.
fn fields(account: &Account) -> Markup {
    html! {
        @if !account.profile.fields.is_empty() {
            dl class="profile-fields" {
                @for field in &account.profile.fields {
                    dt { (field.name) }
                    dd {
                        // Links in fields carry rel="me" so that a page this user links
                        // to can verify the link back to this profile, as on Mastodon.
                        (PreEscaped(rookery_html::with_rel_me(&view::safe_html(account, &field.value).0)))
                        @if let Some(at) = field.verified_at {
                            " "
                            span class="verified" title=(format!("Link verified {}", at.to_rfc3339())) {
                                "✓" span class="visually-hidden" { " verified" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// "Follow from your server": the visitor's handle goes to `/remote_follow`, which
/// WebFingers their server and redirects to its subscribe page.
fn follow_form(account: &Account) -> Markup {
    html! {
        form class="card inline" method="get" action="/remote_follow" {
            input type="hidden" name="acct" value=(account.acct());
            div class="field-row" {
                label for="remote-handle" { "Follow from your server" }
                input type="text" id="remote-handle" name="handle" required
                    placeholder="@you@your.server" autocomplete="username"
                    autocapitalize="none" spellcheck="false";
            }
            button type="submit" { "Follow" }
        }
    }
}

fn note_list(author: &Account, notes: &[Note]) -> Markup {
    html! {
        @if notes.is_empty() {
            p class="muted" { "No posts to show." }
        } @else {
            ol class="notes" {
                @for note in notes {
                    li { (view::note(author, note, None, false)) }
                }
            }
        }
    }
}

/// "Older posts" when the page was full (there may be more).
fn pager(account: &Account, notes: &[Note], limit: u32) -> Markup {
    let older = notes
        .last()
        .filter(|_| notes.len() >= limit as usize)
        .map(|last| format!("{}?max_id={}", profile_path(account), last.id));
    html! {
        @if let Some(href) = older {
            nav class="pager" aria-label="Pages" {
                a href="?" { "Newest posts" }
                a href=(href) rel="next" { "Older posts" }
            }
        }
    }
}
