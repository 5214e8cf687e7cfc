//! `GET /api/v1/statuses/:id/favourited_by` and `/reblogged_by`: the accounts that
//! favourited or reblogged a status (Mastodon's OpenAPI paths of those names), paged by
//! the favourite's or reblog's id with a `Link` header. A status the viewer may not see
//! is 404, as if it did not exist; public statuses need no token.

use axum::extract::{Path, Query, State};
use rookery_core::{AccountId, Note};

use super::listing::{account_values, listing, Listing};
use crate::auth::MaybeUser;
use crate::error::ApiError;
use crate::paging::PageQuery;
use crate::state::ApiState;

/// Which interaction's accounts to list.
#[derive(Clone, Copy)]
enum Kind {
    Favourites,
    Reblogs,
}

impl Kind {
    fn path(self) -> &'static str {
        match self {
            Kind::Favourites => "favourited_by",
            Kind::Reblogs => "reblogged_by",
        }
    }
}

pub(super) async fn favourited_by(
    state: State<ApiState>,
    id: Path<String>,
    query: Query<PageQuery>,
    viewer: MaybeUser,
) -> Result<Listing, ApiError> {
    list(state, id, query, viewer, Kind::Favourites).await
}

pub(super) async fn reblogged_by(
    state: State<ApiState>,
    id: Path<String>,
    query: Query<PageQuery>,
    viewer: MaybeUser,
) -> Result<Listing, ApiError> {
    list(state, id, query, viewer, Kind::Reblogs).await
}

async fn list(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
    viewer: MaybeUser,
    kind: Kind,
) -> Result<Listing, ApiError> {
    // The schema names `read:statuses`; Mastodon itself checks `read:accounts`. Either
    // (or `read`) is enough, and a request without a token is judged as anonymous.
    let viewer = match viewer.0 {
        Some(user) => {
            user.require("read:statuses")
                .or_else(|_| user.require("read:accounts"))?;
            Some(user.account)
        }
        None => None,
    };
    let note = visible_note(&state, &id, viewer).await?;
    let page = query.page()?;
    let entries = match kind {
        Kind::Favourites => state.status_accounts.favourited_by(note.id, &page).await?,
        Kind::Reblogs => state.status_accounts.reblogged_by(note.id, &page).await?,
    };
    let accounts: Vec<AccountId> = entries.iter().map(|e| e.target).collect();
    let page_ids: Vec<String> = entries.iter().map(|e| e.id.to_string()).collect();
    let items = account_values(&state, &accounts).await?;
    let path = format!("/api/v1/statuses/{}/{}", note.id, kind.path());
    Ok(listing(&state, &path, &page_ids, items))
}

/// The status `id`, or 404 when it is unknown or `viewer` may not see it.
async fn visible_note(
    state: &ApiState,
    id: &str,
    viewer: Option<AccountId>,
) -> Result<Note, ApiError> {
    let id = id.parse().map_err(|_| ApiError::NotFound)?;
    let note = state
        .services
        .repo()
        .note(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if state.services.may_view(viewer, &note).await? {
        Ok(note)
    } else {
        Err(ApiError::NotFound)
    }
}
