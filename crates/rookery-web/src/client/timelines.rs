//! The home, local and federated timelines, newest first, paged with `?max_id=` (the
//! id of the last note of the previous page), as core's timeline rules filter them.

use axum::extract::{Query, State};
use axum::response::Response;
use maud::html;
use rookery_core::Page;
use serde::Deserialize;

use super::compose;
use super::error::{ClientError, ClientResult};
use super::render;
use super::session::Viewer;
use super::shell;
use super::state::ClientState;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageQuery {
    max_id: Option<String>,
    limit: Option<String>,
}

impl PageQuery {
    pub(crate) fn has_max_id(&self) -> bool {
        self.max_id.is_some()
    }

    pub(crate) fn page(&self) -> ClientResult<Page> {
        Page::from_query(self.max_id.as_deref(), None, None, self.limit.as_deref())
            .map_err(|e| ClientError::Invalid(e.to_string()))
    }
}

#[derive(Clone, Copy)]
enum Which {
    Home,
    Local,
    Federated,
}

impl Which {
    fn path(self) -> &'static str {
        match self {
            Which::Home => "/web/home",
            Which::Local => "/web/local",
            Which::Federated => "/web/federated",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Which::Home => "Home",
            Which::Local => "Local timeline",
            Which::Federated => "Federated timeline",
        }
    }
}

async fn timeline(
    state: ClientState,
    viewer: Viewer,
    query: PageQuery,
    which: Which,
) -> ClientResult<Response> {
    let page = query.page()?;
    let services = &state.services;
    let notes = match which {
        Which::Home => services.home_timeline(viewer.id(), &page).await?,
        Which::Local => {
            services
                .public_timeline(Some(viewer.id()), true, &page)
                .await?
        }
        Which::Federated => {
            services
                .public_timeline(Some(viewer.id()), false, &page)
                .await?
        }
    };
    // Core's rules may drop notes from a full page of candidates, so a short page is
    // not proof of the end: any non-empty page links to older ones.
    let older = notes.last().map(|n| n.id);
    let cards = render::cards(&state, &viewer, notes).await?;
    let back = match &query.max_id {
        Some(max) => format!("{}?max_id={max}", which.path()),
        None => which.path().to_owned(),
    };
    let body = html! {
        h1 { (which.title()) }
        @if matches!(which, Which::Home) && query.max_id.is_none() {
            section aria-labelledby="quick-compose" class="card" {
                h2 id="quick-compose" class="visually-hidden" { "Write a note" }
                (compose::quick_form(&viewer))
            }
        }
        section aria-label="Notes" {
            (render::notes(&cards, &viewer, &back))
        }
        nav class="pager" aria-label="Pages" {
            @if query.max_id.is_some() {
                a href=(which.path()) { "Newest" }
            }
            @if let Some(older) = older {
                a href={ (which.path()) "?max_id=" (older) } rel="next" { "Older notes" }
            }
        }
    };
    Ok(shell::ok(shell::page(
        &state,
        Some(&viewer),
        which.title(),
        which.path(),
        body,
    )))
}

pub(crate) async fn home(
    State(state): State<ClientState>,
    viewer: Viewer,
    Query(query): Query<PageQuery>,
) -> ClientResult<Response> {
    timeline(state, viewer, query, Which::Home).await
}

pub(crate) async fn local(
    State(state): State<ClientState>,
    viewer: Viewer,
    Query(query): Query<PageQuery>,
) -> ClientResult<Response> {
    timeline(state, viewer, query, Which::Local).await
}

pub(crate) async fn federated(
    State(state): State<ClientState>,
    viewer: Viewer,
    Query(query): Query<PageQuery>,
) -> ClientResult<Response> {
    timeline(state, viewer, query, Which::Federated).await
}
