//! `/api/v1/accounts/...`: the logged-in account, lookups, follows (an account's
//! statuses are in `account_statuses.rs`).

use axum::body::Bytes;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;
use rookery_core::{AccountId, Handle};
use serde::Deserialize;
use serde_json::Value;

use crate::auth::User;
use crate::entities::account::AccountJson;
use crate::entities::render_account;
use crate::error::ApiError;
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
    Ok(Json(
        super::credentials::credential_account(&state, &account).await?,
    ))
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

pub(super) async fn follow(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    user.require("follow")
        .or_else(|_| user.require("write:follows"))?;
    let target = parse_id(&id)?;
    let params = super::params::Params::from_request(raw.as_deref(), &headers, &body)?;
    let options = super::follow_options::requested(&params)?;
    let follow = state.services.follow(user.account, target).await?;
    super::follow_options::apply(&state, &follow, options).await?;
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
