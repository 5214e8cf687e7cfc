//! `GET /`: the front page: the instance's name and a short about, a login link, and
//! the local public timeline as a visitor sees it.

use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use rookery_core::{Account, Page};
use serde::Deserialize;

use super::error::WebError;
use super::view;
use super::PublicState;
use crate::layout::{self, PageMeta};

#[derive(Debug, Default, Deserialize)]
pub struct HomeQuery {
    max_id: Option<String>,
}

pub async fn home(State(state): State<PublicState>, Query(query): Query<HomeQuery>) -> Response {
    match render(&state, &query).await {
        Ok(page) => page,
        Err(error) => error.page(&state.site.name),
    }
}

async fn render(state: &PublicState, query: &HomeQuery) -> Result<Response, WebError> {
    let page = Page::from_query(query.max_id.as_deref(), None, None, Some("20"))
        .map_err(|e| WebError::BadRequest(e.to_string()))?;
    let notes = state.services.public_timeline(None, true, &page).await?;
    let mut ids: Vec<_> = notes.iter().map(|n| n.author).collect();
    ids.sort();
    ids.dedup();
    let authors: Vec<Account> = state.services.repo().accounts(&ids).await?;
    let site = &state.site;
    let older = notes
        .last()
        .filter(|_| notes.len() >= page.limit as usize)
        .map(|last| format!("/?max_id={}", last.id));
    let body = html! {
        section class="card" aria-labelledby="about-heading" {
            h1 id="about-heading" { (site.name) }
            p { (site.description) }
            p { a class="button" href="/web/login" { "Log in" } }
        }
        h2 { "Recent posts on " (site.domain) }
        @if notes.is_empty() {
            p class="muted" { "Nothing posted publicly yet." }
        } @else {
            ol class="notes" {
                @for note in &notes {
                    @if let Some(author) = authors.iter().find(|a| a.id == note.author) {
                        li { (view::note(author, note, None, false)) }
                    }
                }
            }
        }
        @if let Some(href) = older {
            nav class="pager" aria-label="Pages" {
                a href="/" { "Newest posts" }
                a href=(href) rel="next" { "Older posts" }
            }
        }
    };
    let meta = PageMeta::new(site.name.as_str(), site.name.as_str())
        .description(site.description.as_str())
        .canonical(format!("{}/", site.public_url));
    let nav = layout::nav_links(&[("Log in", "/web/login")]);
    Ok(Html(layout::page(meta, nav, body).into_string()).into_response())
}
