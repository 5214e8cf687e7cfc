//! Polls in the client API: `GET /api/v1/polls/:id`, `POST /api/v1/polls/:id/votes`
//! (`choices[]`), and reading `poll[...]` from a new status.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use rookery_core::poll::PollDraft;
use rookery_core::NoteId;
use serde_json::Value;

use crate::auth::{MaybeUser, User};
use crate::entities::poll::{render_poll, PollJson};
use crate::error::ApiError;
use crate::state::ApiState;

/// Mastodon's default lifetime when `poll[expires_in]` is missing: one day.
const DEFAULT_EXPIRES_IN_SECS: u64 = 24 * 3600;

fn parse_id(id: &str) -> Result<NoteId, ApiError> {
    id.parse().map_err(|_| ApiError::NotFound)
}

pub(super) async fn show(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    viewer: MaybeUser,
) -> Result<Json<PollJson>, ApiError> {
    let viewer = viewer.0.map(|u| u.account);
    let note = state
        .services
        .repo()
        .note(parse_id(&id)?)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !state.services.may_view(viewer, &note).await? {
        return Err(ApiError::NotFound);
    }
    let poll = state
        .services
        .repo()
        .poll(note.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(render_poll(&state, &poll, note.author, viewer).await?))
}

pub(super) async fn vote(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<PollJson>, ApiError> {
    user.require("write:statuses")?;
    let note = parse_id(&id)?;
    let choices = choices(&body, is_json(&headers))?;
    let poll = state.services.vote(user.account, note, &choices).await?;
    let author = state
        .services
        .repo()
        .note(note)
        .await?
        .ok_or(ApiError::NotFound)?
        .author;
    Ok(Json(
        render_poll(&state, &poll, author, Some(user.account)).await?,
    ))
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"))
}

/// A number sent as a JSON number or a string, as clients do both.
fn number(field: &str, value: &Value) -> Result<u64, ApiError> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| ApiError::Invalid(format!("{field} is not a number")))
}

fn flag(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.as_str(), "true" | "1" | "on"),
        Some(Value::Number(n)) => n.as_u64() == Some(1),
        _ => false,
    }
}

/// `choices[]` (form) or `{"choices": [...]}` (JSON): 0-based option indexes.
fn choices(body: &[u8], json: bool) -> Result<Vec<u32>, ApiError> {
    let raw: Vec<Value> = if json {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| ApiError::Invalid(e.to_string()))?;
        match value.get("choices") {
            Some(Value::Array(items)) => items.clone(),
            Some(one) => vec![one.clone()],
            None => Vec::new(),
        }
    } else {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(body).map_err(|e| ApiError::Invalid(e.to_string()))?;
        pairs
            .into_iter()
            .filter(|(key, _)| key == "choices[]" || key == "choices")
            .map(|(_, value)| Value::String(value))
            .collect()
    };
    raw.iter()
        .map(|v| {
            number("choices", v)
                .and_then(|n| u32::try_from(n).map_err(|_| ApiError::Invalid("choices".into())))
        })
        .collect()
}

/// The poll of a new status, if it has one: `poll[options][]`, `poll[expires_in]`,
/// `poll[multiple]`, `poll[hide_totals]` in a form, or a `poll` object in JSON.
pub(super) fn poll_draft(body: &[u8], json: bool) -> Result<Option<PollDraft>, ApiError> {
    let poll: Value = if json {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| ApiError::Invalid(e.to_string()))?;
        match value.get("poll") {
            Some(poll @ Value::Object(_)) => poll.clone(),
            _ => return Ok(None),
        }
    } else {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(body).map_err(|e| ApiError::Invalid(e.to_string()))?;
        let mut options = Vec::new();
        let mut poll = serde_json::Map::new();
        for (key, value) in pairs {
            match key.as_str() {
                "poll[options][]" | "poll[options]" => options.push(Value::String(value)),
                "poll[expires_in]" => {
                    poll.insert("expires_in".into(), Value::String(value));
                }
                "poll[multiple]" => {
                    poll.insert("multiple".into(), Value::String(value));
                }
                "poll[hide_totals]" => {
                    poll.insert("hide_totals".into(), Value::String(value));
                }
                _ => {}
            }
        }
        if options.is_empty() && poll.is_empty() {
            return Ok(None);
        }
        poll.insert("options".into(), Value::Array(options));
        Value::Object(poll)
    };
    let options = match poll.get("options") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|o| match o {
                Value::String(s) => Ok(s.clone()),
                _ => Err(ApiError::Invalid("poll options must be text".into())),
            })
            .collect::<Result<Vec<_>, _>>()?,
        _ => Vec::new(),
    };
    let expires_in_secs = match poll.get("expires_in") {
        Some(value) => number("poll expires_in", value)?,
        None => DEFAULT_EXPIRES_IN_SECS,
    };
    Ok(Some(PollDraft {
        options,
        expires_in_secs,
        multiple: flag(poll.get("multiple")),
        hide_totals: flag(poll.get("hide_totals")),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polls_from_forms_and_json() {
        let form = b"status=q&poll%5Boptions%5D%5B%5D=tea&poll[options][]=coffee\
                     &poll[expires_in]=600&poll[multiple]=true";
        let draft = poll_draft(form, false).unwrap().unwrap();
        assert_eq!(draft.options, ["tea", "coffee"]);
        assert_eq!(draft.expires_in_secs, 600);
        assert!(draft.multiple);
        assert!(!draft.hide_totals);
        assert_eq!(poll_draft(b"status=q", false).unwrap(), None);

        let json = br#"{"status":"q","poll":{"options":["a","b"],"expires_in":"3600","hide_totals":true}}"#;
        let draft = poll_draft(json, true).unwrap().unwrap();
        assert_eq!(draft.options, ["a", "b"]);
        assert_eq!(draft.expires_in_secs, 3600);
        assert!(draft.hide_totals);
        assert_eq!(poll_draft(br#"{"status":"q"}"#, true).unwrap(), None);
        assert!(poll_draft(
            br#"{"poll":{"options":["a","b"],"expires_in":"soon"}}"#,
            true
        )
        .is_err());
    }

    #[test]
    fn choices_from_forms_and_json() {
        assert_eq!(
            choices(b"choices%5B%5D=0&choices[]=2", false).unwrap(),
            [0, 2]
        );
        assert_eq!(choices(br#"{"choices":["1", 3]}"#, true).unwrap(), [1, 3]);
        assert!(choices(b"choices[]=x", false).is_err());
    }
}
