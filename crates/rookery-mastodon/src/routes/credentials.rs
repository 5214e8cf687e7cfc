//! `PATCH /api/v1/accounts/update_credentials`: the logged-in user edits their profile
//! through core's `update_profile` (which federates it), and gets Mastodon's
//! `CredentialAccount` back (the account with its `source`).

use std::collections::BTreeMap;

use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::routing::patch;
use axum::{Json, Router};
use rookery_core::service::ProfileChange;
use rookery_core::Account;
use serde_json::{json, Value};

use crate::auth::User;
use crate::entities::render_account;
use crate::error::ApiError;
use crate::state::ApiState;

/// Largest non-file body read: the text fields are small.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// `PATCH /api/v1/accounts/update_credentials`, whose body may carry two images: its
/// limit is twice the upload limit plus room for the text fields.
pub(super) fn routes(state: ApiState) -> Router {
    let limit = state
        .media
        .limits()
        .max_bytes
        .saturating_mul(2)
        .saturating_add(MAX_FORM_BYTES as u64);
    Router::new()
        .route(
            "/api/v1/accounts/update_credentials",
            patch(update_credentials),
        )
        .layer(DefaultBodyLimit::max(
            usize::try_from(limit).unwrap_or(usize::MAX),
        ))
        .with_state(state)
}

/// The account with `source` (what the user typed), as `verify_credentials` and
/// `update_credentials` answer.
pub(super) async fn credential_account(
    state: &ApiState,
    account: &Account,
) -> Result<Value, ApiError> {
    let rendered = render_account(state, account).await?;
    let mut value =
        serde_json::to_value(rendered).map_err(|e| ApiError::Unavailable(e.to_string()))?;
    value["source"] = json!({
        "privacy": "public", "sensitive": false, "language": null,
        "note": rookery_html::plain_text(&account.note), "fields": source_fields(account),
        "follow_requests_count": 0,
        "discoverable": account.discoverable, "indexable": account.discoverable,
    });
    // Mastodon's built-in role for users without one (`everyone`, id -99): no badge, no
    // special permissions. rookery has no custom roles.
    value["role"] = json!({
        "id": "-99", "name": "", "color": "", "permissions": "0", "highlighted": false,
    });
    Ok(value)
}

/// The fields as the user would type them again: values back to plain text.
fn source_fields(account: &Account) -> Value {
    account
        .profile
        .fields
        .iter()
        .map(|f| json!({"name": f.name, "value": rookery_html::plain_text(&f.value), "verified_at": null}))
        .collect()
}

pub(super) async fn update_credentials(
    State(state): State<ApiState>,
    user: User,
    request: Request,
) -> Result<Json<Value>, ApiError> {
    user.require("write:accounts")?;
    let form = read_form(&state, request).await?;
    let mut change = profile_change(&form.pairs)?;
    // Images are checked and stored before the profile changes, so a non-image refuses
    // the whole update (422) and nothing is half-applied.
    let mut stored = Vec::new();
    for (name, bytes) in form.files {
        let image = match state.media.store_image(bytes).await {
            Ok(image) => image,
            Err(error) => {
                for image in &stored {
                    state.media.remove(image).await;
                }
                return Err(media_error(&name, error));
            }
        };
        let url = image.original.url.clone();
        stored.push(image);
        if name == "avatar" {
            change.avatar = Some(url);
        } else {
            change.header = Some(url);
        }
    }
    let account = match state.services.update_profile(user.account, change).await {
        Ok(account) => account,
        Err(error) => {
            for image in &stored {
                state.media.remove(image).await;
            }
            return Err(error.into());
        }
    };
    Ok(Json(credential_account(&state, &account).await?))
}

fn media_error(field: &str, error: rookery_media::MediaError) -> ApiError {
    if error.is_refusal() {
        ApiError::Invalid(format!("{field}: {error}"))
    } else {
        ApiError::Unavailable(error.to_string())
    }
}

/// What the body carried: text fields as (name, value) and the `avatar`/`header`
/// image files as (name, bytes).
#[derive(Default)]
struct Form {
    pairs: Vec<(String, String)>,
    files: Vec<(String, Vec<u8>)>,
}

