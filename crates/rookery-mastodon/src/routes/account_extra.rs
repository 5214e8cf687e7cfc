//! More of `/api/v1/accounts`: `search`, `familiar_followers`, and an account's
//! `featured_tags` and `lists` (rookery has neither yet, so both are empty).

use axum::extract::{Path, RawQuery, State};
use axum::Json;
use rookery_core::{AccountId, Handle};
use serde_json::{json, Value};

use super::accounts::parse_id;
use super::listing::account_values;
use super::params::Params;
use crate::auth::{MaybeUser, User};
use crate::error::ApiError;
use crate::state::ApiState;

/// Mastodon's default and largest `limit` of account search.
const SEARCH_DEFAULT: u32 = 40;
const SEARCH_MAX: u32 = 80;
/// Familiar followers shown per account (Mastodon shows a handful).
const FAMILIAR_MAX: u32 = 40;

/// `GET /api/v1/accounts/search?q=&limit=&resolve=&following=`: accounts whose
/// username starts with `q` (or whose display name contains it); `user@domain` looks on
/// that domain, and with `resolve=true` fetches an unknown account over federation.
pub(super) async fn search(
    State(state): State<ApiState>,
    RawQuery(raw): RawQuery,
    user: MaybeUser,
) -> Result<Json<Vec<Value>>, ApiError> {
    let params = Params::from_query(raw.as_deref())?;
    let me = match &user.0 {
        Some(user) => {
            user.require("read:accounts")?;
            Some(user.account)
        }
        None => None,
    };
    let q = params
        .get("q")
        .ok_or_else(|| ApiError::Invalid("q is missing".into()))?
        .trim_start_matches('@');
    let limit = params
        .get("limit")
        .and_then(|l| l.parse::<u32>().ok())
        .map_or(SEARCH_DEFAULT, |l| l.clamp(1, SEARCH_MAX));
    let following = params.flag("following");
    if following && me.is_none() {
        return Err(ApiError::Unauthorized);
    }
    let (name, domain) = match q.split_once('@') {
        Some((name, domain)) => (name, Some(domain)),
        None => (q, None),
    };
    let mut ids = state
        .directory
        .search_accounts(name, domain, me.filter(|_| following), limit)
        .await?;
    // Resolving over the network is for logged-in users only, as Mastodon does.
    if ids.is_empty() && params.flag("resolve") && me.is_some() && !following {
        if let Ok(handle) = Handle::parse(q) {
            if let Some(account) = state.services.resolve_handle(&handle).await? {
                ids.push(account.id);
            }
        }
    }
    Ok(Json(account_values(&state, &ids).await?))
}

/// `GET /api/v1/accounts/familiar_followers?id[]=1&id[]=2`: for each account, the
/// accounts the user follows that follow it too.
pub(super) async fn familiar_followers(
    State(state): State<ApiState>,
    RawQuery(raw): RawQuery,
    user: User,
) -> Result<Json<Vec<Value>>, ApiError> {
    user.require("read:follows")?;
    let params = Params::from_query(raw.as_deref())?;
    let mut out = Vec::new();
    for id in params.all("id") {
        // Ids that cannot exist have no familiar followers; Mastodon lists them empty.
        let accounts = match id.parse::<AccountId>() {
            Ok(of) => {
                let ids = state
                    .directory
                    .familiar_followers(user.account, of, FAMILIAR_MAX)
                    .await?;
                account_values(&state, &ids).await?
            }
            Err(_) => Vec::new(),
        };
        out.push(json!({"id": id, "accounts": accounts}));
    }
    Ok(Json(out))
}

async fn known(state: &ApiState, id: &str) -> Result<(), ApiError> {
    state
        .services
        .repo()
        .account(parse_id(id)?)
        .await?
        .map(|_| ())
        .ok_or(ApiError::NotFound)
}

/// `GET /api/v1/accounts/:id/featured_tags`: none (featured tags are not kept yet).
pub(super) async fn featured_tags(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<Value>>, ApiError> {
    known(&state, &id).await?;
    Ok(Json(Vec::new()))
}

/// `GET /api/v1/accounts/:id/lists`: the user's lists containing the account; none,
/// since lists are not kept yet.
pub(super) async fn lists(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    user: User,
) -> Result<Json<Vec<Value>>, ApiError> {
    user.require("read:lists")?;
    known(&state, &id).await?;
    Ok(Json(Vec::new()))
}
