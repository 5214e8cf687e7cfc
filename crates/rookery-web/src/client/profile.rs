//! `/web/profile`: the logged-in user edits their display name, biography, avatar,
//! header, up to four profile fields and whether they approve followers, through core's
//! `update_profile` (which sends the new profile to their followers' servers over each
//! protocol). Images go through the media library (type sniffed, metadata stripped).

use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use rookery_core::profile::MAX_PROFILE_FIELDS;
use rookery_core::service::ProfileChange;
use serde::Deserialize;

use super::error::{ClientError, ClientResult};
use super::redirect::see_other;
use super::render;
use super::session::Viewer;
use super::shell;
use super::state::ClientState;

/// What the form sent.
#[derive(Debug, Default)]
struct ProfileForm {
    csrf: String,
    display_name: String,
    bio: String,
    locked: bool,
    /// Name and value of each field row, as typed.
    fields: [(String, String); MAX_PROFILE_FIELDS],
    avatar: Option<Vec<u8>>,
    header: Option<Vec<u8>>,
}

impl ProfileForm {
    /// The form filled with what is stored. The biography and field values are kept as
    /// HTML, so the editor shows their text (links come back as their text).
    fn current(viewer: &Viewer) -> Self {
        let account = &viewer.account;
        let mut fields: [(String, String); MAX_PROFILE_FIELDS] = Default::default();
        for (row, field) in fields.iter_mut().zip(&account.profile.fields) {
            *row = (field.name.clone(), rookery_html::plain_text(&field.value));
        }
        ProfileForm {
            display_name: account.display_name.clone(),
            bio: rookery_html::plain_text(&account.note),
            locked: account.locked,
            fields,
            ..ProfileForm::default()
        }
    }

    /// The rows with a name or a value, in order: the whole new list of fields.
    fn typed_fields(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .filter(|(name, value)| !name.trim().is_empty() || !value.trim().is_empty())
            .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
            .collect()
    }
}

/// The current avatar or header, shown above its file input.
fn current_image(state: &ClientState, url: Option<&String>, alt: &str, class: &str) -> Markup {
    html! {
        @if let Some(url) = url {
            img class=(class) src=(render::media_links(&state.instance.public_url, url).href) alt=(alt);
        }
    }
}

