//! `GET /api/v2/search`: accounts by handle, resolved over federation with
//! `resolve=true` (either protocol, as the instance prefers).

use axum::extract::{Query, State};
use axum::Json;
use rookery_core::Handle;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::MaybeUser;
use crate::entities::render_account;
use crate::error::ApiError;
use crate::state::ApiState;

#[derive(Debug, Deserialize)]
pub(super) struct SearchQuery {
    q: Option<String>,
    resolve: Option<String>,
}

pub(super) async fn search(
    State(state): State<ApiState>,
    Query(query): Query<SearchQuery>,
    user: MaybeUser,
) -> Result<Json<Value>, ApiError> {
    if let Some(user) = &user.0 {
        user.require("read:search")?;
    }
    let q = query
        .q
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| ApiError::Invalid("q is missing".into()))?;
    let q = q.trim().trim_start_matches('@');
    let resolve = matches!(query.resolve.as_deref(), Some("true" | "1"));
    let mut accounts = Vec::new();
    let repo = state.services.repo();
    let found = match q.split_once('@') {
        // Resolving over the network is for logged-in users only (as Mastodon does).
        Some(_) if resolve && user.0.is_some() => match Handle::parse(q) {
            Ok(handle) => state.services.resolve_handle(&handle).await?,
            Err(_) => None,
        },
        Some((name, domain)) => repo.remote_account_by_handle(name, domain).await?,
        None => repo.local_account_by_username(q).await?,
    };
    if let Some(account) = found {
        accounts.push(render_account(&state, &account).await?);
    }
    Ok(Json(
        json!({"accounts": accounts, "statuses": [], "hashtags": []}),
    ))
}
