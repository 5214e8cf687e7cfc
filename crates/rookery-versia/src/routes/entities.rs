//! E3 `GET /.versia/v0.6/entities/{type}/{id}` (versia.md §4): our own Users and Notes,
//! and our Likes and Shares via [`super::interactions`], only (404 for anything else,
//! cached remote entities included), as signed responses.
//! Collections under the same prefix go to [`super::collections`].

use axum::extract::{OriginalUri, State};
use axum::http::HeaderMap;
use axum::response::Response;
use rookery_core::AccountId;

use super::collections::get_collection;
use super::interactions::{interaction, is_interaction};
use super::respond::{not_found, rejected, signed};
use super::visibility::{may_fetch, requester};
use super::RouteState;
use crate::inbox::Rejection;
use crate::mapping::{local_note, local_note_by_id, local_user};
use crate::paths::EntityPath;

pub(super) async fn get_entity(
    State(state): State<RouteState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path();
    let Some(parsed) = EntityPath::parse(path) else {
        return not_found();
    };
    let requester = match requester(&state.versia, path, &headers).await {
        Ok(requester) => requester,
        Err(rejection) => return rejected(&rejection),
    };
    let result = match parsed {
        EntityPath::Entity { entity_type, id } => {
            entity(&state, path, &entity_type, &id, requester.as_deref()).await
        }
        EntityPath::Collection {
            entity_type,
            id,
            collection,
        } => {
            get_collection(
                &state,
                path,
                uri.query(),
                (&entity_type, &id, &collection),
                requester.as_deref(),
            )
            .await
        }
    };
    result.unwrap_or_else(|rejection| rejected(&rejection))
}

async fn entity(
    state: &RouteState,
    path: &str,
    entity_type: &str,
    id: &str,
    requester: Option<&str>,
) -> Result<Response, Rejection> {
    if is_interaction(entity_type) {
        return interaction(state, path, entity_type, id, requester).await;
    }
    let versia = &state.versia;
    let Ok(number) = id.parse::<i64>() else {
        return Ok(not_found());
    };
    match entity_type {
        "User" => match versia.repo.account(AccountId::from_i64(number)).await? {
            Some(account) if account.is_local() => Ok(signed(
                versia,
                "get",
                path,
                &crate::mapping::with_user_emojis(versia, &account, local_user(&account)),
            )),
            _ => Ok(not_found()),
        },
        "Note" => {
            let Some((note, author)) = local_note_by_id(versia, number).await? else {
                return Ok(not_found());
            };
            if !may_fetch(versia, requester, &note, &author).await? {
                return Ok(not_found());
            }
            let context = state.services.note_context(note).await?;
            match local_note(versia, &context) {
                Some(entity) => Ok(signed(versia, "get", path, &entity)),
                None => Ok(not_found()),
            }
        }
        _ => Ok(not_found()),
    }
}