/// The body's fields, whether it is multipart, a form or JSON.
async fn read_form(state: &ApiState, request: Request) -> Result<Form, ApiError> {
    let content_type = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, state)
            .await
            .map_err(|e| ApiError::Invalid(e.body_text()))?;
        let mut form = Form::default();
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| ApiError::Invalid(e.body_text()))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            if field.file_name().is_some() {
                // Other file parts are not part of Mastodon's form: skipped.
                if name == "avatar" || name == "header" {
                    let bytes = field
                        .bytes()
                        .await
                        .map_err(|e| ApiError::Invalid(e.body_text()))?;
                    form.files.push((name, bytes.to_vec()));
                }
                continue;
            }
            let value = field
                .text()
                .await
                .map_err(|e| ApiError::Invalid(e.body_text()))?;
            form.pairs.push((name, value));
        }
        return Ok(form);
    }
    let body = axum::body::to_bytes(request.into_body(), MAX_FORM_BYTES)
        .await
        .map_err(|_| ApiError::Invalid("the body is too large".into()))?;
    let pairs = if content_type.starts_with("application/json") {
        let value: Value =
            serde_json::from_slice(&body).map_err(|e| ApiError::Invalid(e.to_string()))?;
        let Value::Object(map) = value else {
            return Err(ApiError::Invalid("the body must be a JSON object".into()));
        };
        let mut pairs = Vec::new();
        for (key, value) in map {
            flatten(&key, value, &mut pairs);
        }
        pairs
    } else {
        serde_urlencoded::from_bytes(&body).map_err(|e| ApiError::Invalid(e.to_string()))?
    };
    Ok(Form {
        pairs,
        files: Vec::new(),
    })
}

/// JSON values as the form keys Rails would give them: `fields_attributes` as an array
/// or an index-keyed object becomes `fields_attributes[0][name]`, and so on.
fn flatten(key: &str, value: Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) => pairs.push((key.to_owned(), s)),
        Value::Bool(b) => pairs.push((key.to_owned(), b.to_string())),
        Value::Number(n) => pairs.push((key.to_owned(), n.to_string())),
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                flatten(&format!("{key}[{i}]"), item, pairs);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                flatten(&format!("{key}[{k}]"), item, pairs);
            }
        }
        Value::Null => {}
    }
}

/// Mastodon's booleans in forms: `true`/`1`/`on` and `false`/`0`/`off`.
fn parse_bool(field: &str, value: &str) -> Result<bool, ApiError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "on" | "yes" => Ok(true),
        "false" | "0" | "off" | "no" | "" => Ok(false),
        other => Err(ApiError::Invalid(format!(
            "{field} {other:?} is not a boolean"
        ))),
    }
}

fn profile_change(pairs: &[(String, String)]) -> Result<ProfileChange, ApiError> {
    let mut change = ProfileChange::default();
    let mut indexable = None;
    let mut fields: BTreeMap<usize, (String, String)> = BTreeMap::new();
    let mut fields_sent = false;
    for (name, value) in pairs {
        if let Some((index, part)) = field_attribute(name) {
            fields_sent = true;
            let entry = fields.entry(index).or_default();
            match part {
                "name" => entry.0 = value.clone(),
                "value" => entry.1 = value.clone(),
                _ => {}
            }
            continue;
        }
        match name.as_str() {
            "display_name" => change.display_name = Some(value.clone()),
            "note" => change.note = Some(value.clone()),
            "locked" => change.locked = Some(parse_bool(name, value)?),
            "bot" => change.bot = Some(parse_bool(name, value)?),
            "discoverable" => change.discoverable = Some(parse_bool(name, value)?),
            "indexable" => indexable = Some(parse_bool(name, value)?),
            _ => {}
        }
    }
    // rookery keeps one flag for both (its actors publish `discoverable` and
    // `indexable` alike); `discoverable` wins when both are sent.
    change.discoverable = change.discoverable.or(indexable);
    if fields_sent {
        change.fields = Some(fields.into_values().collect());
    }
    Ok(change)
}

/// `fields_attributes[3][name]` → (3, "name").
fn field_attribute(key: &str) -> Option<(usize, &str)> {
    let rest = key.strip_prefix("fields_attributes[")?;
    let (index, rest) = rest.split_once("][")?;
    let part = rest.strip_suffix(']')?;
    Some((index.parse().ok()?, part))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn form_fields_become_a_profile_change() {
        let change = profile_change(&pairs(&[
            ("display_name", "Alice A."),
            ("note", "hi"),
            ("locked", "1"),
            ("bot", "false"),
            ("fields_attributes[0][name]", "site"),
        ]))
        .unwrap();
        assert_eq!(change.display_name.as_deref(), Some("Alice A."));
        assert_eq!(change.note.as_deref(), Some("hi"));
        assert_eq!(change.locked, Some(true));
        assert_eq!(change.bot, Some(false));
        assert_eq!(change.discoverable, None);
        assert!(profile_change(&pairs(&[("locked", "maybe")])).is_err());
        let fields = change.fields.unwrap();
        assert_eq!(fields, vec![("site".to_owned(), String::new())]);
    }

    #[test]
    fn json_fields_attributes_flatten_in_order() {
        let body = json!({"fields_attributes": [
            {"name": "a", "value": "1"}, {"name": "b", "value": "2"}
        ], "indexable": true});
        let mut flat = Vec::new();
        for (k, v) in body.as_object().unwrap().clone() {
            flatten(&k, v, &mut flat);
        }
        let change = profile_change(&flat).unwrap();
        assert_eq!(
            change.fields.unwrap(),
            vec![("a".into(), "1".into()), ("b".into(), "2".into())]
        );
        assert_eq!(change.discoverable, Some(true));
        assert_eq!(profile_change(&[]).unwrap().fields, None);
    }
}
