//! The ActivityPub routes: actors, notes and collections (JSON for servers; browsers on
//! the same URL are sent to the web page, activitypub.md §2.2), and the inboxes.

use std::sync::Arc;

use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use rookery_core::service::Services;
use rookery_core::{Account, Note, NoteId, Page};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::adapter::ActivityPub;
use crate::authorized;
use crate::documents::{self, NoteParts};
use crate::error::ApError;
use crate::inbox;
use crate::wire::Context;

/// What every ActivityPub handler shares.
#[derive(Clone)]
pub struct ApState {
    pub ap: Arc<ActivityPub>,
    pub services: Arc<Services>,
}

/// The routes; also starts the outbox backfill, which needs the use cases too.
pub fn router(ap: Arc<ActivityPub>, services: Arc<Services>) -> Router {
    crate::backfill::start(&ap, &services);
    Router::new()
        .route("/inbox", post(inbox::shared))
        .route("/actor/inbox", post(inbox::instance))
        .route("/users/{username}/inbox", post(inbox::personal))
        .route("/actor", get(instance_actor))
        .route("/users/{username}", get(actor))
        .route("/users/{username}/{collection}", get(collection))
        .route("/notes/{id}", get(note))
        .route("/notes/{id}/replies", get(crate::replies::replies))
        .with_state(ApState { ap, services })
}

/// The inbox processor's ActivityPub applier, over the same state as the routes.
pub fn inbox_applier(
    ap: Arc<ActivityPub>,
    services: Arc<Services>,
) -> Arc<dyn rookery_core::ports::InboxApplier> {
    Arc::new(crate::inbox_apply::ApInboxApplier::new(ApState {
        ap,
        services,
    }))
}

/// Whether the client asked for ActivityPub JSON rather than a page (§2.2: activity+json,
/// ld+json with or without profile, and plain JSON all count).
pub fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| {
            [
                "application/activity+json",
                "application/ld+json",
                "application/json",
            ]
            .iter()
            .any(|t| accept.contains(t))
        })
}

pub(crate) fn activity_json(value: &Value) -> Response {
    let mut response = value.to_string().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/activity+json; charset=utf-8"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

/// Browsers asking for an actor or note id are sent to its web page (rookery-web), which
/// links the JSON back with `<link rel="alternate">` (§2.2).
fn to_web_page(path: String) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, path)]).into_response();
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

async fn local(state: &ApState, username: &str) -> Result<Account, ApError> {
    state
        .ap
        .repo
        .local_account_by_username(username)
        .await?
        .ok_or(ApError::NotFound)
}

async fn instance_actor(State(state): State<ApState>) -> Result<Response, ApError> {
    let pem = state
        .ap
        .keys
        .instance()
        .public_key_pem()
        .map_err(|e| ApError::BadRequest(e.to_string()))?;
    let document = documents::instance_actor(&state.ap.urls, &state.ap.config.domain, &pem);
    Ok(activity_json(&document))
}

