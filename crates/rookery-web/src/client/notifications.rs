//! `/web/notifications` (mentions, likes, boosts, follows, newest first, paged by
//! `?max_id=`) and `/web/follow_requests` with accept and reject buttons.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Form;
use maud::html;
use rookery_core::notification::NotificationKind;
use rookery_core::{Account, AccountId, Page};
use serde::Deserialize;

use super::error::{ClientError, ClientResult};
use super::redirect::see_other;
use super::render::{self, NoteCard};
use super::session::Viewer;
use super::shell;
use super::state::ClientState;
use super::timelines::PageQuery;

fn sentence(kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::Mention => "mentioned you",
        NotificationKind::Status => "posted a note",
        NotificationKind::Reblog => "boosted your note",
        NotificationKind::Follow => "followed you",
        NotificationKind::FollowRequest => "asked to follow you",
        NotificationKind::Favourite => "liked your note",
        NotificationKind::Update => "edited a note",
    }
}

pub(crate) async fn show(
    State(state): State<ClientState>,
    viewer: Viewer,
    Query(query): Query<PageQuery>,
) -> ClientResult<Response> {
    let page = query.page()?;
    let services = &state.services;
    let repo = services.repo();
    let notifications = services.notifications(viewer.id(), &page).await?;
    let mut ids: Vec<AccountId> = notifications.iter().map(|n| n.from).collect();
    ids.sort_unstable();
    ids.dedup();
    let senders: HashMap<AccountId, Account> = repo
        .accounts(&ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut rows = Vec::with_capacity(notifications.len());
    for notification in &notifications {
        let note = match notification.note {
            Some(id) => match repo.note(id).await? {
                // A note is shown only to who may see it, even in one's notifications.
                Some(note) if services.may_view(Some(viewer.id()), &note).await? => {
                    render::cards(&state, &viewer, vec![note]).await?.pop()
                }
                _ => None,
            },
            None => None,
        };
        rows.push((notification, note));
    }
    let requests = repo.follow_requests(viewer.id(), &Page::newest(1)).await?;
    let older = notifications.last().map(|n| n.id);
    let body = html! {
        h1 { "Notifications" }
        @if !requests.is_empty() {
            p class="card" { a href="/web/follow_requests" { "You have follow requests waiting." } }
        }
        @if rows.is_empty() {
            p class="muted" { "No notifications." }
        } @else {
            ol class="notifications" {
                @for (notification, note) in &rows {
                    li class="notification" {
                        p {
                            (render::author_line(senders.get(&notification.from)))
                            " " (sentence(notification.kind)) " · "
                            span class="muted" { (render::time(notification.created_at)) }
                        }
                        @if let Some(card) = note {
                            ol class="notes" { (render::note(card as &NoteCard, &viewer, "/web/notifications")) }
                        }
                    }
                }
            }
        }
        nav class="pager" aria-label="Pages" {
            @if query.has_max_id() { a href="/web/notifications" { "Newest" } }
            @if let Some(older) = older {
                a href={ "/web/notifications?max_id=" (older) } rel="next" { "Older notifications" }
            }
        }
    };
    Ok(shell::ok(shell::page(
        &state,
        Some(&viewer),
        "Notifications",
        "/web/notifications",
        body,
    )))
}

pub(crate) async fn requests(
    State(state): State<ClientState>,
    viewer: Viewer,
) -> ClientResult<Response> {
    let requests = state
        .services
        .repo()
        .follow_requests(viewer.id(), &Page::newest(Page::MAX_LIMIT))
        .await?;
    let body = html! {
        h1 { "Follow requests" }
        @if requests.is_empty() {
            p class="muted" { "No one is waiting." }
        } @else {
            ul class="accounts" {
                @for account in &requests {
                    li class="account-row" {
                        div { (render::author_line(Some(account))) }
                        div class="row-actions" {
                            form method="post" action={ "/web/follow_requests/" (account.id) "/accept" } class="inline" {
                                input type="hidden" name="csrf" value=(viewer.csrf);
                                button type="submit" { "Accept " span class="visually-hidden" { (render::handle(account)) } }
                            }
                            form method="post" action={ "/web/follow_requests/" (account.id) "/reject" } class="inline" {
                                input type="hidden" name="csrf" value=(viewer.csrf);
                                button type="submit" class="secondary" { "Reject " span class="visually-hidden" { (render::handle(account)) } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(shell::ok(shell::page(
        &state,
        Some(&viewer),
        "Follow requests",
        "/web/notifications",
        body,
    )))
}

#[derive(Deserialize)]
pub(crate) struct AnswerForm {
    #[serde(default)]
    csrf: String,
}

fn requester(id: &str) -> ClientResult<AccountId> {
    id.parse()
        .map_err(|_| ClientError::NotFound("follow request"))
}

pub(crate) async fn accept(
    State(state): State<ClientState>,
    Path(id): Path<String>,
    viewer: Viewer,
    Form(form): Form<AnswerForm>,
) -> ClientResult<Response> {
    viewer.check_csrf(&form.csrf)?;
    state
        .services
        .accept_follow_request(viewer.id(), requester(&id)?)
        .await?;
    Ok(see_other("/web/follow_requests"))
}

pub(crate) async fn reject(
    State(state): State<ClientState>,
    Path(id): Path<String>,
    viewer: Viewer,
    Form(form): Form<AnswerForm>,
) -> ClientResult<Response> {
    viewer.check_csrf(&form.csrf)?;
    state
        .services
        .reject_follower(viewer.id(), requester(&id)?)
        .await?;
    Ok(see_other("/web/follow_requests"))
}
