//! More of the instance API: `GET /api/v1/instance/peers`, `/activity` and `/rules`,
//! the user's `GET /api/v1/preferences`, and the filters endpoints (rookery does not
//! filter yet, so they list none).

use axum::extract::State;
use axum::Json;
use rookery_core::Timestamp;
use serde_json::{json, Value};

use crate::auth::User;
use crate::error::ApiError;
use crate::state::ApiState;

/// Mastodon reports the last twelve weeks.
const WEEKS: i64 = 12;
const DAY_MS: i64 = 86_400_000;
const WEEK_MS: i64 = 7 * DAY_MS;

/// Domains of every remote account this instance knows.
pub(super) async fn peers(State(state): State<ApiState>) -> Result<Json<Vec<String>>, ApiError> {
    Ok(Json(state.directory.peers().await?))
}

/// Monday 00:00 UTC of the week containing `now` (1970-01-01 was a Thursday).
fn week_start(now: Timestamp) -> Timestamp {
    let day = now.day_number();
    let since_monday = (day + 3).rem_euclid(7);
    Timestamp::from_millis((day - since_monday) * DAY_MS)
}

/// Twelve weeks of local statuses, sign-ins and registrations, this week first; the
/// numbers are strings, as in Mastodon.
pub(super) async fn activity(State(state): State<ApiState>) -> Result<Json<Vec<Value>>, ApiError> {
    let this_week = week_start(state.services.now());
    let mut weeks = Vec::new();
    for back in 0..WEEKS {
        let from = Timestamp::from_millis(this_week.as_millis() - back * WEEK_MS);
        let to = Timestamp::from_millis(from.as_millis() + WEEK_MS);
        let figures = state.directory.activity(from, to).await?;
        weeks.push(json!({
            "week": from.as_secs().to_string(),
            "statuses": figures.statuses.to_string(),
            "logins": figures.logins.to_string(),
            "registrations": figures.registrations.to_string(),
        }));
    }
    Ok(Json(weeks))
}

/// The rules of `instance.rules`, numbered from 1 in their order.
pub(super) fn rules_json(rules: &[String]) -> Vec<Value> {
    rules
        .iter()
        .enumerate()
        .map(|(i, text)| json!({"id": (i + 1).to_string(), "text": text, "hint": ""}))
        .collect()
}

pub(super) async fn rules(State(state): State<ApiState>) -> Json<Vec<Value>> {
    Json(rules_json(&state.instance.rules))
}

/// Posting and reading defaults; rookery keeps none per user yet, so Mastodon's.
pub(super) async fn preferences(user: User) -> Result<Json<Value>, ApiError> {
    user.require("read:accounts")?;
    Ok(Json(json!({
        "posting:default:visibility": "public",
        "posting:default:sensitive": false,
        "posting:default:language": null,
        "reading:expand:media": "default",
        "reading:expand:spoilers": false,
    })))
}

/// `GET /api/v1/filters` and `/api/v2/filters`: no filters exist yet.
pub(super) async fn filters(user: User) -> Result<Json<Vec<Value>>, ApiError> {
    user.require("read:filters")?;
    Ok(Json(Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        // 2024-12-04 (a Wednesday) 13:00 UTC → Monday 2024-12-02 00:00 UTC.
        let wednesday = Timestamp::from_secs(1_733_317_200);
        assert_eq!(week_start(wednesday), Timestamp::from_secs(1_733_097_600));
        // A Monday at midnight is its own week's start.
        let monday = Timestamp::from_secs(1_733_097_600);
        assert_eq!(week_start(monday), monday);
        assert_eq!(
            rules_json(&["Be kind".into()]),
            vec![json!({"id": "1", "text": "Be kind", "hint": ""})]
        );
    }
}
