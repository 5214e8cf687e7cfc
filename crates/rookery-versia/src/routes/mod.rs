//! The Versia HTTP endpoints (versia.md §4): E1 `/.well-known/versia`, E2 instance
//! metadata, E3 entities, E4 collections, E5 the inbox and E6 instance messaging
//! (§10.4). The router carries its own state.

mod collections;
mod entities;
mod featured;
mod inbox;
mod interactions;
mod messaging;
mod meta;
mod note_interactions;
mod note_threads;
mod reactions;
mod respond;
mod visibility;

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;
use rookery_core::service::Services;

use crate::context::Versia;
use crate::paths::{
    INBOX_PATH, INSTANCE_PATH, LEGACY_MESSAGING_PATH, MESSAGING_PATH, WELL_KNOWN_PATH,
};

#[derive(Clone)]
pub(crate) struct RouteState {
    pub versia: Arc<Versia>,
    pub services: Arc<Services>,
}

/// Every Versia route, ready to merge into the server's router. Also starts the outbox
/// backfill, which needs the use cases too.
pub fn router(versia: Arc<Versia>, services: Arc<Services>) -> Router {
    crate::backfill::start(&versia, &services);
    Router::new()
        .route(WELL_KNOWN_PATH, get(meta::well_known))
        .route(INSTANCE_PATH, get(meta::instance))
        .route("/.versia/v0.6/entities/{*rest}", get(entities::get_entity))
        .route(INBOX_PATH, post(inbox::post_inbox))
        .route(MESSAGING_PATH, post(messaging::post_message))
        .route(LEGACY_MESSAGING_PATH, post(messaging::post_message))
        .with_state(RouteState { versia, services })
}
