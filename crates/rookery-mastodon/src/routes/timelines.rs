//! `/api/v1/timelines/home`, `/public` and `/tag/{hashtag}`.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use rookery_core::{AccountId, Note};
use serde::Deserialize;

use crate::auth::{MaybeUser, User};
use crate::entities::status::{render_statuses, StatusJson};
use crate::error::ApiError;
use crate::paging::{link_header, PageQuery};
use crate::state::ApiState;

/// A page of statuses with its `Link` header. The entities are serialized straight to
/// the body, not through `serde_json::Value` trees first (half the work for a page).
pub(super) async fn statuses(
    state: &ApiState,
    notes: &[Note],
    viewer: Option<AccountId>,
    path: &str,
) -> Result<(HeaderMap, Json<Vec<StatusJson>>), ApiError> {
    let out = render_statuses(state, notes, viewer).await?;
    let ids: Vec<String> = notes.iter().map(|n| n.id.to_string()).collect();
    let url = format!("{}{path}", state.instance.public_url);
    Ok((link_header(&url, &ids), Json(out)))
}

pub(super) async fn home(
    State(state): State<ApiState>,
    Query(query): Query<PageQuery>,
    user: User,
) -> Result<(HeaderMap, Json<Vec<StatusJson>>), ApiError> {
    user.require("read:statuses")?;
    let notes = state
        .services
        .home_timeline(user.account, &query.page()?)
        .await?;
    statuses(&state, &notes, Some(user.account), "/api/v1/timelines/home").await
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct PublicQuery {
    #[serde(default)]
    local: Option<String>,
    #[serde(flatten)]
    page: PageQuery,
}

pub(super) async fn public(
    State(state): State<ApiState>,
    Query(query): Query<PublicQuery>,
    viewer: MaybeUser,
) -> Result<(HeaderMap, Json<Vec<StatusJson>>), ApiError> {
    let local = matches!(query.local.as_deref(), Some("true" | "1"));
    let viewer = viewer.0.map(|u| u.account);
    let notes = state
        .services
        .public_timeline(viewer, local, &query.page.page()?)
        .await?;
    statuses(&state, &notes, viewer, "/api/v1/timelines/public").await
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct TagQuery {
    #[serde(flatten)]
    page: PageQuery,
}

/// Public notes with the hashtag, newest first, Mastodon paging.
pub(super) async fn tag(
    State(state): State<ApiState>,
    Path(hashtag): Path<String>,
    Query(query): Query<TagQuery>,
    viewer: MaybeUser,
) -> Result<(HeaderMap, Json<Vec<StatusJson>>), ApiError> {
    let viewer = viewer.0.map(|u| u.account);
    let notes = state
        .services
        .tag_timeline(viewer, &hashtag, &query.page.page()?)
        .await?;
    // The Link header repeats the tag: keep only word characters in it.
    let name: String = hashtag
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let path = format!("/api/v1/timelines/tag/{name}");
    statuses(&state, &notes, viewer, &path).await
}
