//! `GET /api/v1/markers?timeline[]=home&timeline[]=notifications` and
//! `POST /api/v1/markers` (`home[last_read_id]`, `notifications[last_read_id]`): where
//! the account stopped reading, synced between its clients.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;
use rookery_core::ports::{Marker, MarkerTimeline};
use rookery_core::Id;
use serde_json::{Map, Value};

use super::params::Params;
use crate::auth::User;
use crate::error::ApiError;
use crate::state::ApiState;

fn render(markers: &[Marker]) -> Json<Value> {
    let mut out = Map::new();
    for marker in markers {
        out.insert(
            marker.timeline.as_str().to_owned(),
            serde_json::json!({
                "last_read_id": marker.last_read_id.to_string(),
                "version": marker.version,
                "updated_at": marker.updated_at.to_rfc3339(),
            }),
        );
    }
    Json(Value::Object(out))
}

pub(super) async fn show(
    State(state): State<ApiState>,
    RawQuery(raw): RawQuery,
    user: User,
) -> Result<Json<Value>, ApiError> {
    user.require("read:statuses")?;
    let params = Params::from_query(raw.as_deref())?;
    // Unknown timeline names are ignored, as Mastodon does.
    let wanted: Vec<MarkerTimeline> = params
        .all("timeline")
        .into_iter()
        .filter_map(MarkerTimeline::parse)
        .collect();
    let markers: Vec<Marker> = state
        .personal
        .markers(user.account)
        .await?
        .into_iter()
        .filter(|m| wanted.contains(&m.timeline))
        .collect();
    Ok(render(&markers))
}

pub(super) async fn save(
    State(state): State<ApiState>,
    RawQuery(raw): RawQuery,
    user: User,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    user.require("write:statuses")?;
    let params = Params::from_request(raw.as_deref(), &headers, &body)?;
    // Validate every marker before saving any, so a bad one changes nothing.
    let mut wanted = Vec::new();
    for timeline in MarkerTimeline::ALL {
        let key = format!("{}[last_read_id]", timeline.as_str());
        if let Some(value) = params.get(&key) {
            let id: Id = value
                .parse()
                .map_err(|_| ApiError::Invalid(format!("{key} {value:?} is not an id")))?;
            wanted.push((timeline, id));
        }
    }
    let mut saved = Vec::new();
    for (timeline, id) in wanted {
        saved.push(
            state
                .personal
                .save_marker(user.account, timeline, id, state.services.now())
                .await?,
        );
    }
    Ok(render(&saved))
}
