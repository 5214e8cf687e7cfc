//! The buttons under a note: like, unlike, boost, unboost and delete. Each is a POST
//! carrying the session's CSRF token, answered with a redirect back to the page it came
//! from (POST-redirect-GET), scrolled to the note.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use rookery_core::NoteId;
use serde::Deserialize;

use super::error::{ClientError, ClientResult};
use super::redirect::{safe_next, see_other};
use super::session::Viewer;
use super::state::ClientState;

#[derive(Deserialize)]
pub(crate) struct ActionForm {
    #[serde(default)]
    csrf: String,
    back: Option<String>,
}

#[derive(Clone, Copy)]
enum Action {
    Like,
    Unlike,
    Boost,
    Unboost,
    Delete,
}

async fn act(
    state: ClientState,
    viewer: Viewer,
    id: String,
    form: ActionForm,
    action: Action,
) -> ClientResult<Response> {
    viewer.check_csrf(&form.csrf)?;
    let note: NoteId = id.parse().map_err(|_| ClientError::NotFound("note"))?;
    let services = &state.services;
    match action {
        Action::Like => drop(services.like(viewer.id(), note).await?),
        Action::Unlike => services.unlike(viewer.id(), note).await?,
        Action::Boost => drop(services.share(viewer.id(), note).await?),
        Action::Unboost => services.unshare(viewer.id(), note).await?,
        Action::Delete => {
            services.delete_note(viewer.id(), note).await?;
            // The note is gone: back to the list without an anchor to it.
            return Ok(see_other(safe_next(form.back.as_deref())));
        }
    }
    let back = safe_next(form.back.as_deref());
    Ok(see_other(&format!("{back}#note-{note}")))
}

pub(crate) async fn like(
    State(state): State<ClientState>,
    Path(id): Path<String>,
    viewer: Viewer,
    Form(form): Form<ActionForm>,
) -> ClientResult<Response> {
    act(state, viewer, id, form, Action::Like).await
}

pub(crate) async fn unlike(
    State(state): State<ClientState>,
    Path(id): Path<String>,
    viewer: Viewer,
    Form(form): Form<ActionForm>,
) -> ClientResult<Response> {
    act(state, viewer, id, form, Action::Unlike).await
}

pub(crate) async fn boost(
    State(state): State<ClientState>,
    Path(id): Path<String>,
    viewer: Viewer,
    Form(form): Form<ActionForm>,
) -> ClientResult<Response> {
    act(state, viewer, id, form, Action::Boost).await
}

pub(crate) async fn unboost(
    State(state): State<ClientState>,
    Path(id): Path<String>,
    viewer: Viewer,
    Form(form): Form<ActionForm>,
) -> ClientResult<Response> {
    act(state, viewer, id, form, Action::Unboost).await
}

pub(crate) async fn delete(
    State(state): State<ClientState>,
    Path(id): Path<String>,
    viewer: Viewer,
    Form(form): Form<ActionForm>,
) -> ClientResult<Response> {
    act(state, viewer, id, form, Action::Delete).await
}
