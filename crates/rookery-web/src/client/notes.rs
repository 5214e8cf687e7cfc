//! `/web/notes/{id}`: one note with the note it answers and the replies the viewer may
//! see. Someone else's private note is "not found", revealing nothing about it.

use axum::extract::{Path, State};
use axum::response::Response;
use maud::html;
use rookery_core::NoteId;

use super::error::{ClientError, ClientResult};
use super::render;
use super::session::Viewer;
use super::shell;
use super::state::ClientState;

pub(crate) async fn show(
    State(state): State<ClientState>,
    Path(id): Path<String>,
    viewer: Viewer,
) -> ClientResult<Response> {
    let id: NoteId = id.parse().map_err(|_| ClientError::NotFound("note"))?;
    let services = &state.services;
    let repo = services.repo();
    let note = repo.note(id).await?.ok_or(ClientError::NotFound("note"))?;
    if !services.may_view(Some(viewer.id()), &note).await? {
        return Err(ClientError::NotFound("note"));
    }
    let mut parent = Vec::new();
    if let Some(parent_id) = note.in_reply_to {
        if let Some(p) = repo.note(parent_id).await? {
            if services.may_view(Some(viewer.id()), &p).await? {
                parent.push(p);
            }
        }
    }
    let mut replies = Vec::new();
    for reply in repo.replies_to(id).await? {
        if services.may_view(Some(viewer.id()), &reply).await? {
            replies.push(reply);
        }
    }
    let back = format!("/web/notes/{id}");
    let parent = render::cards(&state, &viewer, parent).await?;
    let focus = render::cards(&state, &viewer, vec![note]).await?;
    let replies = render::cards(&state, &viewer, replies).await?;
    let body = html! {
        h1 { "Note" }
        @if !parent.is_empty() {
            section aria-label="In reply to" { (render::notes(&parent, &viewer, &back)) }
        }
        section aria-label="The note" class="focus-note" { (render::notes(&focus, &viewer, &back)) }
        section aria-labelledby="replies-heading" {
            h2 id="replies-heading" { "Replies" }
            (render::notes(&replies, &viewer, &back))
        }
    };
    Ok(shell::ok(shell::page(
        &state,
        Some(&viewer),
        "Note",
        "",
        body,
    )))
}
