//! Writing a note: `/web/compose` (also as a reply, `?in_reply_to=ID`, prefilled with
//! the people to answer) with text, a content warning, the visibility, and an image with
//! its alt text. The form is `multipart/form-data` because of the image; the note is
//! posted through core's use case, which federates it.

use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use rookery_core::service::Draft;
use rookery_core::{Note, NoteId, Visibility};
use serde::Deserialize;

use super::error::{ClientError, ClientResult};
use super::redirect::see_other;
use super::render::{self, NoteCard};
use super::session::Viewer;
use super::shell;
use super::state::ClientState;
use super::upload;

/// What the form sent (and what it shows again when the note is refused).
#[derive(Debug, Default)]
pub(crate) struct ComposeForm {
    csrf: String,
    text: String,
    content_warning: String,
    visibility: String,
    in_reply_to: String,
    image: Option<Vec<u8>>,
    alt: String,
}

const VISIBILITIES: [(Visibility, &str); 4] = [
    (Visibility::Public, "Public: everyone, in public timelines"),
    (
        Visibility::Unlisted,
        "Unlisted: everyone, not in public timelines",
    ),
    (Visibility::FollowersOnly, "Followers only"),
    (Visibility::Direct, "Direct: only the people mentioned"),
];

/// The form's fields; `values` fills them again after a refusal.
fn fields(viewer: &Viewer, values: &ComposeForm, full: bool) -> Markup {
    let chosen = values.visibility.parse().unwrap_or(Visibility::Public);
    html! {
        form method="post" action="/web/compose" enctype="multipart/form-data" class="compose stack" {
            input type="hidden" name="csrf" value=(viewer.csrf);
            @if !values.in_reply_to.is_empty() {
                input type="hidden" name="in_reply_to" value=(values.in_reply_to);
            }
            div {
                label for="compose-cw" { "Content warning (optional)" }
                input type="text" id="compose-cw" name="content_warning" value=(values.content_warning)
                    maxlength="500";
            }
            div {
                label for="compose-text" { "What's on your mind?" }
                textarea id="compose-text" name="text" rows=(if full { "6" } else { "3" })
                    maxlength=(rookery_core::service::MAX_NOTE_CHARS) { (values.text) }
            }
            @if full {
                div {
                    label for="compose-image" { "Image (optional)" }
                    input type="file" id="compose-image" name="image" accept="image/png,image/jpeg,image/gif,image/webp";
                }
                div {
                    label for="compose-alt" { "Image description (alt text)" }
                    input type="text" id="compose-alt" name="alt" value=(values.alt) maxlength="1500"
                        aria-describedby="compose-alt-help";
                    p id="compose-alt-help" class="muted hint" { "Describe the image for people who cannot see it." }
                }
            }
            div class="compose-row" {
                div {
                    label for="compose-visibility" { "Who can see it" }
                    select id="compose-visibility" name="visibility" {
                        @for (visibility, label) in VISIBILITIES {
                            option value=(visibility.as_str()) selected[visibility == chosen] { (label) }
                        }
                    }
                }
                button type="submit" { "Post" }
            }
            @if !full {
                p class="muted hint" { a href="/web/compose" { "Add an image" } }
            }
        }
    }
}

