//! `GET /api/v1/bookmarks` and `GET /api/v1/favourites`: the account's saved and liked
//! statuses, paged by when they were saved or liked (Mastodon pages by the record's id).

use axum::extract::{Query, State};

use super::listing::{listing, status_values, visible_notes, Listing};
use crate::auth::User;
use crate::error::ApiError;
use crate::paging::PageQuery;
use crate::state::ApiState;

pub(super) async fn bookmarks(
    State(state): State<ApiState>,
    Query(query): Query<PageQuery>,
    user: User,
) -> Result<Listing, ApiError> {
    user.require("read:bookmarks")?;
    let entries = state
        .personal
        .bookmarks(user.account, &query.page()?)
        .await?;
    let ids: Vec<_> = entries.iter().map(|e| e.target).collect();
    let notes = visible_notes(&state, user.account, &ids).await?;
    let items = status_values(&state, &notes, Some(user.account)).await?;
    let page_ids: Vec<String> = entries.iter().map(|e| e.id.to_string()).collect();
    Ok(listing(&state, "/api/v1/bookmarks", &page_ids, items))
}

pub(super) async fn favourites(
    State(state): State<ApiState>,
    Query(query): Query<PageQuery>,
    user: User,
) -> Result<Listing, ApiError> {
    user.require("read:favourites")?;
    let entries = state
        .personal
        .favourites(user.account, &query.page()?)
        .await?;
    let ids: Vec<_> = entries.iter().map(|e| e.target).collect();
    let notes = visible_notes(&state, user.account, &ids).await?;
    let items = status_values(&state, &notes, Some(user.account)).await?;
    let page_ids: Vec<String> = entries.iter().map(|e| e.id.to_string()).collect();
    Ok(listing(&state, "/api/v1/favourites", &page_ids, items))
}
