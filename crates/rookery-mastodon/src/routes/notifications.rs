//! `/api/v1/notifications`: the list (with Mastodon's `types[]`, `exclude_types[]` and
//! `account_id` filters), one notification, dismissing one, clearing all, and the count
//! of unread ones (newer than the `notifications` read marker).

use axum::extract::{Path, RawQuery, State};
use axum::Json;
use rookery_core::notification::{Notification, NotificationKind};
use rookery_core::ports::{MarkerTimeline, NotificationFilter};
use rookery_core::{AccountId, NotificationId};
use serde_json::{json, Value};

use super::listing::{listing, to_value, Listing};
use super::params::Params;
use crate::auth::User;
use crate::entities::render_notification;
use crate::error::ApiError;
use crate::paging::PageQuery;
use crate::state::ApiState;

/// Mastodon's default and largest `limit` of `unread_count`.
const UNREAD_DEFAULT: u32 = 100;
const UNREAD_MAX: u32 = 1000;

fn parse_id(id: &str) -> Result<NotificationId, ApiError> {
    id.parse().map_err(|_| ApiError::NotFound)
}

/// Reads the filters. `None` when `types[]` names only types rookery never produces, so
/// the answer is empty (an empty `types` would otherwise mean "all").
fn filter(params: &Params) -> Result<Option<NotificationFilter>, ApiError> {
    let asked = params.all("types");
    let types: Vec<NotificationKind> = asked
        .iter()
        .filter_map(|t| NotificationKind::parse(t))
        .collect();
    if !asked.is_empty() && types.is_empty() {
        return Ok(None);
    }
    let exclude_types = params
        .all("exclude_types")
        .into_iter()
        .filter_map(NotificationKind::parse)
        .collect();
    let from = match params.get("account_id") {
        Some(id) => Some(
            id.parse::<AccountId>()
                .map_err(|_| ApiError::Invalid(format!("account_id {id:?} is not an id")))?,
        ),
        None => None,
    };
    Ok(Some(NotificationFilter {
        types,
        exclude_types,
        from,
    }))
}

pub(super) async fn list(
    State(state): State<ApiState>,
    RawQuery(raw): RawQuery,
    user: User,
) -> Result<Listing, ApiError> {
    user.require("read:notifications")?;
    let params = Params::from_query(raw.as_deref())?;
    let page = PageQuery {
        max_id: params.get("max_id").map(str::to_owned),
        since_id: params.get("since_id").map(str::to_owned),
        min_id: params.get("min_id").map(str::to_owned),
        limit: params.get("limit").map(str::to_owned),
    }
    .page()?;
    let notifications = match filter(&params)? {
        Some(filter) => {
            state
                .personal
                .filtered_notifications(user.account, &filter, &page)
                .await?
        }
        None => Vec::new(),
    };
    let mut items = Vec::new();
    let mut ids = Vec::new();
    for notification in &notifications {
        if let Some(rendered) = render_notification(&state, notification).await? {
            ids.push(rendered.id.clone());
            items.push(to_value(rendered)?);
        }
    }
    Ok(listing(&state, "/api/v1/notifications", &ids, items))
}

async fn own(state: &ApiState, user: &User, id: &str) -> Result<Notification, ApiError> {
    state
        .personal
        .notification(user.account, parse_id(id)?)
        .await?
        .ok_or(ApiError::NotFound)
}

pub(super) async fn show(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
) -> Result<Json<Value>, ApiError> {
    user.require("read:notifications")?;
    let notification = own(&state, &user, &id).await?;
    // A notification whose account or note is gone is as good as gone.
    let rendered = render_notification(&state, &notification)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(to_value(rendered)?))
}

pub(super) async fn dismiss(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
) -> Result<Json<Value>, ApiError> {
    user.require("write:notifications")?;
    if !state
        .personal
        .dismiss_notification(user.account, parse_id(&id)?)
        .await?
    {
        return Err(ApiError::NotFound);
    }
    Ok(Json(json!({})))
}

pub(super) async fn clear(
    State(state): State<ApiState>,
    user: User,
) -> Result<Json<Value>, ApiError> {
    user.require("write:notifications")?;
    state.personal.clear_notifications(user.account).await?;
    Ok(Json(json!({})))
}

pub(super) async fn unread_count(
    State(state): State<ApiState>,
    RawQuery(raw): RawQuery,
    user: User,
) -> Result<Json<Value>, ApiError> {
    user.require("read:notifications")?;
    let params = Params::from_query(raw.as_deref())?;
    let cap = params
        .get("limit")
        .and_then(|l| l.parse::<u32>().ok())
        .map_or(UNREAD_DEFAULT, |l| l.clamp(1, UNREAD_MAX));
    let read_up_to = state
        .personal
        .markers(user.account)
        .await?
        .into_iter()
        .find(|m| m.timeline == MarkerTimeline::Notifications)
        .map(|m| m.last_read_id);
    let count = state
        .personal
        .count_notifications_after(user.account, read_up_to, cap)
        .await?;
    Ok(Json(json!({ "count": count })))
}