/// The small form atop the home timeline.
pub(crate) fn quick_form(viewer: &Viewer) -> Markup {
    fields(viewer, &ComposeForm::default(), false)
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ComposeQuery {
    in_reply_to: Option<String>,
}

/// The note answered, if the viewer may see it; someone else's private note is "not
/// found", so the page reveals nothing about it.
async fn parent(state: &ClientState, viewer: &Viewer, id: &str) -> ClientResult<Option<NoteCard>> {
    let id = id.trim();
    if id.is_empty() {
        return Ok(None);
    }
    let id: NoteId = id.parse().map_err(|_| ClientError::NotFound("note"))?;
    let note = state
        .services
        .repo()
        .note(id)
        .await?
        .ok_or(ClientError::NotFound("note"))?;
    if !state.services.may_view(Some(viewer.id()), &note).await? {
        return Err(ClientError::NotFound("note"));
    }
    let mut cards = render::cards(state, viewer, vec![note]).await?;
    Ok(cards.pop())
}

/// The mentions a reply starts with: the author answered and the people they named,
/// minus the viewer.
async fn reply_mentions(state: &ClientState, viewer: &Viewer, note: &Note) -> ClientResult<String> {
    let mut ids = vec![note.author];
    ids.extend(note.mentions.iter().copied());
    let mut seen = Vec::new();
    ids.retain(|id| {
        *id != viewer.id() && !seen.contains(id) && {
            seen.push(*id);
            true
        }
    });
    let accounts = state.services.repo().accounts(&ids).await?;
    let mut text = String::new();
    for id in ids {
        if let Some(account) = accounts.iter().find(|a| a.id == id) {
            text.push_str(&render::handle(account));
            text.push(' ');
        }
    }
    Ok(text)
}

async fn page(
    state: &ClientState,
    viewer: &Viewer,
    values: &ComposeForm,
    status: StatusCode,
    error: Option<&str>,
) -> ClientResult<Response> {
    let parent = parent(state, viewer, &values.in_reply_to).await?;
    let title = if parent.is_some() {
        "Reply"
    } else {
        "Write a note"
    };
    let body = html! {
        h1 { (title) }
        @if let Some(parent) = &parent {
            section aria-label="The note you answer" {
                ol class="notes" { (render::note(parent, viewer, "/web/home")) }
            }
        }
        @if let Some(error) = error {
            p class="error" role="alert" { (error) }
        }
        (fields(viewer, values, true))
    };
    Ok(shell::respond(
        status,
        shell::page(state, Some(viewer), title, "/web/compose", body),
    ))
}

pub(crate) async fn show(
    State(state): State<ClientState>,
    viewer: Viewer,
    Query(query): Query<ComposeQuery>,
) -> ClientResult<Response> {
    let mut values = ComposeForm {
        in_reply_to: query.in_reply_to.unwrap_or_default(),
        ..ComposeForm::default()
    };
    if let Some(parent) = parent(&state, &viewer, &values.in_reply_to).await? {
        values.text = reply_mentions(&state, &viewer, &parent.note).await?;
        // A reply keeps its parent's audience unless the writer widens it on purpose.
        values.visibility = parent.note.visibility.as_str().to_owned();
        values.content_warning = parent.note.content_warning.clone();
    }
    page(&state, &viewer, &values, StatusCode::OK, None).await
}

/// Reads the multipart form; unknown fields are ignored.
async fn read_form(mut multipart: Multipart) -> ClientResult<ComposeForm> {
    let bad = |e: axum::extract::multipart::MultipartError| ClientError::Invalid(e.body_text());
    let mut form = ComposeForm::default();
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "image" => {
                let bytes = field.bytes().await.map_err(bad)?;
                if !bytes.is_empty() {
                    form.image = Some(bytes.to_vec());
                }
            }
            "csrf" => form.csrf = field.text().await.map_err(bad)?,
            "text" => form.text = field.text().await.map_err(bad)?,
            "content_warning" => form.content_warning = field.text().await.map_err(bad)?,
            "visibility" => form.visibility = field.text().await.map_err(bad)?,
            "in_reply_to" => form.in_reply_to = field.text().await.map_err(bad)?,
            "alt" => form.alt = field.text().await.map_err(bad)?,
            _ => {}
        }
    }
    Ok(form)
}

pub(crate) async fn submit(
    State(state): State<ClientState>,
    viewer: Viewer,
    multipart: Multipart,
) -> ClientResult<Response> {
    let mut form = read_form(multipart).await?;
    viewer.check_csrf(&form.csrf)?;
    let visibility: Visibility = match form.visibility.parse() {
        Ok(v) => v,
        Err(e) => return refuse(&state, &viewer, &form, &e.to_string()).await,
    };
    let in_reply_to = match form.in_reply_to.trim() {
        "" => None,
        id => Some(id.parse().map_err(|_| ClientError::NotFound("note"))?),
    };
    let mut media = Vec::new();
    if let Some(bytes) = form.image.take() {
        match upload::store(&state, &viewer, bytes, &form.alt).await {
            Ok(id) => media.push(id),
            Err(ClientError::Invalid(why)) => return refuse(&state, &viewer, &form, &why).await,
            Err(other) => return Err(other),
        }
    }
    let content_warning = form.content_warning.trim().to_owned();
    let draft = Draft {
        text: form.text.clone(),
        sensitive: !content_warning.is_empty(),
        content_warning,
        language: None,
        visibility,
        in_reply_to,
    };
    match state
        .services
        .post_note_with_media(viewer.id(), draft, &media)
        .await
    {
        Ok(_) => Ok(see_other("/web/home")),
        Err(e) => match ClientError::from(e) {
            ClientError::Invalid(why) => refuse(&state, &viewer, &form, &why).await,
            other => Err(other),
        },
    }
}

/// The form again with what was typed and why it was refused. The image is not sent
/// back (a browser cannot be given a file); the user picks it again.
async fn refuse(
    state: &ClientState,
    viewer: &Viewer,
    form: &ComposeForm,
    why: &str,
) -> ClientResult<Response> {
    let values = ComposeForm {
        csrf: String::new(),
        text: form.text.clone(),
        content_warning: form.content_warning.clone(),
        visibility: form.visibility.clone(),
        in_reply_to: form.in_reply_to.clone(),
        image: None,
        alt: form.alt.clone(),
    };
    page(
        state,
        viewer,
        &values,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(why),
    )
    .await
}
