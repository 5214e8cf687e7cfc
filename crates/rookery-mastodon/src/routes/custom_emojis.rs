//! `GET /api/v1/custom_emojis`: the instance's own emoji, for client pickers (public,
//! as in Mastodon).

use axum::extract::State;
use axum::Json;
use serde_json::Value;

use crate::entities::emoji::local_emoji_json;
use crate::state::ApiState;

pub(super) async fn custom_emojis(State(state): State<ApiState>) -> Json<Vec<Value>> {
    Json(
        state
            .services
            .local_emojis()
            .all()
            .iter()
            .map(local_emoji_json)
            .collect(),
    )
}
