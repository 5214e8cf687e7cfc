//! `GET /api/v1/notifications`.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::Value;

use crate::auth::User;
use crate::entities::render_notification;
use crate::error::ApiError;
use crate::paging::{link_header, PageQuery};
use crate::state::ApiState;

pub(super) async fn list(
    State(state): State<ApiState>,
    Query(query): Query<PageQuery>,
    user: User,
) -> Result<(HeaderMap, Json<Vec<Value>>), ApiError> {
    user.require("read:notifications")?;
    let notifications = state
        .services
        .notifications(user.account, &query.page()?)
        .await?;
    let mut out = Vec::new();
    let mut ids = Vec::new();
    for notification in &notifications {
        if let Some(rendered) = render_notification(&state, notification).await? {
            ids.push(rendered.id.clone());
            out.push(
                serde_json::to_value(rendered).map_err(|e| ApiError::Unavailable(e.to_string()))?,
            );
        }
    }
    let url = format!("{}/api/v1/notifications", state.instance.public_url);
    Ok((link_header(&url, &ids), Json(out)))
}
