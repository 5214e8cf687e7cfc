//! Following: `/web/follow` (follow anyone by `@user@domain`, over either protocol, and
//! the list of people followed), follow and unfollow buttons, an account's page, and
//! `/web/authorize_interaction?uri=` where "follow from your server" lands.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use maud::{html, Markup, PreEscaped};
use rookery_core::social::FollowState;
use rookery_core::{Account, AccountId, Page};
use serde::Deserialize;

use super::error::{ClientError, ClientResult};
use super::lookup;
use super::redirect::{safe_next, see_other};
use super::render;
use super::session::Viewer;
use super::shell;
use super::state::ClientState;

/// The follow button (or unfollow, or withdraw a request) for `account`.
fn follow_button(
    viewer: &Viewer,
    account: &Account,
    state: Option<FollowState>,
    back: &str,
) -> Markup {
    let (path, label) = match state {
        Some(FollowState::Accepted) => ("/web/unfollow", "Unfollow"),
        Some(FollowState::Pending) => ("/web/unfollow", "Withdraw follow request"),
        Some(FollowState::Rejected) | None => ("/web/follow", "Follow"),
    };
    html! {
        form method="post" action=(path) class="inline" {
            input type="hidden" name="csrf" value=(viewer.csrf);
            input type="hidden" name="account" value=(account.id);
            input type="hidden" name="back" value=(back);
            button type="submit" { (label) }
        }
    }
}

/// An account's card: names, biography (sanitized HTML as stored), and the button.
async fn card(
    state: &ClientState,
    viewer: &Viewer,
    account: &Account,
    back: &str,
) -> ClientResult<Markup> {
    let follow = state
        .services
        .repo()
        .follow_between(viewer.id(), account.id)
        .await?
        .map(|f| f.state);
    let (followers, following) = state.services.repo().follow_counts(account.id).await?;
    Ok(html! {
        section class="card account-card" aria-labelledby="account-name" {
            h2 id="account-name" {
                (render::name(account))
                span class="handle" { (render::handle(account)) }
            }
            @if !account.note.is_empty() {
                div class="bio" { (PreEscaped(&account.note)) }
            }
            ul class="counts" {
                li { strong { (followers) } " followers" }
                li { strong { (following) } " following" }
            }
            @if account.locked { p class="muted" { "This account approves its followers." } }
            @if let Some(FollowState::Pending) = follow {
                p class="muted" role="status" { "Follow requested: waiting for approval." }
            }
            @if account.id != viewer.id() {
                (follow_button(viewer, account, follow, back))
            }
        }
    })
}

pub(crate) async fn account_page(
    State(state): State<ClientState>,
    Path(id): Path<String>,
    viewer: Viewer,
) -> ClientResult<Response> {
    let id: AccountId = id.parse().map_err(|_| ClientError::NotFound("account"))?;
    let account = state
        .services
        .repo()
        .account(id)
        .await?
        .ok_or(ClientError::NotFound("account"))?;
    show_account(&state, &viewer, &account).await
}

