//! The account's own lists: `GET /api/v1/blocks`, `GET /api/v1/mutes`, and
//! `GET/POST/DELETE /api/v1/domain_blocks` (per-user domain blocks, `domain` parameter).

use axum::body::Bytes;
use axum::extract::{Query, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::Json;
use rookery_core::Domain;
use serde_json::{json, Value};

use super::listing::{account_values, listing, Listing};
use super::params::Params;
use crate::auth::User;
use crate::error::ApiError;
use crate::paging::PageQuery;
use crate::state::ApiState;

/// Mastodon's default and largest page of domain blocks.
const DOMAIN_PAGE: u32 = 100;
const DOMAIN_PAGE_MAX: u32 = 200;

pub(super) async fn blocks(
    State(state): State<ApiState>,
    Query(query): Query<PageQuery>,
    user: User,
) -> Result<Listing, ApiError> {
    user.require("read:blocks")
        .or_else(|_| user.require("follow"))?;
    let ids = state
        .personal
        .blocked_accounts(user.account, &query.page()?)
        .await?;
    let items = account_values(&state, &ids).await?;
    let page_ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    Ok(listing(&state, "/api/v1/blocks", &page_ids, items))
}

pub(super) async fn mutes(
    State(state): State<ApiState>,
    Query(query): Query<PageQuery>,
    user: User,
) -> Result<Listing, ApiError> {
    user.require("read:mutes")
        .or_else(|_| user.require("follow"))?;
    let ids = state
        .personal
        .muted_accounts(user.account, &query.page()?)
        .await?;
    let items = account_values(&state, &ids).await?;
    let page_ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    Ok(listing(&state, "/api/v1/mutes", &page_ids, items))
}

/// The blocked domains as strings, alphabetically; `limit` (1..=200, default 100) and
/// `max_id`, read here as "after this domain", page them. Domain blocks carry no id of
/// their own, so the `next` link names the last domain; clients follow links as given.
pub(super) async fn list_domains(
    State(state): State<ApiState>,
    RawQuery(raw): RawQuery,
    user: User,
) -> Result<(HeaderMap, Json<Vec<String>>), ApiError> {
    user.require("read:blocks")
        .or_else(|_| user.require("follow"))?;
    let params = Params::from_query(raw.as_deref())?;
    let limit = params
        .get("limit")
        .and_then(|l| l.parse::<u32>().ok())
        .map_or(DOMAIN_PAGE, |l| l.clamp(1, DOMAIN_PAGE_MAX));
    let domains = state
        .personal
        .blocked_domains(user.account, params.get("max_id"), limit)
        .await?;
    let names: Vec<String> = domains.iter().map(|d| d.to_string()).collect();
    let mut headers = HeaderMap::new();
    if let Some(last) = names.last().filter(|_| names.len() == limit as usize) {
        let link = format!(
            "<{}/api/v1/domain_blocks?max_id={last}&limit={limit}>; rel=\"next\"",
            state.instance.public_url
        );
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers.insert("link", value);
        }
    }
    Ok((headers, Json(names)))
}

fn domain_param(params: &Params) -> Result<Domain, ApiError> {
    let raw = params
        .get("domain")
        .ok_or_else(|| ApiError::Invalid("domain is missing".into()))?;
    Domain::parse(raw).map_err(|e| ApiError::Invalid(e.to_string()))
}

pub(super) async fn block_domain(
    State(state): State<ApiState>,
    RawQuery(raw): RawQuery,
    user: User,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    user.require("write:blocks")
        .or_else(|_| user.require("follow"))?;
    let domain = domain_param(&Params::from_request(raw.as_deref(), &headers, &body)?)?;
    if &domain == state.services.local_domain() {
        return Err(ApiError::Invalid(
            "domain cannot be this server's own".into(),
        ));
    }
    state
        .personal
        .block_domain(user.account, &domain, state.services.now())
        .await?;
    Ok(Json(json!({})))
}

pub(super) async fn unblock_domain(
    State(state): State<ApiState>,
    RawQuery(raw): RawQuery,
    user: User,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    user.require("write:blocks")
        .or_else(|_| user.require("follow"))?;
    let domain = domain_param(&Params::from_request(raw.as_deref(), &headers, &body)?)?;
    state.personal.unblock_domain(user.account, &domain).await?;
    Ok(Json(json!({})))
}