fn page(
    state: &ClientState,
    viewer: &Viewer,
    values: &ProfileForm,
    status: StatusCode,
    error: Option<&str>,
    saved: bool,
) -> Response {
    let account = &viewer.account;
    let public_page = format!("/@{}", account.username);
    let body = html! {
        h1 { "Edit profile" }
        p { "You appear as " strong { (render::name(account)) } " "
            span class="handle" { (render::handle(account)) "@" (state.services.local_domain()) } }
        p { a href=(public_page) { "See your public profile page" } }
        @if saved {
            p class="card" role="status" { "Profile saved." }
        }
        @if let Some(error) = error {
            p class="error" role="alert" { (error) }
        }
        form method="post" action="/web/profile" enctype="multipart/form-data" class="card stack" {
            input type="hidden" name="csrf" value=(viewer.csrf);
            div {
                label for="profile-name" { "Display name" }
                input type="text" id="profile-name" name="display_name" value=(values.display_name)
                    maxlength="30" autocomplete="nickname";
            }
            div {
                label for="profile-bio" { "Biography" }
                textarea id="profile-bio" name="bio" rows="4" maxlength="500" { (values.bio) }
            }
            div {
                (current_image(state, account.profile.avatar.as_ref(), "Your current avatar", "avatar avatar-large"))
                label for="profile-avatar" { "Avatar (PNG, JPEG, GIF or WebP)" }
                input type="file" id="profile-avatar" name="avatar" accept="image/png,image/jpeg,image/gif,image/webp";
            }
            div {
                (current_image(state, account.profile.header.as_ref(), "Your current header", "profile-banner"))
                label for="profile-header" { "Header image" }
                input type="file" id="profile-header" name="header" accept="image/png,image/jpeg,image/gif,image/webp";
            }
            fieldset class="profile-fields" {
                legend { "Profile fields (shown as a table on your profile)" }
                @for (i, (name, value)) in values.fields.iter().enumerate() {
                    div class="field-pair" {
                        div {
                            label for={ "field-name-" (i) } { "Field " (i + 1) " label" }
                            input type="text" id={ "field-name-" (i) } name={ "field_name_" (i) } value=(name) maxlength="255";
                        }
                        div {
                            label for={ "field-value-" (i) } { "Field " (i + 1) " content" }
                            input type="text" id={ "field-value-" (i) } name={ "field_value_" (i) } value=(value) maxlength="2047";
                        }
                    }
                }
            }
            div class="checkbox" {
                input type="checkbox" id="profile-locked" name="locked" value="true" checked[values.locked];
                label for="profile-locked" { "Approve followers by hand (locked account)" }
            }
            button type="submit" { "Save profile" }
        }
    };
    shell::respond(
        status,
        shell::page(state, Some(viewer), "Edit profile", "/web/profile", body),
    )
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ProfileQuery {
    saved: Option<String>,
}

pub(crate) async fn show(
    State(state): State<ClientState>,
    viewer: Viewer,
    Query(query): Query<ProfileQuery>,
) -> Response {
    let values = ProfileForm::current(&viewer);
    let saved = query.saved.is_some();
    page(&state, &viewer, &values, StatusCode::OK, None, saved)
}

/// The row index of `field_name_N` / `field_value_N`, if it is one of the rows.
fn row(name: &str, prefix: &str) -> Option<usize> {
    name.strip_prefix(prefix)?
        .parse()
        .ok()
        .filter(|i| *i < MAX_PROFILE_FIELDS)
}

async fn read_form(mut multipart: Multipart) -> ClientResult<ProfileForm> {
    let bad = |e: axum::extract::multipart::MultipartError| ClientError::Invalid(e.body_text());
    let mut form = ProfileForm::default();
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "csrf" => form.csrf = field.text().await.map_err(bad)?,
            "display_name" => form.display_name = field.text().await.map_err(bad)?,
            "bio" => form.bio = field.text().await.map_err(bad)?,
            // An unchecked box sends nothing; a checked one sends its value.
            "locked" => form.locked = field.text().await.map_err(bad)? == "true",
            "avatar" | "header" => {
                // A file input left empty still sends a part, with no bytes.
                let bytes = field.bytes().await.map_err(bad)?;
                let image = (!bytes.is_empty()).then(|| bytes.to_vec());
                if name == "avatar" {
                    form.avatar = image;
                } else {
                    form.header = image;
                }
            }
            other => {
                if let Some(i) = row(other, "field_name_") {
                    form.fields[i].0 = field.text().await.map_err(bad)?;
                } else if let Some(i) = row(other, "field_value_") {
                    form.fields[i].1 = field.text().await.map_err(bad)?;
                }
            }
        }
    }
    Ok(form)
}

/// Stores an uploaded avatar or header; returns its URL.
async fn store_image(state: &ClientState, bytes: Vec<u8>, what: &str) -> ClientResult<String> {
    match state.media.store_image(bytes).await {
        Ok(image) => Ok(image.original.url),
        Err(e) if e.is_refusal() => Err(ClientError::Invalid(format!(
            "The {what} was refused: {e}."
        ))),
        Err(e) => Err(ClientError::Unavailable(e.to_string())),
    }
}

async fn apply(state: &ClientState, viewer: &Viewer, form: &mut ProfileForm) -> ClientResult<()> {
    let avatar = match form.avatar.take() {
        Some(bytes) => Some(store_image(state, bytes, "avatar").await?),
        None => None,
    };
    let header = match form.header.take() {
        Some(bytes) => Some(store_image(state, bytes, "header image").await?),
        None => None,
    };
    let change = ProfileChange {
        display_name: Some(form.display_name.clone()),
        note: Some(form.bio.clone()),
        locked: Some(form.locked),
        avatar,
        header,
        fields: Some(form.typed_fields()),
        ..ProfileChange::default()
    };
    state.services.update_profile(viewer.id(), change).await?;
    Ok(())
}

pub(crate) async fn submit(
    State(state): State<ClientState>,
    viewer: Viewer,
    multipart: Multipart,
) -> ClientResult<Response> {
    let mut form = read_form(multipart).await?;
    viewer.check_csrf(&form.csrf)?;
    match apply(&state, &viewer, &mut form).await {
        Ok(()) => Ok(see_other("/web/profile?saved=1")),
        Err(ClientError::Invalid(why)) => Ok(page(
            &state,
            &viewer,
            &form,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(&why),
            false,
        )),
        Err(other) => Err(other),
    }
}