async fn show_account(
    state: &ClientState,
    viewer: &Viewer,
    account: &Account,
) -> ClientResult<Response> {
    let back = format!("/web/accounts/{}", account.id);
    let notes = state
        .services
        .account_timeline(Some(viewer.id()), account.id, &Page::default())
        .await?;
    let cards = render::cards(state, viewer, notes).await?;
    let title = render::name(account).to_owned();
    let body = html! {
        h1 { (title) }
        (card(state, viewer, account, &back).await?)
        section aria-labelledby="their-notes" {
            h2 id="their-notes" { "Notes" }
            (render::notes(&cards, viewer, &back))
        }
    };
    Ok(shell::ok(shell::page(
        state,
        Some(viewer),
        &title,
        "",
        body,
    )))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct InteractionQuery {
    uri: Option<String>,
}

/// Where a remote "follow from your server" form sends our user: the account the `uri`
/// names, with a follow button.
pub(crate) async fn authorize_interaction(
    State(state): State<ClientState>,
    viewer: Viewer,
    Query(query): Query<InteractionQuery>,
) -> ClientResult<Response> {
    let uri = query.uri.unwrap_or_default();
    match lookup::find(&state, &uri).await? {
        Some(account) => show_account(&state, &viewer, &account).await,
        None => {
            follow_page(
                &state,
                &viewer,
                StatusCode::NOT_FOUND,
                &uri,
                Some("No account was found at that address."),
            )
            .await
        }
    }
}

async fn follow_page(
    state: &ClientState,
    viewer: &Viewer,
    status: StatusCode,
    typed: &str,
    error: Option<&str>,
) -> ClientResult<Response> {
    let following = state
        .services
        .repo()
        .following(viewer.id(), &Page::newest(Page::MAX_LIMIT))
        .await?;
    let body = html! {
        h1 { "Follow" }
        form method="post" action="/web/follow" class="card stack" {
            input type="hidden" name="csrf" value=(viewer.csrf);
            div {
                label for="follow-handle" { "Address of the person to follow" }
                input type="text" id="follow-handle" name="handle" value=(typed)
                    placeholder="@someone@example.social" autocapitalize="none" spellcheck="false" required
                    aria-describedby=[error.map(|_| "follow-error")];
            }
            @if let Some(error) = error {
                p class="error" role="alert" id="follow-error" { (error) }
            }
            button type="submit" { "Follow" }
        }
        section aria-labelledby="following-heading" {
            h2 id="following-heading" { "People you follow" }
            @if following.is_empty() {
                p class="muted" { "Nobody yet." }
            } @else {
                ul class="accounts" {
                    @for account in &following {
                        li class="account-row" {
                            div { (render::author_line(Some(account))) }
                            (follow_button(viewer, account, Some(FollowState::Accepted), "/web/follow"))
                        }
                    }
                }
            }
        }
    };
    Ok(shell::respond(
        status,
        shell::page(state, Some(viewer), "Follow", "/web/follow", body),
    ))
}

pub(crate) async fn show(
    State(state): State<ClientState>,
    viewer: Viewer,
) -> ClientResult<Response> {
    follow_page(&state, &viewer, StatusCode::OK, "", None).await
}

#[derive(Deserialize)]
pub(crate) struct FollowForm {
    #[serde(default)]
    csrf: String,
    /// A known account's id (from a button)...
    account: Option<String>,
    /// ...or what a person typed.
    handle: Option<String>,
    back: Option<String>,
}

pub(crate) async fn follow(
    State(state): State<ClientState>,
    viewer: Viewer,
    Form(form): Form<FollowForm>,
) -> ClientResult<Response> {
    viewer.check_csrf(&form.csrf)?;
    let account = match (&form.account, &form.handle) {
        (Some(id), _) if !id.is_empty() => {
            let id: AccountId = id.parse().map_err(|_| ClientError::NotFound("account"))?;
            state.services.repo().account(id).await?
        }
        (_, Some(handle)) => lookup::find(&state, handle).await?,
        _ => None,
    };
    let Some(account) = account else {
        let typed = form.handle.unwrap_or_default();
        return follow_page(
            &state,
            &viewer,
            StatusCode::NOT_FOUND,
            &typed,
            Some("No account was found at that address. Check the spelling: @user@example.social."),
        )
        .await;
    };
    state.services.follow(viewer.id(), account.id).await?;
    let back = match form.back.as_deref() {
        Some(back) => safe_next(Some(back)).to_owned(),
        None => format!("/web/accounts/{}", account.id),
    };
    Ok(see_other(&back))
}

pub(crate) async fn unfollow(
    State(state): State<ClientState>,
    viewer: Viewer,
    Form(form): Form<FollowForm>,
) -> ClientResult<Response> {
    viewer.check_csrf(&form.csrf)?;
    let id: AccountId = form
        .account
        .as_deref()
        .unwrap_or_default()
        .parse()
        .map_err(|_| ClientError::NotFound("account"))?;
    state.services.unfollow(viewer.id(), id).await?;
    Ok(see_other(safe_next(form.back.as_deref())))
}
