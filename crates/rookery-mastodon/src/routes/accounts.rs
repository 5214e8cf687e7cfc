//! `/api/v1/accounts/...`: the logged-in account, lookups, an account's statuses, follows.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use rookery_core::{AccountId, Handle};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::{MaybeUser, User};
use crate::entities::account::AccountJson;
use crate::entities::{render_account, render_status};
use crate::error::ApiError;
use crate::paging::{link_header, PageQuery};
use crate::state::ApiState;

pub(super) fn parse_id(id: &str) -> Result<AccountId, ApiError> {
    id.parse().map_err(|_| ApiError::NotFound)
}

pub(super) async fn verify_credentials(
    State(state): State<ApiState>,
    user: User,
) -> Result<Json<Value>, ApiError> {
    user.require("read:accounts")?;
    let account = state
        .services
        .repo()
        .account(user.account)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let rendered = render_account(&state, &account).await?;
    let mut value =
        serde_json::to_value(rendered).map_err(|e| ApiError::Unavailable(e.to_string()))?;
    value["source"] = json!({
        "privacy": "public", "sensitive": false, "language": null,
        "note": rookery_html::plain_text(&account.note), "fields": [], "follow_requests_count": 0,
    });
    Ok(Json(value))
}

pub(super) async fn show(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> Result<Json<AccountJson>, ApiError> {
    let account = state
        .services
        .repo()
        .account(parse_id(&id)?)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(render_account(&state, &account).await?))
}

#[derive(Debug, Deserialize)]
pub(super) struct LookupQuery {
    acct: Option<String>,
}

/// `acct` is `user` (local) or `user@domain`; remote accounts are resolved over
/// federation when unknown.
pub(super) async fn lookup(
    State(state): State<ApiState>,
    Query(query): Query<LookupQuery>,
) -> Result<Json<AccountJson>, ApiError> {
    let acct = query
        .acct
        .filter(|a| !a.trim().is_empty())
        .ok_or_else(|| ApiError::Invalid("acct is missing".into()))?;
    let acct = acct.trim().trim_start_matches('@');
    let account = if acct.contains('@') {
        let handle = Handle::parse(acct).map_err(|_| ApiError::NotFound)?;
        state.services.resolve_handle(&handle).await?
    } else {
        state
            .services
            .repo()
            .local_account_by_username(acct)
            .await?
    };
    let account = account.ok_or(ApiError::NotFound)?;
    Ok(Json(render_account(&state, &account).await?))
}

pub(super) async fn statuses(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
    viewer: MaybeUser,
) -> Result<(HeaderMap, Json<Vec<Value>>), ApiError> {
    let account = parse_id(&id)?;
    let viewer = viewer.0.map(|u| u.account);
    let notes = state
        .services
        .account_timeline(viewer, account, &query.page()?)
        .await?;
    let mut out = Vec::new();
    for note in &notes {
        out.push(
            serde_json::to_value(render_status(&state, note, viewer).await?)
                .map_err(|e| ApiError::Unavailable(e.to_string()))?,
        );
    }
    let ids: Vec<String> = notes.iter().map(|n| n.id.to_string()).collect();
    let url = format!(
        "{}/api/v1/accounts/{id}/statuses",
        state.instance.public_url
    );
    Ok((link_header(&url, &ids), Json(out)))
}

pub(super) async fn follow(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
) -> Result<Json<Value>, ApiError> {
    user.require("follow")
        .or_else(|_| user.require("write:follows"))?;
    let target = parse_id(&id)?;
    state.services.follow(user.account, target).await?;
    Ok(Json(
        super::relations::relationship(&state, user.account, target).await?,
    ))
}

pub(super) async fn unfollow(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
) -> Result<Json<Value>, ApiError> {
    user.require("follow")
        .or_else(|_| user.require("write:follows"))?;
    let target = parse_id(&id)?;
    state.services.unfollow(user.account, target).await?;
    Ok(Json(
        super::relations::relationship(&state, user.account, target).await?,
    ))
}