async fn actor(
    State(state): State<ApState>,
    Path(username): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Result<Response, ApError> {
    if wants_json(&headers) {
        authorized::check(&state, &uri, &headers).await?;
    }
    let account = local(&state, &username).await?;
    if !wants_json(&headers) {
        return Ok(to_web_page(format!("/@{}", account.username)));
    }
    let document = state.ap.actor_document(&account).await?;
    Ok(activity_json(&document))
}

async fn note(
    State(state): State<ApState>,
    Path(id): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Result<Response, ApError> {
    let id: NoteId = id.parse().map_err(|_| ApError::NotFound)?;
    if wants_json(&headers) {
        authorized::check(&state, &uri, &headers).await?;
    }
    let Some(note) = state.ap.repo.note(id).await? else {
        return gone_or_not_found(&state, id).await;
    };
    // Without knowing who asks, only world-readable notes are served (a signed GET
    // from a follower's server could see more; not yet).
    if note.uri.is_some() || !note.visibility.is_world_readable() {
        return Err(ApError::NotFound);
    }
    let context = state.services.note_context(note).await?;
    if !wants_json(&headers) {
        let path = format!("/@{}/{}", context.author.username, context.note.id);
        return Ok(to_web_page(path));
    }
    let parts = NoteParts {
        note: &context.note,
        author: &context.author,
        mentioned: &context.mentioned,
        in_reply_to: context
            .in_reply_to
            .as_ref()
            .map(|(parent, _)| documents::note_uri(&state.ap.urls, parent)),
        local_domain: &state.ap.config.domain,
        local_emojis: &state.ap.local_emojis,
    };
    let mut object = documents::note(&state.ap.urls, &parts);
    if let Some(poll) = &context.poll {
        crate::polls::make_question(&mut object, poll, crate::actors::now());
    }
    // Once it has replies, the collection with its first page (§5.3, §7).
    let replies = crate::replies::visible_replies(&state, id).await?;
    if !replies.is_empty() {
        object["replies"] = crate::replies::collection(&state.ap.urls, id, &replies);
    }
    object["@context"] = documents::context(Context::note());
    Ok(activity_json(&object))
}

#[derive(Debug, Deserialize)]
struct PageQuery {
    page: Option<String>,
    max_id: Option<String>,
}

/// A local note that is not there: 410 Gone with a Tombstone if it was deleted (not
/// 404: peers drop their copies and reply links only on 410, activitypub.md §5.9).
async fn gone_or_not_found(state: &ApState, id: NoteId) -> Result<Response, ApError> {
    let deleted = state
        .ap
        .repo
        .tombstone(&Note::local_tombstone_key(id))
        .await?
        .ok_or(ApError::NotFound)?;
    let document = documents::tombstone_document(&state.ap.urls.note(id), deleted);
    let mut response = activity_json(&document);
    *response.status_mut() = StatusCode::GONE;
    Ok(response)
}

/// Followers, following, outbox and featured as `OrderedCollection`s with pages (§7).
async fn collection(
    State(state): State<ApState>,
    Path((username, name)): Path<(String, String)>,
    Query(query): Query<PageQuery>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Result<Response, ApError> {
    authorized::check(&state, &uri, &headers).await?;
    let account = local(&state, &username).await?;
    let id = state.ap.urls.collection(&account.username, &name);
    let repo = &state.ap.repo;
    let (total, items): (u64, Option<Vec<Value>>) = match name.as_str() {
        "followers" | "following" => {
            let (followers, following) = repo.follow_counts(account.id).await?;
            let total = if name == "followers" {
                followers
            } else {
                following
            };
            let items = if query.page.is_some() {
                let page = Page::from_query(query.max_id.as_deref(), None, None, Some("40"))
                    .map_err(|e| ApError::BadRequest(e.to_string()))?;
                let accounts = if name == "followers" {
                    repo.followers(account.id, &page).await?
                } else {
                    repo.following(account.id, &page).await?
                };
                Some(
                    accounts
                        .iter()
                        .map(|a| json!(documents::account_uri(&state.ap.urls, a)))
                        .collect(),
                )
            } else {
                None
            };
            (total, items)
        }
        "outbox" => {
            let total = repo.count_notes_by(account.id).await?;
            let items = if query.page.is_some() {
                let page = Page::from_query(query.max_id.as_deref(), None, None, Some("20"))
                    .map_err(|e| ApError::BadRequest(e.to_string()))?;
                let notes = state
                    .services
                    .account_timeline(None, account.id, &page)
                    .await?;
                let mut items = Vec::new();
                for note in notes {
                    let context = state.services.note_context(note).await?;
                    let parts = NoteParts {
                        note: &context.note,
                        author: &context.author,
                        mentioned: &context.mentioned,
                        in_reply_to: context
                            .in_reply_to
                            .as_ref()
                            .map(|(p, _)| documents::note_uri(&state.ap.urls, p)),
                        local_domain: &state.ap.config.domain,
                        local_emojis: &state.ap.local_emojis,
                    };
                    let object = documents::note(&state.ap.urls, &parts);
                    items.push(json!({
                        "id": state.ap.urls.activity(&documents::note_uri(&state.ap.urls, &context.note), "create"),
                        "type": "Create",
                        "actor": state.ap.urls.actor(&account.username),
                        "published": context.note.created_at.to_rfc3339(),
                        "to": object["to"].clone(),
                        "cc": object["cc"].clone(),
                        "object": object,
                    }));
                }
                Some(items)
            } else {
                None
            };
            (total, items)
        }
        "featured" => {
            let items = crate::featured::items(&state, &account).await?;
            (items.len() as u64, Some(items))
        }
        _ => return Err(ApError::NotFound),
    };
    let document = match items {
        Some(items) if name != "featured" => {
            let next = items.last().and_then(|last| {
                let last_id = last
                    .get("object")
                    .and_then(|o| o.get("id"))
                    .or(Some(last))
                    .and_then(Value::as_str)?;
                let n = last_id.rsplit('/').next()?.to_owned();
                Some(format!("{id}?page=true&max_id={n}"))
            });
            json!({
                "@context": documents::context(Context::activitystreams()),
                "id": format!("{id}?page=true"),
                "type": "OrderedCollectionPage",
                "partOf": id,
                "totalItems": total,
                "orderedItems": items,
                "next": if name == "outbox" { next } else { None },
            })
        }
        Some(items) => json!({
            "@context": documents::context(Context::activitystreams()),
            "id": id,
            "type": "OrderedCollection",
            "totalItems": total,
            "orderedItems": items,
        }),
        None => json!({
            "@context": documents::context(Context::activitystreams()),
            "id": id,
            "type": "OrderedCollection",
            "totalItems": total,
            "first": format!("{id}?page=true"),
        }),
    };
    Ok(activity_json(&document))
}
