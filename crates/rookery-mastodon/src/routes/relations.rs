//! Relationships between the logged-in account and others: relationships, followers and
//! following lists, blocks, mutes and follow requests.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use rookery_core::social::FollowState;
use rookery_core::{Account, AccountId};
use serde_json::{json, Value};

use super::accounts::parse_id;
use crate::auth::User;
use crate::entities::render_account;
use crate::error::ApiError;
use crate::paging::{link_header, PageQuery};
use crate::state::ApiState;

/// Mastodon's `Relationship` of `me` to `other`.
pub(super) async fn relationship(
    state: &ApiState,
    me: AccountId,
    other: AccountId,
) -> Result<Value, ApiError> {
    let repo = state.services.repo();
    let following = repo.follow_between(me, other).await?;
    let followed_by = repo.follow_between(other, me).await?;
    let mute = repo.mute_between(me, other).await?;
    let languages = match &following {
        Some(f) => state.follow_settings.follow_languages(f.id).await?,
        None => None,
    };
    Ok(json!({
        "id": other.to_string(),
        "following": following.as_ref().is_some_and(|f| f.state == FollowState::Accepted),
        "requested": following.as_ref().is_some_and(|f| f.state == FollowState::Pending),
        "followed_by": followed_by.as_ref().is_some_and(|f| f.state == FollowState::Accepted),
        "requested_by": followed_by.is_some_and(|f| f.state == FollowState::Pending),
        "showing_reblogs": following.as_ref().is_none_or(|f| f.show_reblogs),
        "notifying": following.as_ref().is_some_and(|f| f.notify),
        "languages": languages,
        "blocking": repo.block_between(me, other).await?,
        "blocked_by": repo.block_between(other, me).await?,
        "muting": mute.is_some(),
        "muting_notifications": mute.is_some_and(|m| m.notifications),
        "domain_blocking": false,
        "endorsed": false,
        "note": "",
    }))
}

/// `GET /api/v1/accounts/relationships?id[]=1&id[]=2`.
pub(super) async fn relationships(
    State(state): State<ApiState>,
    user: User,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Result<Json<Vec<Value>>, ApiError> {
    user.require("read:follows")?;
    // Repeated keys (`id[]=1&id[]=2`) are read by hand: serde's form decoder keeps one.
    let query: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let ids: Vec<String> = query
        .into_iter()
        .filter(|(k, _)| k == "id[]" || k == "id")
        .map(|(_, v)| v)
        .collect();
    let mut out = Vec::new();
    for id in ids {
        if let Ok(other) = id.parse::<AccountId>() {
            out.push(relationship(&state, user.account, other).await?);
        }
    }
    Ok(Json(out))
}

async fn account_list(
    state: &ApiState,
    accounts: Vec<Account>,
    path: &str,
) -> Result<(HeaderMap, Json<Vec<Value>>), ApiError> {
    let mut out = Vec::new();
    for account in &accounts {
        out.push(
            serde_json::to_value(render_account(state, account).await?)
                .map_err(|e| ApiError::Unavailable(e.to_string()))?,
        );
    }
    let ids: Vec<String> = accounts.iter().map(|a| a.id.to_string()).collect();
    let url = format!("{}{path}", state.instance.public_url);
    Ok((link_header(&url, &ids), Json(out)))
}

pub(super) async fn followers(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<(HeaderMap, Json<Vec<Value>>), ApiError> {
    let account = parse_id(&id)?;
    let list = state
        .services
        .repo()
        .followers(account, &query.page()?)
        .await?;
    account_list(&state, list, &format!("/api/v1/accounts/{id}/followers")).await
}

pub(super) async fn following(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<(HeaderMap, Json<Vec<Value>>), ApiError> {
    let account = parse_id(&id)?;
    let list = state
        .services
        .repo()
        .following(account, &query.page()?)
        .await?;
    account_list(&state, list, &format!("/api/v1/accounts/{id}/following")).await
}

pub(super) async fn follow_requests(
    State(state): State<ApiState>,
    Query(query): Query<PageQuery>,
    user: User,
) -> Result<(HeaderMap, Json<Vec<Value>>), ApiError> {
    user.require("read:follows")
        .or_else(|_| user.require("follow"))?;
    let list = state
        .services
        .repo()
        .follow_requests(user.account, &query.page()?)
        .await?;
    account_list(&state, list, "/api/v1/follow_requests").await
}

pub(super) async fn authorize(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
) -> Result<Json<Value>, ApiError> {
    user.require("write:follows")
        .or_else(|_| user.require("follow"))?;
    let follower = parse_id(&id)?;
    state
        .services
        .accept_follow_request(user.account, follower)
        .await?;
    Ok(Json(relationship(&state, user.account, follower).await?))
}

pub(super) async fn reject(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
) -> Result<Json<Value>, ApiError> {
    user.require("write:follows")
        .or_else(|_| user.require("follow"))?;
    let follower = parse_id(&id)?;
    state
        .services
        .reject_follower(user.account, follower)
        .await?;
    Ok(Json(relationship(&state, user.account, follower).await?))
}

/// Block, unblock, mute, unmute: `POST /api/v1/accounts/:id/{action}`.
pub(super) async fn act(
    State(state): State<ApiState>,
    Path((id, action)): Path<(String, String)>,
    user: User,
) -> Result<Json<Value>, ApiError> {
    let other = parse_id(&id)?;
    let services = &state.services;
    match action.as_str() {
        "block" | "unblock" => user
            .require("write:blocks")
            .or_else(|_| user.require("follow"))?,
        "mute" | "unmute" => user
            .require("write:mutes")
            .or_else(|_| user.require("follow"))?,
        _ => return Err(ApiError::NotFound),
    }
    match action.as_str() {
        "block" => services.block(user.account, other).await?,
        "unblock" => services.unblock(user.account, other).await?,
        "mute" => services.mute(user.account, other, true).await?,
        _ => services.unmute(user.account, other).await?,
    }
    Ok(Json(relationship(&state, user.account, other).await?))
}
